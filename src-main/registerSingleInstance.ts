import type { App } from 'electron';

/**
 * One Lenden per user: two processes writing the same database and both syncing would be
 * asking for trouble. A second launch hands over to the first (which comes to the front)
 * and quits. Returns false in the second process.
 */
export function registerSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>, focusFirst: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => focusFirst());
  return true;
}
