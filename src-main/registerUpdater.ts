import type { BrowserWindow, Dialog } from 'electron';
import type { AppUpdater, UpdateInfo } from 'electron-updater';

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
        await deps.dialog.showMessageBox({ type: 'info', message: 'Updates are checked only in the installed app.', buttons: ['OK'] });
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
      if (!result || !result.isUpdateAvailable) {
        await deps.dialog.showMessageBox({ type: 'info', message: 'Lenden is up to date.', buttons: ['OK'] });
      } else {
        await deps.dialog.showMessageBox({ type: 'info', message: `Lenden ${result.updateInfo.version} is downloading.`, detail: 'You will be asked to restart when it is ready.', buttons: ['OK'] });
      }
    },
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}

/** The visible "update ready, restart" prompt. */
export async function promptRestart(deps: Pick<UpdaterDeps, 'dialog' | 'window' | 'updater' | 'beforeRestart'>, info: Pick<UpdateInfo, 'version'>): Promise<boolean> {
  const options = {
    type: 'info' as const,
    title: 'Update ready',
    message: `Lenden ${info.version} is ready to install.`,
    detail: 'Restart Lenden to finish the update. Everything you entered is already saved.',
    buttons: ['Restart now', 'Later'],
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
