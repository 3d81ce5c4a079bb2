import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const { FakeWindow } = vi.hoisted(() => {
class FakeWindow {
    private handlers = new Map<string, ((...a: unknown[]) => void)[]>();
    on(name: string, fn: (...a: unknown[]) => void) {
      this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn]);
      return this;
    }
    once(name: string, fn: (...a: unknown[]) => void) {
      return this.on(name, fn);
    }
    emit(name: string, ...args: unknown[]) {
      for (const fn of this.handlers.get(name) ?? []) fn(...args);
    }
    options: unknown;
    visible = false;
    hidden = 0;
    loaded: { file?: string; url?: string } = {};
    constructor(options: unknown) {
      this.options = options;
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    isMaximized = () => false;
    isVisible = () => this.visible;
    maximize = vi.fn();
    restore = vi.fn();
    focus = vi.fn();
    show = vi.fn(() => {
      this.visible = true;
    });
    hide = vi.fn(() => {
      this.visible = false;
      this.hidden++;
    });
    getNormalBounds = () => ({ x: 10, y: 20, width: 1100, height: 700 });
    loadFile = vi.fn(async (file: string) => {
      this.loaded.file = file;
    });
    loadURL = vi.fn(async (url: string) => {
      this.loaded.url = url;
    });
  }
  return { FakeWindow };
});
type FakeWindow = InstanceType<typeof FakeWindow>;

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  screen: {
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
  },
}));

import { createMainWindow, mainWindowOptions, showWindow } from './registerWindow';

const base = { preload: '/app/out/preload/index.cjs', bounds: { x: 0, y: 0, width: 1280, height: 800 }, platform: 'win32' as const, devTools: false };

describe('main window options', () => {
  const web = mainWindowOptions(base).webPreferences!;
  it('isolates the renderer: contextIsolation on', () => expect(web.contextIsolation).toBe(true));
  it('sandboxes the renderer', () => expect(web.sandbox).toBe(true));
  it('gives the renderer no Node', () => {
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });
  it('keeps web security on and insecure content off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
  });
  it('has no <webview> and no drag-drop navigation', () => {
    expect(web.webviewTag).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
  });
  it('loads the CJS preload', () => expect(web.preload).toBe('/app/out/preload/index.cjs'));
  it('hides devtools in the packaged app and shows the window only when ready', () => {
    expect(web.devTools).toBe(false);
    expect(mainWindowOptions(base).show).toBe(false);
    expect(mainWindowOptions({ ...base, devTools: true }).webPreferences!.devTools).toBe(true);
  });
  it('sets the window icon except on macOS', () => {
    expect(mainWindowOptions({ ...base, icon: '/i.png' }).icon).toBe('/i.png');
    expect(mainWindowOptions({ ...base, icon: '/i.png', platform: 'darwin' }).icon).toBeUndefined();
  });
});

describe('createMainWindow', () => {
  function make(overrides: Partial<Parameters<typeof createMainWindow>[0]> = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-win-'));
    const win = createMainWindow({
      preloadFile: '/app/out/preload/index.cjs',
      rendererFile: '/app/out/renderer/index.html',
      windowStateFile: path.join(dir, 'window-state.json'),
      platform: 'win32',
      isPackaged: true,
      startHidden: false,
      shouldHideOnClose: () => false,
      ...overrides,
    }) as unknown as FakeWindow;
    return { win, dir };
  }

  it('loads the built renderer file when packaged and the dev server URL in development', () => {
    expect(make().win.loaded.file).toBe('/app/out/renderer/index.html');
    expect(make({ rendererUrl: 'http://localhost:5173' }).win.loaded.url).toBe('http://localhost:5173');
  });

  it('close-to-tray hides instead of closing, and remembers the bounds', () => {
    let hide = true;
    const { win, dir } = make({ shouldHideOnClose: () => hide });
    const event = { preventDefault: vi.fn() };
    win.emit('close', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(win.hide).toHaveBeenCalled();
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'window-state.json'), 'utf8')).bounds).toEqual({ x: 10, y: 20, width: 1100, height: 700 });
    hide = false;
    const quitEvent = { preventDefault: vi.fn() };
    win.emit('close', quitEvent);
    expect(quitEvent.preventDefault).not.toHaveBeenCalled();
  });

  it('stays hidden when started at login, shows otherwise', () => {
    const hidden = make({ startHidden: true }).win;
    hidden.emit('ready-to-show');
    expect(hidden.show).not.toHaveBeenCalled();
    const normal = make().win;
    normal.emit('ready-to-show');
    expect(normal.show).toHaveBeenCalled();
    showWindow(hidden as unknown as Electron.BrowserWindow);
    expect(hidden.show).toHaveBeenCalled();
    expect(hidden.focus).toHaveBeenCalled();
  });
});
