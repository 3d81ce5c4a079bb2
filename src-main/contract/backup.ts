import { z } from 'zod';
import { method } from './define';
import { emptyInput } from './primitives';

/** One backup file in the backups folder. */
export interface BackupInfo {
  fileName: string;
  path: string;
  /** auto: the daily backup; manual: made from the menu or Settings; replaced: the database a restore replaced. */
  kind: 'auto' | 'manual' | 'replaced';
  /** ISO timestamp the backup was taken. */
  createdAt: string;
  sizeBytes: number;
}

/** What a backup file holds, checked before a restore is offered. */
export interface BackupCheck {
  path: string;
  businessId: string;
  businessName: string | null;
  /** True when the file belongs to another business than the one open now: restoring needs an explicit confirmation. */
  otherBusiness: boolean;
  partyCount: number;
  entryCount: number;
  /** Newest write recorded in the file (audit log), if any. */
  lastChangeAt: string | null;
  sizeBytes: number;
  /**
   * Changes on this computer that the backup does not have and that have not reached the sync
   * server. With sync they are sent again after the restore (`resend`); without sync they are
   * not in the restored data (they stay in the copy of the replaced database).
   */
  unsentChanges?: { count: number; resend: boolean };
}

export interface RestoreResult {
  restoredFrom: string;
  /** Copy of the database that the restore replaced, kept in the backups folder. */
  replacedCopy: string;
  businessId: string;
  businessName: string | null;
  /** Unsent changes of the replaced database put back in the queue (sync on). */
  resent: number;
  /** Changes of the replaced database not in the backup and not synced (sync off): kept only in the replaced copy. */
  setAside: number;
}

export interface Diagnostics {
  platform: string;
  nodeVersion: string;
  sqliteVersion: string;
  deviceId: string;
  businessId: string;
  databaseFile: string;
  databaseSizeBytes: number;
  backupsFolder: string;
  lastBackupAt: string | null;
  backupCount: number;
  migrations: number;
  partyCount: number;
  entryCount: number;
  pendingSyncOps: number;
  syncProblems: number;
}

/**
 * An absolute path to a file, from the shell's save/open dialog: POSIX (/...), Windows drive
 * (C:\...) or UNC (\\server\share\...). No relative paths, no NUL bytes.
 */
export const absolutePath = z
  .string({ message: 'A file path is required.' })
  .min(2, { message: 'A file path is required.' })
  .max(4096, { message: 'The file path is too long.' })
  .refine((v) => !v.includes('\0'), { message: 'The file path is not valid.' })
  .refine((v) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\/]+[\\/][^\\/]+)/.test(v), { message: 'The file path must be absolute.' });

export const backupContract = {
  /** Make a backup now: into the backups folder, or to `path` (chosen in the shell's save dialog). */
  'backup.create': method(z.object({ path: absolutePath.optional() }).strict().optional().default({})).returns<BackupInfo>(),
  /** Backups in the backups folder, newest first. */
  'backup.list': method(emptyInput).returns<BackupInfo[]>(),
  /** Check a file before restoring it: refuses damaged, truncated, non-SQLite and non-Lenden files. */
  'backup.inspect': method(z.object({ path: absolutePath }).strict()).returns<BackupCheck>(),
  /**
   * Replace the open database with a backup. The current database is copied to the backups
   * folder first. A backup of another business needs `confirmOtherBusiness: true`.
   */
  'backup.restore': method(z.object({ path: absolutePath, confirmOtherBusiness: z.boolean().optional() }).strict()).returns<RestoreResult>(),
  /** Facts for a support request (no ledger data): versions, sizes, counts, sync backlog. */
  'diagnostics.get': method(emptyInput).returns<Diagnostics>(),
};
