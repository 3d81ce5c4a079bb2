import type { BrowserWindow, Dialog } from 'electron';
import type { AppUpdater, UpdateInfo } from 'electron-updater';
import { shellWords, type ShellLanguage } from './shellWords';

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;
const FIRST_CHECK_DELAY_MS = 30_000;

export interface UpdaterDeps {
  updater: Pick<AppUpdater, 'on' | 'checkForUpdates' | 'quitAndInstall' | 'autoDownload' | 'autoInstallOnAppQuit' | 'logger'>;
  dialog: Pick<Dialog, 'showMessageBox'>;
  window(): BrowserWindow | null;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void };
  /** Let windows close for real (close-to-tray must not block the restart) and close the database. */
  beforeRestart(): void;
  /** Only a packaged app has a feed to update from. */
  isPackaged: boolean;
  /** The person's UI language, asked at each dialog. */
  language?(): ShellLanguage;
}

export interface Updater {
  /** From the Help menu: says so when there is nothing new. */
  checkNow(): Promise<void>;
  stop(): void;
}

/**
 * Updates come from the GitHub releases named in electron-builder.yml (electron-updater reads
 * app-update.yml written at packaging). They download in the background; when one is ready
 * the user is asked to restart now or later (it then installs on the next quit).
 */
export function registerUpdater(deps: UpdaterDeps): Updater {
  if (!deps.isPackaged) {
    return {
      checkNow: async () => {
        const w = shellWords(deps.language?.());
        await deps.dialog.showMessageBox({ type: 'info', message: w.updatesOnlyInstalled, buttons: [w.ok] });
      },
      stop: () => undefined,
    };
  }
  const u = deps.updater;
  u.logger = deps.log;
  u.autoDownload = true;
  u.autoInstallOnAppQuit = true;
  let prompting = false;
  u.on('update-downloaded', (info: UpdateInfo) => {
    if (prompting) return;
    prompting = true;
    void promptRestart(deps, info).finally(() => {
      prompting = false;
    });
  });
  u.on('error', (error: Error) => deps.log.warn('update check failed', error));

  const check = () =>
    u.checkForUpdates().catch((error: unknown) => {
      deps.log.warn('update check failed', error);
      return null;
    });
  const first = setTimeout(check, FIRST_CHECK_DELAY_MS);
  const every = setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  first.unref?.();
  every.unref?.();

  return {
    async checkNow() {
      const result = await check();
      const w = shellWords(deps.language?.());
      if (!result || !result.isUpdateAvailable) {
        await deps.dialog.showMessageBox({ type: 'info', message: w.upToDate, buttons: [w.ok] });
      } else {
        await deps.dialog.showMessageBox({ type: 'info', message: w.downloading(result.updateInfo.version), detail: w.askRestartLater, buttons: [w.ok] });
      }
    },
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}

/** The visible "update ready, restart" prompt. */
export async function promptRestart(deps: Pick<UpdaterDeps, 'dialog' | 'window' | 'updater' | 'beforeRestart' | 'language'>, info: Pick<UpdateInfo, 'version'>): Promise<boolean> {
  const w = shellWords(deps.language?.());
  const options = {
    type: 'info' as const,
    title: w.updateReady,
    message: w.readyToInstall(info.version),
    detail: w.restartToFinish,
    buttons: [w.restartNow, w.later],
    defaultId: 0,
    cancelId: 1,
  };
  const win = deps.window();
  const { response } = win && !win.isDestroyed() ? await deps.dialog.showMessageBox(win, options) : await deps.dialog.showMessageBox(options);
  if (response !== 0) return false;
  deps.beforeRestart();
  deps.updater.quitAndInstall();
  return true;
}
