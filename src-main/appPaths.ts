import path from 'node:path';

/** Where the shell finds its files, packaged (inside resources/) or running from the repository. */
export interface AppPaths {
  userData: string;
  databaseFile: string;
  backupsFolder: string;
  logsFolder: string;
  settingsFile: string;
  windowStateFile: string;
  secureStoreFile: string;
  preloadFile: string;
  rendererFile: string;
  migrationsFolder: string;
  trayIconsFolder: string;
  appIcon: string;
}

export interface AppPathInputs {
  appPath: string;
  userData: string;
  logs: string;
  isPackaged: boolean;
  resourcesPath: string;
}

export function resolveAppPaths(i: AppPathInputs): AppPaths {
  const resources = i.isPackaged ? i.resourcesPath : path.join(i.appPath, 'build');
  return {
    userData: i.userData,
    databaseFile: path.join(i.userData, 'lenden.db'),
    backupsFolder: path.join(i.userData, 'backups'),
    logsFolder: i.logs,
    settingsFile: path.join(i.userData, 'shell-settings.json'),
    windowStateFile: path.join(i.userData, 'window-state.json'),
    secureStoreFile: path.join(i.userData, 'secure-store.json'),
    preloadFile: path.join(i.appPath, 'out', 'preload', 'index.cjs'),
    rendererFile: path.join(i.appPath, 'out', 'renderer', 'index.html'),
    migrationsFolder: i.isPackaged ? path.join(i.resourcesPath, 'drizzle') : path.join(i.appPath, 'drizzle'),
    trayIconsFolder: path.join(resources, 'tray'),
    appIcon: i.isPackaged ? path.join(i.resourcesPath, 'icon.png') : path.join(i.appPath, 'build', 'icon.png'),
  };
}
