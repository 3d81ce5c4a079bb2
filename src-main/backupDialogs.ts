import path from 'node:path';
import type { BrowserWindow, Clipboard, Dialog, MessageBoxOptions, Shell } from 'electron';
import type { BackupCheck, BackupInfo, Diagnostics, Result, RestoreResult } from './contract';
import { shellWords, type ShellLanguage, type ShellWords } from './shellWords';

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
  /** The person's UI language, asked at each dialog (it may change while the app runs). */
  language?(): ShellLanguage;
}

/** A moment as India writes it, dd-mm-yyyy and a 24-hour time, the same in both languages (no am/pm words). */
const dayAndTime = (iso: string) =>
  new Intl.DateTimeFormat('en-IN', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(iso))
    .replace(/\//g, '-');

const filters = (w: ShellWords) => [{ name: w.backupFile, extensions: ['db'] }];

/** Changes on this computer the backup lacks: resent with sync, otherwise only in the kept copy. */
const unsentLine = (w: ShellWords, u: NonNullable<BackupCheck['unsentChanges']>) => (u.resend ? w.unsentResend(u.count) : w.unsentLost(u.count));

export function backupDialogs(deps: BackupDialogDeps) {
  const words = () => shellWords(deps.language?.());
  const message = (options: MessageBoxOptions) => {
    const win = deps.window();
    return win && !win.isDestroyed() ? deps.dialog.showMessageBox(win, options) : deps.dialog.showMessageBox(options);
  };
  const fail = (title: string, error: { message: string }) => message({ type: 'error', message: title, detail: error.message, buttons: [words().ok] });

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
      const w = words();
      const made = await call<BackupInfo>('backup.create', {}, w.backupFailed);
      if (made) await message({ type: 'info', message: w.backupSaved, detail: made.path, buttons: [w.ok] });
      return made;
    },

    async saveBackupAs(): Promise<BackupInfo | null> {
      const win = deps.window();
      const w = words();
      const options = { title: w.saveCopyTitle, defaultPath: path.join(deps.documentsFolder, w.copyFileName(deps.today())), filters: filters(w) };
      const choice = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return null;
      const made = await call<BackupInfo>('backup.create', { path: choice.filePath }, w.copyFailed);
      if (made) await message({ type: 'info', message: w.copySaved, detail: made.path, buttons: [w.ok] });
      return made;
    },

    /** Pick a file, show what is in it, confirm (twice for another business), restore. */
    async restoreBackup(): Promise<RestoreResult | null> {
      const win = deps.window();
      const w = words();
      const options = { title: w.restoreTitle, defaultPath: deps.backupsFolder, properties: ['openFile' as const], filters: filters(w) };
      const choice = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
      const file = choice.filePaths[0];
      if (choice.canceled || !file) return null;
      const check = await call<BackupCheck>('backup.inspect', { path: file }, w.cannotRestore);
      if (!check) return null;
      const summary = [
        w.business(check.businessName),
        w.counts(check.partyCount, check.entryCount),
        check.lastChangeAt ? w.lastChange(dayAndTime(check.lastChangeAt)) : null,
        '',
        w.replaceWarning,
        check.unsentChanges ? unsentLine(w, check.unsentChanges) : null,
      ]
        .filter((l) => l !== null)
        .join('\n');
      const confirm = await message({
        type: 'warning',
        message: check.otherBusiness ? w.otherBusiness : w.restoreConfirm,
        detail: summary,
        buttons: [w.cancel, check.otherBusiness ? w.replaceWithOther : w.restore],
        defaultId: 0,
        cancelId: 0,
      });
      if (confirm.response !== 1) return null;
      const restored = await call<RestoreResult>('backup.restore', { path: file, confirmOtherBusiness: check.otherBusiness }, w.notRestored);
      if (restored) {
        const after = [restored.resent ? w.resent(restored.resent) : null, restored.setAside ? w.setAside(restored.setAside) : null, w.keptAs(restored.replacedCopy)].filter(
          (l) => l !== null,
        );
        await message({ type: 'info', message: w.restored, detail: after.join('\n\n'), buttons: [w.ok] });
      }
      return restored;
    },

    async openBackupsFolder(): Promise<void> {
      const error = await deps.shell.openPath(deps.backupsFolder);
      if (error) await fail(words().folderFailed, { message: error });
    },

    /** Versions and counts for a support chat, no ledger contents. */
    async copyDiagnostics(): Promise<string | null> {
      const w = words();
      const d = await call<Diagnostics>('diagnostics.get', {}, w.diagnosticsFailed);
      if (!d) return null;
      const text = JSON.stringify({ app: deps.appInfo, ...d }, null, 2);
      deps.clipboard.writeText(text);
      await message({ type: 'info', message: w.diagnosticsCopied, detail: w.diagnosticsPaste, buttons: [w.ok] });
      return text;
    },
  };
}
