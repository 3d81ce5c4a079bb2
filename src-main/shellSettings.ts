import fs from 'node:fs';
import path from 'node:path';
import { isShellLanguage, type ShellLanguage } from './shellWords';

/** Desktop-only preferences. They belong to this computer, not the business, so they live in a small file in userData, not the synced database. */
export interface ShellSettings {
  /** Closing the window keeps Lenden running in the tray so sync continues. */
  closeToTray: boolean;
  /** Start Lenden (hidden in the tray) when the user logs in. */
  launchAtLogin: boolean;
  /** The UI language last seen, so the menu and a start-up error speak it before the core answers. */
  language?: ShellLanguage;
}

export const defaultShellSettings = (platform: NodeJS.Platform): ShellSettings => ({
  // On macOS closing a window never quits an app anyway; on Windows the shop PC expects the X to quit unless asked otherwise.
  closeToTray: platform === 'darwin',
  launchAtLogin: false,
});

export function loadShellSettings(file: string, platform: NodeJS.Platform): ShellSettings {
  const defaults = defaultShellSettings(platform);
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Record<keyof ShellSettings, unknown>>;
    return {
      closeToTray: typeof raw.closeToTray === 'boolean' ? raw.closeToTray : defaults.closeToTray,
      launchAtLogin: typeof raw.launchAtLogin === 'boolean' ? raw.launchAtLogin : defaults.launchAtLogin,
      ...(isShellLanguage(raw.language) ? { language: raw.language } : {}),
    };
  } catch {
    return defaults;
  }
}

export function saveShellSettings(file: string, settings: ShellSettings): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(settings, null, 2));
  fs.renameSync(tmp, file);
}
