import { describe, expect, it, vi } from 'vitest';

const m = vi.hoisted(() => {
  const trays: { image: unknown; tooltip: string; menu: unknown; handlers: Map<string, () => void>; destroyed: boolean }[] = [];
  class Tray {
    state = { image: null as unknown, tooltip: '', menu: null as unknown, handlers: new Map<string, () => void>(), destroyed: false };
    constructor(image: unknown) {
      this.state.image = image;
      trays.push(this.state);
    }
    setImage(image: unknown) {
      this.state.image = image;
    }
    setToolTip(t: string) {
      this.state.tooltip = t;
    }
    setContextMenu(menu: unknown) {
      this.state.menu = menu;
    }
    on(name: string, fn: () => void) {
      this.state.handlers.set(name, fn);
    }
    isDestroyed() {
      return this.state.destroyed;
    }
    destroy() {
      this.state.destroyed = true;
    }
  }
  return {
    trays,
    Tray,
    Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
    nativeImage: { createFromPath: (p: string) => ({ path: p, template: false, setTemplateImage(this: { template: boolean }, v: boolean) { this.template = v; } }) },
  };
});
vi.mock('electron', () => ({ Tray: m.Tray, Menu: m.Menu, nativeImage: m.nativeImage }));

import type { MenuItemConstructorOptions } from 'electron';
import type { SyncStatus } from './contract/sync-status';
import { registerTray, trayIconPath, trayMenuTemplate } from './registerTray';
import { trayStateFor } from './trayState';

const actions = () => ({ open: vi.fn(), syncNow: vi.fn(), pause: vi.fn(), resume: vi.fn(), quit: vi.fn() });
const item = (template: MenuItemConstructorOptions[], label: string) => template.find((i) => i.label === label)!;
const click = (i: MenuItemConstructorOptions) => (i.click as () => void)();

describe('tray menu', () => {
  const synced: SyncStatus = { state: 'synced', pending: 0, lastSyncedAt: null };

  it('Open, Sync now, Pause and Quit call their actions', () => {
    const a = actions();
    const t = trayMenuTemplate(synced, trayStateFor(synced), a);
    click(item(t, 'Open Lenden'));
    click(item(t, 'Sync now'));
    click(item(t, 'Pause sync'));
    click(item(t, 'Quit Lenden'));
    expect(a.open).toHaveBeenCalledTimes(1);
    expect(a.syncNow).toHaveBeenCalledTimes(1);
    expect(a.pause).toHaveBeenCalledTimes(1);
    expect(a.quit).toHaveBeenCalledTimes(1);
    expect(item(t, 'All changes synced').enabled).toBe(false);
  });

  it('a paused sync offers Resume (and not Sync now)', () => {
    const paused: SyncStatus = { state: 'error', pending: 4, lastSyncedAt: null, lastError: 'Paused', nextRetryAt: null, paused: true };
    const a = actions();
    const t = trayMenuTemplate(paused, trayStateFor(paused), a);
    click(item(t, 'Resume sync'));
    expect(a.resume).toHaveBeenCalled();
    expect(item(t, 'Pause sync')).toBeUndefined();
    expect(item(t, 'Sync now').enabled).toBe(false);
  });

  it('local-only has nothing to sync: sync items disabled', () => {
    const local: SyncStatus = { state: 'local-only', pending: 0 };
    const t = trayMenuTemplate(local, trayStateFor(local), actions());
    expect(item(t, 'Sync now').enabled).toBe(false);
    expect(item(t, 'Pause sync').enabled).toBe(false);
  });

  it('uses template images on macOS and coloured icons elsewhere', () => {
    expect(trayIconPath('/r/tray', 'tray-synced', 'darwin')).toMatch(/tray-syncedTemplate\.png$/);
    expect(trayIconPath('/r/tray', 'tray-error', 'win32')).toMatch(/tray-error\.png$/);
  });

  it('registerTray follows sync.status: icon, tooltip and menu change; a left click opens on Windows', () => {
    const a = actions();
    const tray = registerTray({ iconsFolder: '/r/tray', platform: 'win32', initial: { state: 'local-only', pending: 0 }, actions: a });
    const state = m.trays.at(-1)!;
    expect((state.image as { path: string }).path).toMatch(/tray-local-only\.png$/);
    tray.update({ state: 'offline', pending: 7, lastSyncedAt: null, lastError: null, nextRetryAt: null });
    expect((state.image as { path: string }).path).toMatch(/tray-offline\.png$/);
    expect(state.tooltip).toContain('7 changes waiting to sync');
    click(item((state.menu as { template: MenuItemConstructorOptions[] }).template, 'Sync now'));
    expect(a.syncNow).toHaveBeenCalled();
    state.handlers.get('click')!();
    expect(a.open).toHaveBeenCalled();
    tray.destroy();
    tray.update({ state: 'synced', pending: 0, lastSyncedAt: null });
    expect((state.image as { path: string }).path).toMatch(/tray-offline\.png$/);
  });

  it('marks macOS tray images as templates', () => {
    registerTray({ iconsFolder: '/r/tray', platform: 'darwin', initial: { state: 'synced', pending: 0, lastSyncedAt: null }, actions: actions() });
    const img = m.trays.at(-1)!.image as { path: string; template: boolean };
    expect(img.template).toBe(true);
    expect(img.path).toMatch(/tray-syncedTemplate\.png$/);
  });
});

