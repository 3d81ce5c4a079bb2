import fs from 'node:fs';
import type { Diagnostics } from '../../contract/backup';
import type { LedgerContext } from '../ledger/context';
import { listBackups } from './files';

/** Facts for a support request. No names, amounts or phone numbers: counts and versions only. */
export function readDiagnostics(ctx: LedgerContext, paths: { databaseFile: string; backupsFolder: string }): Diagnostics {
  const count = (sql: string) => (ctx.db.prepare(sql).get() as { n: number }).n;
  const sizeOf = (f: string) => fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0;
  const backups = listBackups(paths.backupsFolder);
  return {
    platform: `${process.platform}-${process.arch}`,
    nodeVersion: process.versions.node,
    sqliteVersion: (ctx.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    deviceId: ctx.deviceId(),
    businessId: ctx.businessId(),
    databaseFile: paths.databaseFile,
    databaseSizeBytes: sizeOf(paths.databaseFile) + sizeOf(`${paths.databaseFile}-wal`),
    backupsFolder: paths.backupsFolder,
    lastBackupAt: backups[0]?.createdAt ?? null,
    backupCount: backups.length,
    migrations: count('SELECT count(*) AS n FROM __drizzle_migrations'),
    partyCount: count('SELECT (SELECT count(*) FROM customers WHERE deleted_at IS NULL) + (SELECT count(*) FROM suppliers WHERE deleted_at IS NULL) AS n'),
    entryCount: count('SELECT count(*) AS n FROM transactions WHERE deleted_at IS NULL'),
    pendingSyncOps: count('SELECT count(*) AS n FROM outbox'),
    syncProblems: count('SELECT count(*) AS n FROM sync_problems WHERE dismissed_at IS NULL'),
  };
}
