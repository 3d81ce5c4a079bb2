import path from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { SyncStatus } from './contract/sync-status';
import { trayStateFor, type TrayState } from './trayState';
import { shellWords, type ShellLanguage } from './shellWords';

export interface TrayActions {
  open(): void;
  syncNow(): void;
  pause(): void;
  resume(): void;
  quit(): void;
}

const isPaused = (status: SyncStatus) => status.state === 'error' && status.paused === true;

/** The tray menu for a sync status, in the person's language: open, the status line, sync controls, quit. */
export function trayMenuTemplate(status: SyncStatus, state: TrayState, actions: TrayActions, language: ShellLanguage = 'en'): MenuItemConstructorOptions[] {
  const canSync = status.state !== 'local-only';
  const w = shellWords(language);
  return [
    { label: w.openApp, click: () => actions.open() },
    { type: 'separator' },
    { label: state.label, enabled: false },
    { label: w.traySyncNow, enabled: canSync && !isPaused(status) && status.state !== 'syncing', click: () => actions.syncNow() },
    isPaused(status) ? { label: w.trayResume, enabled: canSync, click: () => actions.resume() } : { label: w.trayPause, enabled: canSync, click: () => actions.pause() },
    { type: 'separator' },
    { label: w.quit, click: () => actions.quit() },
  ];
}

/** Icon file for a state: macOS gets a template image (drawn by the system in the menu bar's colour), others a coloured PNG; @2x is picked up automatically. */
export function trayIconPath(folder: string, icon: TrayState['icon'], platform: NodeJS.Platform): string {
  return path.join(folder, platform === 'darwin' ? `${icon}Template.png` : `${icon}.png`);
}

export function registerTray(opts: { iconsFolder: string; platform: NodeJS.Platform; initial: SyncStatus; actions: TrayActions; language?: ShellLanguage }): {
  update(status: SyncStatus): void;
  /** Redraws the tooltip and menu in another language (the person switched it in the window). */
  setLanguage(language: ShellLanguage): void;
  destroy(): void;
} {
  let language: ShellLanguage = opts.language ?? 'en';
  let last = opts.initial;
  const image = (icon: TrayState['icon']) => {
    const img = nativeImage.createFromPath(trayIconPath(opts.iconsFolder, icon, opts.platform));
    if (opts.platform === 'darwin') img.setTemplateImage(true);
    return img;
  };
  const first = trayStateFor(opts.initial, { language });
  const tray = new Tray(image(first.icon));
  let current: TrayState['icon'] = first.icon;
  const render = (status: SyncStatus) => {
    last = status;
    const state = trayStateFor(status, { language });
    if (state.icon !== current) {
      tray.setImage(image(state.icon));
      current = state.icon;
    }
    tray.setToolTip(state.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(status, state, opts.actions, language)));
  };
  render(opts.initial);
  // Windows: a left click opens the window (the menu is on right click); macOS shows the menu on click.
  if (opts.platform !== 'darwin') tray.on('click', () => opts.actions.open());
  return {
    update: (status) => {
      if (!tray.isDestroyed()) render(status);
    },
    setLanguage: (next) => {
      if (next === language) return;
      language = next;
      if (!tray.isDestroyed()) render(last);
    },
    destroy: () => tray.destroy(),
  };
}
