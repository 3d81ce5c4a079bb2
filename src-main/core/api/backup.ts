import type { Handlers } from '../../contract';
import type { backupContract } from '../../contract/backup';
import { LendenError } from '../../contract/errors';
import { changesNotInBackup, syncsWithServer } from '../backup/requeue';
import { backupHostFor, backupPaths, createBackup, inspectBackupFile, listBackups, readDiagnostics, restoreDatabase, writeDatabaseCopy } from '../backup';
import type { LedgerContext } from '../ledger/context';
import fs from 'node:fs';
import path from 'node:path';

export const backupHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof backupContract> => {
  const paths = () => {
    const p = backupPaths(ctx.db);
    if (!p) throw new LendenError('VALIDATION', 'This database lives only in memory, so it has no backups.');
    return p;
  };
  const now = () => new Date(ctx.nowIso());
  return {
    'backup.create': async (input) => {
      if (!input.path) return createBackup(ctx.db, paths().backupsFolder, 'manual', now());
      const target = path.resolve(input.path);
      if (!fs.existsSync(path.dirname(target))) throw new LendenError('VALIDATION', 'The folder for this backup does not exist.', { path: 'Folder not found.' });
      if (target.toLowerCase().startsWith(paths().databaseFile.toLowerCase())) throw new LendenError('VALIDATION', 'Choose another file: this is the database Lenden has open.', { path: 'This is the open database.' });
      await writeDatabaseCopy(ctx.db, target);
      return { fileName: path.basename(target), path: target, kind: 'manual', createdAt: now().toISOString(), sizeBytes: fs.statSync(target).size };
    },
    'backup.list': () => listBackups(paths().backupsFolder),
    'backup.inspect': async (input) => {
      requireFile(input.path);
      const check = await inspectBackupFile(input.path, { expectedBusinessId: ctx.businessId(), latestMigrationAt: backupHostFor(ctx.db)?.latestMigrationAt });
      if (check.otherBusiness) return check;
      // The file passed every check above, so it opens.
      const count = changesNotInBackup(ctx.db, input.path);
      return count ? { ...check, unsentChanges: { count, resend: syncsWithServer(ctx.db) } } : check;
    },
    'backup.restore': (input) => {
      requireFile(input.path);
      const host = backupHostFor(ctx.db);
      if (!host) throw new LendenError('FORBIDDEN', 'Restoring a backup is only possible in the desktop app.');
      const { databaseFile, backupsFolder } = paths();
      return restoreDatabase({
        live: ctx.db,
        liveFile: databaseFile,
        backupsFolder,
        sourceFile: input.path,
        expectedBusinessId: ctx.businessId(),
        confirmOtherBusiness: input.confirmOtherBusiness,
        latestMigrationAt: host.latestMigrationAt,
        now: now(),
        close: host.close,
        reopen: host.reopen,
      });
    },
    'diagnostics.get': () => readDiagnostics(ctx, paths()),
  };
};

function requireFile(file: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new LendenError('VALIDATION', 'The backup file was not found.', { path: 'File not found.' });
  if (!stat.isFile()) throw new LendenError('VALIDATION', 'The backup path is not a file.', { path: 'Not a file.' });
}
