import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { ShellSettings } from './shellSettings';

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

/** The application menu. Edit roles are there so copy/paste shortcuts work on macOS. */
export function appMenuTemplate(opts: { platform: NodeJS.Platform; isPackaged: boolean; settings: ShellSettings; actions: MenuActions }): MenuItemConstructorOptions[] {
  const { actions: a, settings, platform } = opts;
  const mac = platform === 'darwin';
  const preferences: MenuItemConstructorOptions[] = [
    { label: mac ? 'Keep in Menu Bar When Window Is Closed' : 'Keep running in the tray when closed', type: 'checkbox', checked: settings.closeToTray, click: (item) => a.setCloseToTray(item.checked) },
    // Electron's login items cover Windows and macOS; Linux desktops have no common API.
    ...(platform === 'linux' ? [] : [{ label: 'Start Lenden when I log in', type: 'checkbox' as const, checked: settings.launchAtLogin, click: (item: Electron.MenuItem) => a.setLaunchAtLogin(item.checked) }]),
  ];
  const backups: MenuItemConstructorOptions[] = [
    { label: 'Back Up Now', accelerator: 'CmdOrCtrl+Shift+B', click: () => a.backupNow() },
    { label: 'Save a Backup Copy As…', click: () => a.saveBackupAs() },
    { label: 'Restore from Backup…', click: () => a.restoreBackup() },
    { label: 'Open Backups Folder', click: () => a.openBackupsFolder() },
  ];
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'Lenden',
      submenu: [{ role: 'about' }, { type: 'separator' }, ...preferences, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push({
    label: mac ? 'File' : '&File',
    submenu: [...backups, { type: 'separator' }, ...(mac ? [{ role: 'close' as const }] : [...preferences, { type: 'separator' as const }, { role: 'quit' as const, label: 'Quit Lenden' }])],
  });
  template.push({
    label: mac ? 'Edit' : '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  template.push({
    label: mac ? 'View' : '&View',
    submenu: [
      ...(opts.isPackaged ? [] : [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: mac ? 'Sync' : '&Sync',
    submenu: [
      { label: 'Sync Now', accelerator: 'CmdOrCtrl+Shift+S', click: () => a.syncNow() },
      { label: 'Pause Sync', click: () => a.pauseSync() },
      { label: 'Resume Sync', click: () => a.resumeSync() },
    ],
  });
  template.push({
    label: mac ? 'Help' : '&Help',
    role: 'help',
    submenu: [
      { label: 'Check for Updates…', click: () => a.checkForUpdates() },
      { label: 'Copy Diagnostics', click: () => a.copyDiagnostics() },
      { label: 'Open Logs Folder', click: () => a.openLogsFolder() },
      ...(mac ? [] : [{ type: 'separator' as const }, { role: 'about' as const, label: 'About Lenden' }]),
    ],
  });
  return template;
}

export function registerMenu(opts: Parameters<typeof appMenuTemplate>[0]): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(opts)));
}
