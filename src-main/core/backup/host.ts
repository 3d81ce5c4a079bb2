import path from 'node:path';
import type { Sqlite } from '../db/open';
import { backupsFolderFor } from './files';

/**
 * What only the process that owns the core can do for a restore: close it and open a new
 * one on the same file. The Electron shell registers this for its core's connection; without
 * it (browser shell, tests that do not need it) backups work and restore is refused.
 */
export interface BackupHost {
  backupsFolder: string;
  /** drizzle journal `when` of the newest migration shipped with this app. */
  latestMigrationAt?: number;
  /** Stop the core (sync included) and close its database. */
  close(): Promise<void>;
  /** Open a new core on the same file (migrated, sync started). Rejects when it cannot. */
  reopen(): Promise<void>;
}

const hosts = new WeakMap<Sqlite, BackupHost>();

export function setBackupHost(db: Sqlite, host: BackupHost): void {
  hosts.set(db, host);
}

export function backupHostFor(db: Sqlite): BackupHost | undefined {
  return hosts.get(db);
}

/** Where this connection's database and backups live. In-memory databases have neither. */
export function backupPaths(db: Sqlite): { databaseFile: string; backupsFolder: string } | null {
  if (!db.name || db.name === ':memory:' || db.memory) return null;
  const databaseFile = path.resolve(db.name);
  return { databaseFile, backupsFolder: hosts.get(db)?.backupsFolder ?? backupsFolderFor(databaseFile) };
}
