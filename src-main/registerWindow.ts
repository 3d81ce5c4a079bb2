import { BrowserWindow, screen, type BrowserWindowConstructorOptions } from 'electron';
import { clampToDisplays, loadWindowState, MIN_SIZE, saveWindowState, type Rect } from './windowState';

/**
 * The main window's options. The webPreferences are the security contract of DESIGN.md
 * section 5: an isolated, sandboxed renderer with no Node, talking only through the preload.
 */
export function mainWindowOptions(opts: { preload: string; bounds: Rect; icon?: string; platform: NodeJS.Platform; devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    ...opts.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Lenden',
    backgroundColor: '#ffffff',
    // Windows and Linux take the window icon from here; macOS uses the app bundle's icon.
    ...(opts.platform !== 'darwin' && opts.icon ? { icon: opts.icon } : {}),
    autoHideMenuBar: false,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: opts.devTools,
    },
  };
}

export interface MainWindowDeps {
  preloadFile: string;
  rendererFile: string;
  /** ELECTRON_RENDERER_URL in development. */
  rendererUrl?: string;
  windowStateFile: string;
  icon?: string;
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** Hide instead of close (close-to-tray), unless the app is quitting. */
  shouldHideOnClose(): boolean;
  /** Start hidden in the tray (launched at login). */
  startHidden: boolean;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const saved = loadWindowState(deps.windowStateFile);
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = clampToDisplays(saved?.bounds ?? null, displays, screen.getPrimaryDisplay().workArea);
  const win = new BrowserWindow(mainWindowOptions({ preload: deps.preloadFile, bounds, icon: deps.icon, platform: deps.platform, devTools: !deps.isPackaged }));
  if (saved?.maximized) win.maximize();

  win.once('ready-to-show', () => {
    if (!deps.startHidden) win.show();
  });

  let saveTimer: NodeJS.Timeout | undefined;
  const remember = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    saveWindowState(deps.windowStateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  };
  const rememberSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(remember, 500);
  };
  win.on('resize', rememberSoon);
  win.on('move', rememberSoon);
  win.on('close', (event) => {
    clearTimeout(saveTimer);
    remember();
    if (deps.shouldHideOnClose()) {
      event.preventDefault();
      win.hide();
    }
  });

  if (deps.rendererUrl) void win.loadURL(deps.rendererUrl);
  else void win.loadFile(deps.rendererFile);
  return win;
}

/** Bring the window to the front: used by the tray, the dock and a second launch. */
export function showWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
