import path from 'node:path';
import type { BrowserWindow, Clipboard, Dialog, MessageBoxOptions, Shell } from 'electron';
import type { BackupCheck, BackupInfo, Diagnostics, Result, RestoreResult } from './contract';

/** The core has no dialogs: the shell asks the user for paths and confirmations, then calls the contract. */
export interface BackupDialogDeps {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog' | 'showMessageBox'>;
  shell: Pick<Shell, 'openPath'>;
  clipboard: Pick<Clipboard, 'writeText'>;
  window(): BrowserWindow | null;
  handle(name: string, input: unknown): Promise<Result<unknown>>;
  backupsFolder: string;
  documentsFolder: string;
  appInfo: { version: string; electron: string; chrome: string; os: string };
  today(): string;
}

const FILTERS = [{ name: 'Lenden backup', extensions: ['db'] }];

/** Changes on this computer the backup lacks: resent with sync, otherwise only in the kept copy. */
const unsentLine = (u: NonNullable<BackupCheck['unsentChanges']>) =>
  u.resend
    ? `${u.count} change${u.count === 1 ? '' : 's'} on this computer have not reached the sync server yet: they will be put back and sent after the restore.`
    : `${u.count} change${u.count === 1 ? '' : 's'} made on this computer are not in this backup. They will not be in the restored data; they stay in the copy of your current data.`;

export function backupDialogs(deps: BackupDialogDeps) {
  const message = (options: MessageBoxOptions) => {
    const win = deps.window();
    return win && !win.isDestroyed() ? deps.dialog.showMessageBox(win, options) : deps.dialog.showMessageBox(options);
  };
  const fail = (title: string, error: { message: string }) => message({ type: 'error', message: title, detail: error.message, buttons: ['OK'] });

  async function call<T>(name: string, input: unknown, failTitle: string): Promise<T | null> {
    const result = await deps.handle(name, input);
    if (!result.ok) {
      await fail(failTitle, result.error);
      return null;
    }
    return result.value as T;
  }

  return {
    async backupNow(): Promise<BackupInfo | null> {
      const made = await call<BackupInfo>('backup.create', {}, 'The backup could not be made.');
      if (made) await message({ type: 'info', message: 'Backup saved.', detail: made.path, buttons: ['OK'] });
      return made;
    },

    async saveBackupAs(): Promise<BackupInfo | null> {
      const win = deps.window();
      const options = { title: 'Save a backup copy', defaultPath: path.join(deps.documentsFolder, `Lenden backup ${deps.today()}.db`), filters: FILTERS };
      const choice = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return null;
      const made = await call<BackupInfo>('backup.create', { path: choice.filePath }, 'The backup could not be saved.');
      if (made) await message({ type: 'info', message: 'Backup copy saved.', detail: made.path, buttons: ['OK'] });
      return made;
    },

    /** Pick a file, show what is in it, confirm (twice for another business), restore. */
    async restoreBackup(): Promise<RestoreResult | null> {
      const win = deps.window();
      const options = { title: 'Restore from backup', defaultPath: deps.backupsFolder, properties: ['openFile' as const], filters: FILTERS };
      const choice = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
      const file = choice.filePaths[0];
      if (choice.canceled || !file) return null;
      const check = await call<BackupCheck>('backup.inspect', { path: file }, 'This backup cannot be restored.');
      if (!check) return null;
      const summary = [
        `Business: ${check.businessName ?? '(no name)'}`,
        `Parties: ${check.partyCount}, entries: ${check.entryCount}`,
        check.lastChangeAt ? `Last change in the backup: ${new Date(check.lastChangeAt).toLocaleString('en-IN')}` : null,
        '',
        'Everything entered after this backup will be replaced. A copy of your current data is kept in the backups folder first.',
        check.unsentChanges ? unsentLine(check.unsentChanges) : null,
      ]
        .filter((l) => l !== null)
        .join('\n');
      const confirm = await message({
        type: 'warning',
        message: check.otherBusiness ? 'This backup belongs to ANOTHER business. Replace the data open now with it?' : 'Restore this backup?',
        detail: summary,
        buttons: ['Cancel', check.otherBusiness ? 'Replace with other business' : 'Restore'],
        defaultId: 0,
        cancelId: 0,
      });
      if (confirm.response !== 1) return null;
      const restored = await call<RestoreResult>('backup.restore', { path: file, confirmOtherBusiness: check.otherBusiness }, 'The backup was not restored.');
      if (restored) {
        const after = [
          restored.resent ? `${restored.resent} change${restored.resent === 1 ? '' : 's'} not yet synced were put back and will be sent to the sync server.` : null,
          restored.setAside ? `${restored.setAside} change${restored.setAside === 1 ? '' : 's'} made after this backup are not in it; they are kept in the copy below.` : null,
          `Your previous data was kept as:\n${restored.replacedCopy}`,
        ].filter((l) => l !== null);
        await message({ type: 'info', message: 'Backup restored.', detail: after.join('\n\n'), buttons: ['OK'] });
      }
      return restored;
    },

    async openBackupsFolder(): Promise<void> {
      const error = await deps.shell.openPath(deps.backupsFolder);
      if (error) await fail('The backups folder could not be opened.', { message: error });
    },

    /** Versions and counts for a support chat, no ledger contents. */
    async copyDiagnostics(): Promise<string | null> {
      const d = await call<Diagnostics>('diagnostics.get', {}, 'Diagnostics could not be collected.');
      if (!d) return null;
      const text = JSON.stringify({ app: deps.appInfo, ...d }, null, 2);
      deps.clipboard.writeText(text);
      await message({ type: 'info', message: 'Diagnostics copied.', detail: 'Paste them into your message to support.', buttons: ['OK'] });
      return text;
    },
  };
}
