import type { Dialog } from 'electron';
import type { AppPaths } from './appPaths';
import { EVENT_NAMES, type EventName, type EventPayload } from './contract';
import type { SecureStore } from './core/sync/secure-store';
import { CoreThread, type CoreThreadOptions } from './core-thread/client';
import { WARM_DOCUMENTS_AFTER_MS, type LogLevel } from './core-thread/protocol';

/** The daily automatic backup (README: first check a minute after start, then hourly). */
export const DAILY_BACKUP = { firstAfterMs: 60_000, everyMs: 60 * 60 * 1000 };

export interface RegisterCoreDeps {
  /** The bundled worker: out/main/coreWorker.js beside the main bundle. */
  entry: URL | string;
  /** The bundled WAL checkpointer: out/main/checkpointWorker.js beside it. */
  checkpointWorker: URL;
  paths: Pick<AppPaths, 'databaseFile' | 'migrationsFolder' | 'backupsFolder' | 'logsFolder'>;
  version: string;
  /** safeStorage-backed (secureStore.ts): only this thread may use safeStorage, so the core asks here. */
  secureStore: SecureStore;
  dialog: Pick<Dialog, 'showMessageBox'>;
  log: Record<LogLevel, (...args: unknown[]) => void>;
  /** Every core event, to the window (IPC_EVENT) and the tray. */
  forward<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** After a restore swapped the database. */
  onReplaced(): void;
  /** Tests only: how the worker is started and restarted. */
  spawn?: CoreThreadOptions['spawn'];
  restarts?: CoreThreadOptions['restarts'];
}

/**
 * The desktop app's core: LedgerCore in a worker thread (core-thread/), so this main process
 * only routes IPC and never blocks the window. The worker gets the app's paths; the sign-in
 * store, the log and the reload after a restore are answered here. If the worker dies the
 * user is told, and it is started again (a few times at most).
 */
export function registerCore(deps: RegisterCoreDeps): CoreThread {
  const core = new CoreThread({
    entry: deps.entry,
    config: {
      file: deps.paths.databaseFile,
      migrationsFolder: deps.paths.migrationsFolder,
      version: deps.version,
      backupsFolder: deps.paths.backupsFolder,
      dailyBackup: DAILY_BACKUP,
      warmDocumentsAfterMs: WARM_DOCUMENTS_AFTER_MS,
      checkpointWorker: deps.checkpointWorker.href,
    },
    secureStore: deps.secureStore,
    log: (level, message, detail) => deps.log[level](message, detail ?? ''),
    onReplaced: deps.onReplaced,
    onCrash: (crash) =>
      void deps.dialog.showMessageBox(
        crash.restarting
          ? {
              type: 'warning',
              message: 'Lenden had a problem and restarted',
              detail: 'Everything Lenden showed as saved is safe. If you were saving something just now, check that it is there.',
              buttons: ['OK'],
            }
          : {
              type: 'error',
              message: 'Lenden cannot work with your data right now',
              detail: `It stopped several times in a row. Close Lenden and open it again; your saved data is safe.\n\nIf this keeps happening, please send the log folder to support:\n${deps.paths.logsFolder}`,
              buttons: ['OK'],
            },
      ),
    restarts: deps.restarts,
    spawn: deps.spawn,
  });
  for (const event of EVENT_NAMES) core.on(event, (payload) => deps.forward(event, payload));
  return core;
}
