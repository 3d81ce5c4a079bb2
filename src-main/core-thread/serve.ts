import type { Result } from '../contract';
import { runDailyBackup } from '../core/backup';
import type { LedgerCore } from '../core/core';
import type { SecureStore } from '../core/sync/secure-store';
import type { WebSocketCtor } from '../core/sync/session';
import { warmUpDocuments } from '../core/documents/pdf/warm-up';
import { CoreHost } from './core-host';
import { describeError, readToCore, type CoreThreadConfig, type FromCore, type LogLevel, type ToCore } from './protocol';
import { SecretsFromShell } from './secrets';

/** The end of a MessagePort the core thread talks through (parentPort in the worker). */
export interface CorePort {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  close?(): void;
}

/**
 * Only the browser shell (run from sources on Node 20) needs `ws`; the desktop app has a
 * WebSocket built in, so the name is not written as a literal that its bundle would pull in.
 */
const WS_PACKAGE = 'ws';

/** How long closing waits for calls still running (a big export) before closing under them. */
const CLOSE_WAIT_MS = 10_000;

const encoder = new TextEncoder();

const CLOSING: Result<never> = { ok: false, error: { code: 'OFFLINE', message: 'Lenden is closing, so this was not done.' } };

/**
 * The core thread's side of the protocol: opens the core (CoreHost, which also swaps it for a
 * restore), answers calls, forwards events, asks the shell for secrets, runs the daily backup
 * and closes cleanly when told. Runs in the worker (entry.ts); tests can run it on a
 * MessageChannel in their own thread.
 */
export async function serveCore(port: CorePort, config: CoreThreadConfig): Promise<void> {
  const send = (message: FromCore) => port.postMessage(message);
  const log = (level: LogLevel, message: string, error?: unknown) => send({ kind: 'log', level, message, detail: describeError(error) });
  const secrets = new SecretsFromShell(send, config.secretsPersistent);

  let webSocket: WebSocketCtor | undefined;
  if (config.nodeWebSocket) webSocket = ((await import(/* @vite-ignore */ WS_PACKAGE)) as { default: WebSocketCtor }).default;

  let host: CoreHost;
  try {
    host = new CoreHost({
      file: config.file,
      migrationsFolder: config.migrationsFolder,
      version: config.version,
      backupsFolder: config.backupsFolder,
      secureStore: secrets,
      log: (message, error) => log('error', message, error),
      sync: { ...config.sync, webSocket },
      checkpointer: config.checkpointWorker ? { entry: new URL(config.checkpointWorker) } : undefined,
      forward: (event, payload) => send({ kind: 'event', event, payload } as FromCore),
      onReplaced: () => send({ kind: 'replaced' }),
    });
  } catch (error) {
    send({ kind: 'open-failed', message: (error as Error).message ?? String(error) });
    port.close?.();
    return;
  }

  const running = new Set<Promise<unknown>>();
  const timers: ReturnType<typeof setTimeout>[] = [];
  let closing = false;

  if (config.dailyBackup && config.backupsFolder) {
    const folder = config.backupsFolder;
    const daily = () =>
      void runDailyBackup(host.current.db, folder, new Date()).then(
        (made) => made && log('info', 'daily backup', made.path),
        (error: unknown) => log('error', 'daily backup failed', error),
      );
    timers.push(setTimeout(daily, config.dailyBackup.firstAfterMs), setInterval(daily, config.dailyBackup.everyMs));
  }

  if (config.warmDocumentsAfterMs !== undefined) {
    // Not while calls run or sync pulls: the shop's own work comes first, and a first sync
    // keeps its memory to itself.
    const busy = () => running.size > 0 || host.current.sync.status().state === 'syncing';
    const warm = () =>
      void warmUpDocuments({ stop: () => closing, busy }).catch((error: unknown) => log('warn', 'warming up the documents failed', error));
    timers.push(setTimeout(warm, config.warmDocumentsAfterMs));
  }

  const answer = (id: number, result: Result<unknown>, json: boolean) => {
    if (!json) return send({ kind: 'result', id, result });
    // A fresh buffer of its own (TextEncoder never hands out a pooled one), so it can be moved.
    const bytes = encoder.encode(JSON.stringify(result));
    port.postMessage({ kind: 'result-json', id, json: bytes } satisfies FromCore, [bytes.buffer as ArrayBuffer]);
  };

  const track = (id: number, work: Promise<Result<unknown>>, json = false) => {
    const done = work.then(
      (result) => answer(id, result, json),
      // dispatch turns failures into data; this guards the thread against the unexpected.
      (error: unknown) => {
        log('error', 'a call failed outside dispatch', error);
        answer(id, { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Lenden. Nothing was saved.' } }, json);
      },
    );
    running.add(done);
    void done.finally(() => running.delete(done));
  };

  const close = async () => {
    closing = true;
    for (const timer of timers) clearTimeout(timer);
    let waited: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => (waited = setTimeout(resolve, CLOSE_WAIT_MS)))]);
    clearTimeout(waited);
    try {
      // Stops sync, then closes the connection: SQLite checkpoints the WAL into the file.
      await host.close();
    } catch (error) {
      log('error', 'closing the database failed', error);
    }
    secrets.failAll('Lenden is closing.');
    send({ kind: 'closed' });
    port.close?.();
  };

  const onMessage = (message: ToCore) => {
    switch (message.kind) {
      case 'call':
        if (closing) return answer(message.id, CLOSING, message.json === true);
        return track(message.id, host.handle(message.method, message.input), message.json === true);
      case 'secret-answer':
        return secrets.answer(message.id, message.result, message.persistent);
      case 'test-hook':
        return track(message.id, runTestHook(config.testHooks, message.name, message.arg, host.current, { secrets }));
      case 'ping':
        return send({ kind: 'pong', id: message.id });
      case 'close':
        if (!closing) void close();
    }
  };

  port.on('message', (raw) => {
    const read = readToCore(raw);
    if (read.ok) return onMessage(read.message);
    const id = (raw as { id?: unknown } | null)?.id;
    // A malformed call that still has an id gets its answer, so its caller does not wait forever.
    if (Number.isSafeInteger(id) && (id as number) > 0) {
      send({ kind: 'result', id: id as number, result: { ok: false, error: { code: 'VALIDATION', message: `The core refused a message: ${read.why}.` } } });
    }
    log('warn', `the core refused a message: ${read.why}`);
  });

  send({ kind: 'ready' });
  // A failed session restore (server down, stale session) must not keep the app from opening.
  void host.start().catch((error: unknown) => log('error', 'Sync could not start.', error));
}

/** What a test hook gets besides the core: the thread's own parts. */
export interface HookThread {
  secrets: SecureStore;
}

/** Tests and benchmarks reach into the core through named functions of a module they choose. */
async function runTestHook(modulePath: string | undefined, name: string, arg: unknown, core: LedgerCore, thread: HookThread): Promise<Result<unknown>> {
  if (!modulePath) return { ok: false, error: { code: 'FORBIDDEN', message: 'Test hooks are not enabled for this core.' } };
  try {
    const hooks = ((await import(/* @vite-ignore */ modulePath)) as { testHooks?: Record<string, (core: LedgerCore, arg: unknown, thread: HookThread) => unknown> }).testHooks ?? {};
    const hook = Object.prototype.hasOwnProperty.call(hooks, name) ? hooks[name] : undefined;
    if (!hook) return { ok: false, error: { code: 'NOT_FOUND', message: `No test hook "${name}".` } };
    const value = await hook(core, arg, thread);
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    return { ok: false, error: { code: 'INTERNAL', message: describeError(error) ?? 'The test hook failed.' } };
  }
}
