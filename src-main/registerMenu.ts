import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { ShellSettings } from './shellSettings';
import { shellWords, type ShellLanguage } from './shellWords';

export interface MenuActions {
  backupNow(): void;
  saveBackupAs(): void;
  restoreBackup(): void;
  openBackupsFolder(): void;
  syncNow(): void;
  pauseSync(): void;
  resumeSync(): void;
  checkForUpdates(): void;
  copyDiagnostics(): void;
  openLogsFolder(): void;
  setCloseToTray(on: boolean): void;
  setLaunchAtLogin(on: boolean): void;
}

/**
 * The application menu in the person's language. Edit roles are there so copy/paste shortcuts
 * work on macOS; every role gets its label here too, or Electron would show its English one.
 * Windows gets & access keys on the top menus (English only: Devanagari has no such letters).
 */
export function appMenuTemplate(opts: { platform: NodeJS.Platform; isPackaged: boolean; settings: ShellSettings; actions: MenuActions; language?: ShellLanguage }): MenuItemConstructorOptions[] {
  const { actions: a, settings, platform } = opts;
  const mac = platform === 'darwin';
  const w = shellWords(opts.language);
  const top = (label: string) => (mac || opts.language === 'hi' ? label : `&${label}`);
  const preferences: MenuItemConstructorOptions[] = [
    { label: mac ? w.keepInMenuBar : w.keepInTray, type: 'checkbox', checked: settings.closeToTray, click: (item) => a.setCloseToTray(item.checked) },
    // Electron's login items cover Windows and macOS; Linux desktops have no common API.
    ...(platform === 'linux' ? [] : [{ label: w.startAtLogin, type: 'checkbox' as const, checked: settings.launchAtLogin, click: (item: Electron.MenuItem) => a.setLaunchAtLogin(item.checked) }]),
  ];
  const backups: MenuItemConstructorOptions[] = [
    { label: w.backUpNow, accelerator: 'CmdOrCtrl+Shift+B', click: () => a.backupNow() },
    { label: w.saveBackupAs, click: () => a.saveBackupAs() },
    { label: w.restoreBackup, click: () => a.restoreBackup() },
    { label: w.openBackupsFolder, click: () => a.openBackupsFolder() },
  ];
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: w.app,
      submenu: [
        { role: 'about', label: w.about },
        { type: 'separator' },
        ...preferences,
        { type: 'separator' },
        { role: 'services', label: w.services },
        { type: 'separator' },
        { role: 'hide', label: w.hide },
        { role: 'hideOthers', label: w.hideOthers },
        { role: 'unhide', label: w.unhide },
        { type: 'separator' },
        { role: 'quit', label: w.quit },
      ],
    });
  }
  template.push({
    label: top(w.file),
    submenu: [...backups, { type: 'separator' }, ...(mac ? [{ role: 'close' as const, label: w.close }] : [...preferences, { type: 'separator' as const }, { role: 'quit' as const, label: w.quit }])],
  });
  template.push({
    label: top(w.edit),
    submenu: [
      { role: 'undo', label: w.undo },
      { role: 'redo', label: w.redo },
      { type: 'separator' },
      { role: 'cut', label: w.cut },
      { role: 'copy', label: w.copy },
      { role: 'paste', label: w.paste },
      { role: 'selectAll', label: w.selectAll },
    ],
  });
  template.push({
    label: top(w.view),
    submenu: [
      ...(opts.isPackaged ? [] : [{ role: 'reload' as const, label: w.reload }, { role: 'toggleDevTools' as const, label: w.devTools }, { type: 'separator' as const }]),
      { role: 'resetZoom', label: w.resetZoom },
      { role: 'zoomIn', label: w.zoomIn },
      { role: 'zoomOut', label: w.zoomOut },
      { type: 'separator' },
      { role: 'togglefullscreen', label: w.fullScreen },
    ],
  });
  template.push({
    label: top(w.sync),
    submenu: [
      { label: w.syncNow, accelerator: 'CmdOrCtrl+Shift+S', click: () => a.syncNow() },
      { label: w.pauseSync, click: () => a.pauseSync() },
      { label: w.resumeSync, click: () => a.resumeSync() },
    ],
  });
  template.push({
    label: top(w.help),
    role: 'help',
    submenu: [
      { label: w.checkForUpdates, click: () => a.checkForUpdates() },
      { label: w.copyDiagnostics, click: () => a.copyDiagnostics() },
      { label: w.openLogsFolder, click: () => a.openLogsFolder() },
      ...(mac ? [] : [{ type: 'separator' as const }, { role: 'about' as const, label: w.about }]),
    ],
  });
  return template;
}

export function registerMenu(opts: Parameters<typeof appMenuTemplate>[0]): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(opts)));
}
