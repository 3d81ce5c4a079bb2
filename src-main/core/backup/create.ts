import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupInfo } from '../../contract/backup';
import type { Sqlite } from '../db/open';
import { backupFileName, fsyncFile, fsyncFolder, listBackups, parseBackupFileName, removeIfExists, renameWithRetry, sidecars, type BackupKind } from './files';

/** How many daily backups are kept. */
export const KEEP_AUTO_BACKUPS = 14;
/** A daily backup is due when the newest one is older than this (not 24 h, so opening the shop a bit earlier each day still gets one). */
export const DAILY_BACKUP_AGE_MS = 20 * 60 * 60 * 1000;

/**
 * Copy the live database with SQLite's online backup API (consistent even while the app
 * writes, WAL content included) into a self-contained file: written under a temporary name,
 * switched out of WAL mode, flushed to disk, then renamed into place.
 */
export async function writeDatabaseCopy(db: Sqlite, target: string): Promise<void> {
  const partial = `${target}.partial`;
  for (const f of [partial, ...sidecars(partial)]) removeIfExists(f);
  try {
    await db.backup(partial);
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fsyncFile(partial);
    renameWithRetry(partial, target);
    fsyncFolder(path.dirname(target));
  } catch (error) {
    for (const f of [partial, ...sidecars(partial)]) removeIfExists(f);
    throw error;
  }
}

/** A backup into the backups folder under a time-stamped name. */
export async function createBackup(db: Sqlite, folder: string, kind: BackupKind, now: Date): Promise<BackupInfo> {
  fs.mkdirSync(folder, { recursive: true });
  let fileName = backupFileName(kind, now);
  for (let attempt = 1; fs.existsSync(path.join(folder, fileName)); attempt++) fileName = backupFileName(kind, now, attempt);
  const target = path.join(folder, fileName);
  await writeDatabaseCopy(db, target);
  return { fileName, path: target, kind, createdAt: parseBackupFileName(fileName)!.createdAt, sizeBytes: fs.statSync(target).size };
}

/** Keep the newest KEEP_AUTO_BACKUPS daily backups; manual and pre-restore copies are the user's and stay. */
export function rotateBackups(folder: string, keep = KEEP_AUTO_BACKUPS): string[] {
  const removed: string[] = [];
  for (const old of listBackups(folder).filter((b) => b.kind === 'auto').slice(keep)) {
    fs.rmSync(old.path, { force: true });
    removed.push(old.path);
  }
  return removed;
}

/** The daily backup: made when the last one is old enough, then the folder is rotated. Returns null when none was due. */
export async function runDailyBackup(db: Sqlite, folder: string, now: Date): Promise<BackupInfo | null> {
  const last = listBackups(folder).find((b) => b.kind === 'auto');
  if (last && now.getTime() - Date.parse(last.createdAt) < DAILY_BACKUP_AGE_MS && Date.parse(last.createdAt) <= now.getTime()) return null;
  const made = await createBackup(db, folder, 'auto', now);
  rotateBackups(folder);
  return made;
}