describe('tray in Hindi', () => {
  const pending: SyncStatus = { state: 'offline', pending: 3, lastSyncedAt: null, lastError: null, nextRetryAt: null };
  const latin = (text: string) => text.replace(/\d+/g, '').match(/[A-Za-z]+/g) ?? [];

  it('menu, status line and tooltip are in Hindi, with every action still wired', () => {
    const a = actions();
    const state = trayStateFor(pending, { language: 'hi' });
    const t = trayMenuTemplate(pending, state, a, 'hi');
    click(item(t, 'लेनदेन खोलें'));
    click(item(t, 'सिंक रोकें'));
    click(item(t, 'लेनदेन बंद करें'));
    expect([a.open, a.pause, a.quit].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
    expect(item(t, 'इंटरनेट नहीं: बदलाव यहाँ सेव हैं').enabled).toBe(false);
    expect(state.tooltip).toBe('लेनदेन — इंटरनेट नहीं: बदलाव यहाँ सेव हैं\n3 बदलाव सिंक होने बाकी\nअभी तक सिंक नहीं हुआ');
    for (const i of t) expect(latin(String(i.label ?? ''))).toEqual([]);
    const paused = trayStateFor({ state: 'error', pending: 0, paused: true, lastError: 'paused', nextRetryAt: null, lastSyncedAt: '2026-11-25T10:00:00.000Z' }, { language: 'hi', formatTime: () => '25 नव॰, 3:30 pm' });
    expect(paused.label).toBe('सिंक रुका हुआ है');
    expect(paused.tooltip).toContain('पिछला सिंक 25 नव॰');
  });

  it('switches language when the person does, without waiting for the next sync status', () => {
    m.trays.length = 0;
    const tray = registerTray({ iconsFolder: '/icons', platform: 'win32', initial: pending, actions: actions() });
    const state = m.trays[0]!;
    expect(state.tooltip).toContain('Offline');
    tray.setLanguage('hi');
    expect(state.tooltip.split('\n')[0]).toBe('लेनदेन — इंटरनेट नहीं: बदलाव यहाँ सेव हैं');
    const menu = (state.menu as { template: MenuItemConstructorOptions[] }).template;
    expect(menu[0]!.label).toBe('लेनदेन खोलें');
    tray.update({ state: 'synced', pending: 0, lastSyncedAt: null });
    expect(state.tooltip.split('\n')[0]).toBe('लेनदेन — सारे बदलाव सिंक हो गए');
    tray.setLanguage('en');
    expect(state.tooltip.split('\n')[0]).toBe('Lenden — All changes synced');
  });
});
