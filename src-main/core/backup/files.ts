import fs from 'node:fs';
import path from 'node:path';
import type { BackupInfo } from '../../contract/backup';

export type BackupKind = BackupInfo['kind'];

const NAME = /^lenden-(auto|manual|replaced)-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-\d+)?\.db$/;

/** The backups folder sits next to the database (userData/backups in the app). */
export const backupsFolderFor = (databaseFile: string): string => path.join(path.dirname(databaseFile), 'backups');

/** A name that sorts by time and says what made it: lenden-auto-2026-11-25T10-00-00-000Z.db */
export function backupFileName(kind: BackupKind, at: Date, attempt = 0): string {
  const stamp = at.toISOString().replace(/:/g, '-').replace('.', '-');
  return `lenden-${kind}-${stamp}${attempt ? `-${attempt}` : ''}.db`;
}

export function parseBackupFileName(name: string): { kind: BackupKind; createdAt: string } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return { kind: m[1] as BackupKind, createdAt: `${m[2]}T${m[3]}:${m[4]}:${m[5]}.${m[6]}Z` };
}

/** Backups in the folder, newest first. Files that are not ours (or half-written) are ignored. */
export function listBackups(folder: string): BackupInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const backups: BackupInfo[] = [];
  for (const fileName of names) {
    const parsed = parseBackupFileName(fileName);
    if (!parsed) continue;
    const full = path.join(folder, fileName);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    backups.push({ fileName, path: full, kind: parsed.kind, createdAt: parsed.createdAt, sizeBytes: stat.size });
  }
  return backups.sort((a, b) => (a.createdAt === b.createdAt ? b.fileName.localeCompare(a.fileName) : b.createdAt.localeCompare(a.createdAt)));
}

/** Flush a file's bytes to the disk, so a rename that follows never exposes a half-written file after a power cut. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flush a folder entry (the rename itself). Windows cannot open folders this way; NTFS journals renames anyway. */
export function fsyncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on Windows: nothing more to do there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Rename, retrying briefly: on Windows an antivirus scan can hold a fresh file for a moment. */
export function renameWithRetry(from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 10 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 * (attempt + 1));
    }
  }
}

export function removeIfExists(file: string): void {
  fs.rmSync(file, { force: true });
}

/** The files SQLite keeps beside a WAL database. A stale WAL next to a swapped-in file would corrupt it. */
export const sidecars = (file: string): string[] => [`${file}-wal`, `${file}-shm`, `${file}-journal`];
