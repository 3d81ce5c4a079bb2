import fs from 'node:fs';
import electronUpdater from 'electron-updater';
import { app, BrowserWindow, clipboard, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { resolveAppPaths } from './appPaths';
import { backupDialogs } from './backupDialogs';
import { IPC_EVENT, type SyncStatus } from './contract';
import { registerCore } from './registerCore';
import { registerIpc, isAppUrl, type TrustedOrigin } from './registerIpc';
import { registerLogging } from './registerLogging';
import { registerMenu } from './registerMenu';
import { registerPrinting } from './registerPrinting';
import { registerSecurity } from './registerSecurity';
import { registerSingleInstance } from './registerSingleInstance';
import { registerTray } from './registerTray';
import { registerUpdater } from './registerUpdater';
import { createMainWindow, showWindow } from './registerWindow';
import { createSecureStore } from './secureStore';
import { loadShellSettings, saveShellSettings, type ShellSettings } from './shellSettings';
import { followLanguage } from './shellLanguage';
import { shellWords } from './shellWords';

// The shell only wires: every piece lives in its own register*/ module with its own tests.

const APP_ID = 'in.lenden.desktop';
/** The core's worker thread, built beside this bundle (electron.vite.config.ts: coreWorker). */
const CORE_WORKER = new URL('./coreWorker.js', import.meta.url);
/** The core's WAL checkpointer thread, built beside it (electron.vite.config.ts: checkpointWorker). */
const CHECKPOINT_WORKER = new URL('./checkpointWorker.js', import.meta.url);

const log = registerLogging(app.getPath('logs'));
let mainWindow: BrowserWindow | null = null;
let quitting = false;

if (registerSingleInstance(app, () => showWindow(mainWindow))) {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.whenReady().then(start).catch((error: unknown) => log.error('app failed to start', error));
}

async function start(): Promise<void> {
  const paths = resolveAppPaths({
    appPath: app.getAppPath(),
    userData: app.getPath('userData'),
    logs: app.getPath('logs'),
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
  });
  fs.mkdirSync(paths.backupsFolder, { recursive: true });
  const rendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  let settings: ShellSettings = loadShellSettings(paths.settingsFile, process.platform);
  const startHidden = process.argv.includes('--hidden') || app.getLoginItemSettings().wasOpenedAtLogin === true;
  // The menu, tray and dialogs speak the person's UI language (shellLanguage.ts); until the core
  // answers, the one seen last time.
  let onLanguage: () => void = () => undefined;
  let readLanguage: () => Promise<unknown> = async () => null;
  const language = followLanguage({
    initial: settings.language ?? 'en',
    read: () => readLanguage(),
    onChange: (next) => {
      settings = { ...settings, language: next };
      saveShellSettings(paths.settingsFile, settings);
      onLanguage();
    },
  });
  const words = () => shellWords(language.current());

  const trust: TrustedOrigin = { mainWebContents: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null), rendererUrl, rendererFile: paths.rendererFile };
  registerSecurity({ app, session: session.defaultSession, shell, isAppUrl: (url) => isAppUrl(url, trust), devServerUrl: rendererUrl, log });

  // The sync session, encrypted with the OS key store (or kept in memory only, and the user told).
  const secureStore = createSecureStore({
    file: paths.secureStoreFile,
    safeStorage,
    platform: process.platform,
    log,
    onMemoryOnly: (message) => void dialog.showMessageBox({ type: 'warning', message: words().signInNotSaved, detail: message, buttons: [words().ok] }),
  });

  let updateTray: (status: SyncStatus) => void = () => undefined;
  // The core runs in its own thread: this process only routes messages (DESIGN.md section 1).
  const core = registerCore({
    entry: CORE_WORKER,
    checkpointWorker: CHECKPOINT_WORKER,
    paths,
    version: app.getVersion(),
    secureStore,
    dialog,
    log,
    forward: (event, payload) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT, event, payload);
      if (event === 'sync.status') updateTray(payload as SyncStatus);
      language.onEvent(event, payload);
    },
    // After a restore: reload once the restore's own answer has gone back to the page.
    onReplaced: () => setTimeout(() => mainWindow?.webContents.reload(), 300),
  });
  try {
    await core.start();
  } catch (error) {
    log.error('could not open the database', error);
    dialog.showErrorBox(words().cannotOpenData, words().cannotOpenDetail((error as Error).message, paths.backupsFolder, paths.logsFolder));
    app.exit(1);
    return;
  }
  readLanguage = async () => {
    const r = await core.call('profile.get', {});
    return r.ok ? r.value?.language : null;
  };

  registerIpc(ipcMain, trust, (name, input) => core.handle(name, input), log);
  registerPrinting({ ipcMain, trust, createWindow: (options) => new BrowserWindow(options), tempDir: app.getPath('temp'), log });

  const openWindow = () => {
    if (mainWindow && !mainWindow.isDestroyed()) return showWindow(mainWindow);
    mainWindow = createMainWindow({
      preloadFile: paths.preloadFile,
      rendererFile: paths.rendererFile,
      rendererUrl,
      windowStateFile: paths.windowStateFile,
      icon: paths.appIcon,
      platform: process.platform,
      isPackaged: app.isPackaged,
      startHidden: startHidden && mainWindow === null,
      shouldHideOnClose: () => !quitting && settings.closeToTray,
    });
    mainWindow.webContents.on('render-process-gone', (_e, details) => log.error('renderer gone', details));
  };
  openWindow();

  const sync = (name: 'sync.now' | 'sync.pause' | 'sync.resume') => () =>
    void core.handle(name, {}).then((r) => {
      if (!r.ok) log.warn(`${name} failed`, r.error);
    });
  const tray = registerTray({
    iconsFolder: paths.trayIconsFolder,
    platform: process.platform,
    initial: { state: 'local-only', pending: 0 },
    actions: { open: openWindow, syncNow: sync('sync.now'), pause: sync('sync.pause'), resume: sync('sync.resume'), quit: () => app.quit() },
    language: language.current(),
  });
  updateTray = tray.update;
  void core.call('sync.status', {}).then((r) => {
    if (r.ok) tray.update(r.value);
  });

  const dialogs = backupDialogs({
    dialog,
    shell,
    clipboard,
    window: () => mainWindow,
    handle: (name, input) => core.handle(name, input),
    backupsFolder: paths.backupsFolder,
    documentsFolder: app.getPath('documents'),
    appInfo: { version: app.getVersion(), electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', os: `${process.platform} ${process.getSystemVersion?.() ?? ''}` },
    today: () => new Date().toISOString().slice(0, 10),
    language: language.current,
  });

  const updater = registerUpdater({
    updater: electronUpdater.autoUpdater,
    dialog,
    window: () => mainWindow,
    log,
    isPackaged: app.isPackaged,
    beforeRestart: () => {
      quitting = true;
    },
    language: language.current,
  });

  const applySettings = (next: ShellSettings) => {
    settings = next;
    saveShellSettings(paths.settingsFile, settings);
    if (process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: settings.launchAtLogin, args: ['--hidden'] });
    renderMenu();
  };
  const renderMenu = () =>
    registerMenu({
      platform: process.platform,
      isPackaged: app.isPackaged,
      settings,
      language: language.current(),
      actions: {
        backupNow: () => void dialogs.backupNow(),
        saveBackupAs: () => void dialogs.saveBackupAs(),
        restoreBackup: () => void dialogs.restoreBackup(),
        openBackupsFolder: () => void dialogs.openBackupsFolder(),
        copyDiagnostics: () => void dialogs.copyDiagnostics(),
        openLogsFolder: () => void shell.openPath(paths.logsFolder),
        syncNow: sync('sync.now'),
        pauseSync: sync('sync.pause'),
        resumeSync: sync('sync.resume'),
        checkForUpdates: () => void updater.checkNow(),
        setCloseToTray: (on) => applySettings({ ...settings, closeToTray: on }),
        setLaunchAtLogin: (on) => applySettings({ ...settings, launchAtLogin: on }),
      },
    });
  renderMenu();
  // A language switch in the window redraws the menu and the tray in it.
  onLanguage = () => {
    renderMenu();
    tray.setLanguage(language.current());
  };
  void language.refresh();

  app.on('activate', openWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Stop sync and close the database in the core's thread before the process ends (closing
  // checkpoints the WAL); the daily backup timer lives there too.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    updater.stop();
    tray.destroy();
    void core
      .close()
      .catch((error: unknown) => log.error('closing the database failed', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
