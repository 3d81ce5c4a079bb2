import { describe, expect, it, vi } from 'vitest';

const setApplicationMenu = vi.hoisted(() => vi.fn());
vi.mock('electron', () => ({ Menu: { buildFromTemplate: (t: unknown) => ({ t }), setApplicationMenu } }));

import type { MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate, registerMenu, type MenuActions } from './registerMenu';

const actions = (): MenuActions => ({
  backupNow: vi.fn(),
  saveBackupAs: vi.fn(),
  restoreBackup: vi.fn(),
  openBackupsFolder: vi.fn(),
  syncNow: vi.fn(),
  pauseSync: vi.fn(),
  resumeSync: vi.fn(),
  checkForUpdates: vi.fn(),
  copyDiagnostics: vi.fn(),
  openLogsFolder: vi.fn(),
  setCloseToTray: vi.fn(),
  setLaunchAtLogin: vi.fn(),
});

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}
const find = (t: MenuItemConstructorOptions[], label: string) => flatten(t).find((i) => i.label === label)!;
const click = (i: MenuItemConstructorOptions, checked?: boolean) => (i.click as (item: { checked?: boolean }) => void)({ checked });

describe('application menu', () => {
  it.each(['win32', 'darwin'] as const)('every item calls its action (%s)', (platform) => {
    const a = actions();
    const t = appMenuTemplate({ platform, isPackaged: true, settings: { closeToTray: false, launchAtLogin: true }, actions: a });
    const pairs: [string, keyof MenuActions][] = [
      ['Back Up Now', 'backupNow'],
      ['Save a Backup Copy As…', 'saveBackupAs'],
      ['Restore from Backup…', 'restoreBackup'],
      ['Open Backups Folder', 'openBackupsFolder'],
      ['Sync Now', 'syncNow'],
      ['Pause Sync', 'pauseSync'],
      ['Resume Sync', 'resumeSync'],
      ['Check for Updates…', 'checkForUpdates'],
      ['Copy Diagnostics', 'copyDiagnostics'],
      ['Open Logs Folder', 'openLogsFolder'],
    ];
    for (const [label, action] of pairs) {
      click(find(t, label));
      expect(a[action]).toHaveBeenCalledTimes(1);
    }
    const login = find(t, 'Start Lenden when I log in');
    expect(login.checked).toBe(true);
    click(login, false);
    expect(a.setLaunchAtLogin).toHaveBeenCalledWith(false);
    const tray = flatten(t).find((i) => i.type === 'checkbox' && i.label !== 'Start Lenden when I log in')!;
    expect(tray.checked).toBe(false);
    click(tray, true);
    expect(a.setCloseToTray).toHaveBeenCalledWith(true);
  });

  it('has Edit roles (copy/paste shortcuts on macOS) and no dev tools when packaged', () => {
    const t = appMenuTemplate({ platform: 'darwin', isPackaged: true, settings: { closeToTray: true, launchAtLogin: false }, actions: actions() });
    const roles = flatten(t).map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'undo', 'redo', 'quit']));
    expect(roles).not.toContain('toggleDevTools');
    const dev = appMenuTemplate({ platform: 'win32', isPackaged: false, settings: { closeToTray: true, launchAtLogin: false }, actions: actions() });
    expect(flatten(dev).map((i) => i.role)).toContain('toggleDevTools');
  });

  it('offers no login item on Linux, and installs the menu', () => {
    const t = appMenuTemplate({ platform: 'linux', isPackaged: true, settings: { closeToTray: true, launchAtLogin: false }, actions: actions() });
    expect(find(t, 'Start Lenden when I log in')).toBeUndefined();
    registerMenu({ platform: 'linux', isPackaged: true, settings: { closeToTray: true, launchAtLogin: false }, actions: actions() });
    expect(setApplicationMenu).toHaveBeenCalledTimes(1);
  });
});

describe('application menu in Hindi', () => {
  const latin = (text: string) => (text.match(/[A-Za-z]+/g) ?? []).filter((w) => w !== 'db');

  it.each(['win32', 'darwin', 'linux'] as const)('every label is Hindi and every item still calls its action (%s)', (platform) => {
    const a = actions();
    const t = appMenuTemplate({ platform, isPackaged: false, settings: { closeToTray: false, launchAtLogin: true }, actions: a, language: 'hi' });
    const items = flatten(t).filter((i) => i.type !== 'separator');
    // Roles too: Electron would show its own English label for a role without one.
    for (const i of items) {
      expect(i.label, `${i.role ?? ''} has a label`).toBeTruthy();
      expect(latin(i.label!), i.label).toEqual([]);
    }
    const pairs: [string, keyof MenuActions][] = [
      ['अभी बैकअप लें', 'backupNow'],
      ['बैकअप की कॉपी यहाँ सेव करें…', 'saveBackupAs'],
      ['बैकअप से वापस लाएँ…', 'restoreBackup'],
      ['बैकअप फ़ोल्डर खोलें', 'openBackupsFolder'],
      ['अभी सिंक करें', 'syncNow'],
      ['सिंक रोकें', 'pauseSync'],
      ['सिंक फिर शुरू करें', 'resumeSync'],
      ['नया संस्करण देखें…', 'checkForUpdates'],
      ['जाँच जानकारी कॉपी करें', 'copyDiagnostics'],
      ['लॉग फ़ोल्डर खोलें', 'openLogsFolder'],
    ];
    for (const [label, action] of pairs) {
      click(find(t, label));
      expect(a[action]).toHaveBeenCalledTimes(1);
    }
    expect(t.map((i) => i.label)).toEqual([...(platform === 'darwin' ? ['लेनदेन'] : []), 'फ़ाइल', 'संपादन', 'दृश्य', 'सिंक', 'सहायता']);
  });
});
