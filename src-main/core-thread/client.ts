import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { EventName, EventPayload, MethodInput, MethodName, MethodResult, Result } from '../contract';
import { CoreEvents } from '../core/events';
import { MemorySecureStore, type SecureStore } from '../core/sync/secure-store';
import { describeError, readFromCore, type CoreThreadConfig, type FromCore, type LogLevel, type ToCore } from './protocol';
import { answerSecret } from './secrets';

/** What CoreThread needs of a worker: node's Worker, or a stand-in in tests. */
export interface CoreWorker {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'messageerror', listener: (error: Error) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface CoreCrash {
  /** What the thread said last (its uncaught error), or how it ended. */
  error: string;
  /** True while restarts are left: the thread is being started again. False: given up. */
  restarting: boolean;
}

export interface CoreThreadOptions {
  /** The worker's entry: out/main/coreWorker.js in the desktop app, dev-entry.mjs from sources. */
  entry: URL | string;
  config: Omit<CoreThreadConfig, 'secretsPersistent'>;
  /** The real sign-in store, used on this thread. Default: memory only (kept across restarts of the thread). */
  secureStore?: SecureStore;
  log?(level: LogLevel, message: string, detail?: string): void;
  /** A restore swapped the database: reload the window. */
  onReplaced?(): void;
  /** The thread died: tell the user (and whether it is being restarted). */
  onCrash?(crash: CoreCrash): void;
  /** At most `max` restarts within `withinMs`; the n-th waits n * delayMs first. */
  restarts?: { max: number; withinMs: number; delayMs: number };
  /** A thread that has not opened the database by then is stopped (and counts as a crash). */
  readyTimeoutMs?: number;
  /** How long close() waits for the thread to close the database before ending it. */
  closeTimeoutMs?: number;
  /** A call not answered by then gets TIMED_OUT (its work may still finish in the thread). */
  callTimeoutMs?: number;
  /** After a call times out the thread is pinged; no pong by then and it is hung: ended and restarted. */
  hungAfterMs?: number;
  spawn?(entry: URL | string, options: WorkerOptions): CoreWorker;
}

type State = 'starting' | 'ready' | 'restarting' | 'stopped' | 'closing' | 'closed';

type Failure = Extract<Result<never>, { ok: false }>;
const fail = (code: 'INTERNAL' | 'OFFLINE', message: string): Failure => ({ ok: false, error: { code, message } });
export const CRASHED = fail('INTERNAL', 'Lenden had a problem while doing this and is starting again. Check whether your last change was saved, then try again.');
export const STOPPED = fail('OFFLINE', 'Lenden cannot reach your data after repeated problems. Close Lenden and open it again; your saved data is safe.');
export const CLOSED = fail('OFFLINE', 'Lenden is closing, so this was not done.');
export const TIMED_OUT = fail('INTERNAL', 'Lenden is taking too long to do this. It may still finish: check before trying again.');

const utf8 = new TextEncoder();
const utf8decoder = new TextDecoder();

const DEFAULT_RESTARTS = { max: 3, withinMs: 10 * 60_000, delayMs: 500 };
/** Far beyond any real call (a restore or a 100k-row export takes seconds), so only a stuck one hits it. */
const CALL_TIMEOUT_MS = 3 * 60_000;

/**
 * The core thread's young generation (V8's space for new objects, in MB): semi-spaces of 32 MB
 * instead of V8's 16. A first sync decodes pages of 2,500 rows into objects that live until
 * the page is stored; with the default, many of them outlived two scavenges and were copied
 * into the old generation only to die there (garbage collection was a sixth of the core's
 * time in a first sync). In the stall group of `npm run bench` (a device as users run it,
 * 100k entries and their history), the first sync took 0.97 times as long as the same core
 * on the routing thread with V8's default, in the same run, against 1.22 times without this;
 * the device's peak RSS was 296 MB against 294 MB, its core heap 132 MB against 144 MB.
 * Semi-spaces of 48 MB were no faster and took the device to 356 MB.
 */
export const CORE_YOUNG_GENERATION_MB = 96;
const HUNG_AFTER_MS = 30_000;

interface Waiting {
  result(result: Result<unknown>): void;
  /** Set for calls that want their answer as JSON bytes. */
  json?(bytes: Uint8Array): void;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * The routing thread's handle on the core (DESIGN.md section 1): the core runs in a worker
 * thread so the Electron main process and the browser-shell host only pass messages and never
 * block. Calls go over with an id and come back as a Result; events arrive on `on`. The
 * thread's platform needs (the sign-in store, the log, the window reload after a restore) are
 * answered here. If the thread dies, calls in flight fail in plain words, the shell is told and
 * the thread is started again (a bounded number of times); nothing waits forever.
 */
export class CoreThread {
  private worker: CoreWorker | null = null;
  private state: State = 'starting';
  private ready!: Promise<void>;
  private settleReady!: { resolve(): void; reject(error: Error): void };
  private readonly pending = new Map<number, Waiting>();
  /** Calls answered TIMED_OUT whose real answer may still come (then it is dropped quietly). */
  private readonly late = new Set<number>();
  private ping: { id: number; timer: ReturnType<typeof setTimeout> } | null = null;
  private readonly events = new CoreEvents();
  private readonly store: SecureStore;
  private readonly restarts: NonNullable<CoreThreadOptions['restarts']>;
  private crashes: number[] = [];
  private nextId = 1;
  private lastError: string | null = null;
  private openFailed: string | null = null;
  private everReady = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed: { done: Promise<void>; ack(): void } | null = null;

  constructor(private readonly opts: CoreThreadOptions) {
    this.store = opts.secureStore ?? new MemorySecureStore();
    this.restarts = opts.restarts ?? DEFAULT_RESTARTS;
    this.newReady();
  }

  /** Starts the thread; resolves once the database is open, rejects with the reason when it cannot be. */
  start(): Promise<void> {
    if (!this.worker && this.state === 'starting') this.spawn();
    return this.ready;
  }

  /** True once the thread has ended for good (closed, or given up after crashes). */
  get stopped(): boolean {
    return this.state === 'closed' || this.state === 'stopped';
  }

  /** A contract call with untrusted input (IPC, WebSocket): always answers with a Result. */
  handle(name: unknown, input: unknown): Promise<Result<unknown>> {
    return new Promise((resolve) => this.request((id) => ({ kind: 'call', id, method: name, input }), { result: resolve }));
  }

  /**
   * The same call, answered as the Result's UTF-8 JSON, made in the core's thread: the browser
   * shell puts these bytes on the WebSocket as they are, whatever their size.
   */
  handleJson(name: unknown, input: unknown): Promise<Uint8Array> {
    return new Promise((resolve) =>
      this.request((id) => ({ kind: 'call', id, method: name, input, json: true }), { result: (result) => resolve(utf8.encode(JSON.stringify(result))), json: resolve }),
    );
  }

  /** The same, typed from the contract, for the shell's own calls. */
  call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<Result<MethodResult<M>>> {
    return this.handle(method, input) as Promise<Result<MethodResult<M>>>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Tests and benchmarks only: run a named function of config.testHooks inside the thread. */
  runTestHook(name: string, arg?: unknown): Promise<Result<unknown>> {
    return new Promise((resolve) => this.request((id) => ({ kind: 'test-hook', id, name, arg }), { result: resolve }));
  }

  /** Stops sync and closes the database in the thread (checkpointing the WAL), then ends it. */
  close(): Promise<void> {
    if (this.closed) return this.closed.done;
    let ack!: () => void;
    const acked = new Promise<void>((resolve) => (ack = resolve));
    const done = (async () => {
      const was = this.state;
      this.state = 'closing';
      if (this.timer) clearTimeout(this.timer);
      if (this.ping) clearTimeout(this.ping.timer);
      const worker = this.worker;
      if (worker && was !== 'stopped') {
        worker.postMessage({ kind: 'close' } satisfies ToCore);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const inTime = await Promise.race([acked.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.opts.closeTimeoutMs ?? 15_000)))]);
        clearTimeout(timer);
        if (!inTime) this.log('error', 'the core did not close its database in time; ending it');
      }
      if (worker) await worker.terminate().catch(() => undefined);
      this.worker = null;
      this.state = 'closed';
      this.failPending(CLOSED);
      this.settleReady.reject(new Error(CLOSED.error.message));
    })();
    this.closed = { done, ack };
    return done;
  }

  /** Sends once the thread is ready; `answer` gets exactly one answer, whatever happens to the thread. */
  private async request(make: (id: number) => ToCore, answer: Waiting): Promise<void> {
    for (;;) {
      if (this.state === 'closing' || this.state === 'closed') return answer.result(CLOSED);
      if (this.state === 'stopped') return answer.result(STOPPED);
      if (this.state === 'ready') break;
      if (!this.worker && this.state === 'starting') this.spawn();
      try {
        await this.ready;
      } catch {
        // The loop answers from the new state (stopped or closed).
      }
    }
    const worker = this.worker!;
    const id = this.nextId++;
    this.pending.set(id, answer);
    try {
      worker.postMessage(make(id));
      answer.timer = setTimeout(() => this.timedOut(worker, id), this.opts.callTimeoutMs ?? CALL_TIMEOUT_MS);
    } catch (error) {
      // Only this thread's own callers can hand over something that does not clone (a function).
      this.pending.delete(id);
      answer.result({ ok: false, error: { code: 'VALIDATION', message: `This request cannot be sent to the core: ${(error as Error).message}` } });
    }
  }

  private newReady(): void {
    this.ready = new Promise<void>((resolve, reject) => (this.settleReady = { resolve, reject }));
    // Nobody may be waiting (a crash while idle): that must not be an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  private spawn(): void {
    const spawn = this.opts.spawn ?? ((entry, options) => new Worker(entry, options));
    this.lastError = null;
    let worker: CoreWorker;
    try {
      worker = spawn(this.opts.entry, {
        workerData: { ...this.opts.config, secretsPersistent: this.store.persistent } satisfies CoreThreadConfig,
        name: 'lenden-core',
        resourceLimits: { maxYoungGenerationSizeMb: CORE_YOUNG_GENERATION_MB },
      });
    } catch (error) {
      // No thread at all (a missing entry, no memory for one): the same as one that died at once.
      return this.giveUp(describeError(error) ?? 'no thread', `Lenden could not start: ${(error as Error).message ?? String(error)}`);
    }
    this.worker = worker;
    worker.on('message', (raw) => this.receive(worker, raw));
    worker.on('messageerror', (error) => this.log('warn', 'a message from the core could not be read', describeError(error)));
    worker.on('error', (error) => {
      this.lastError = describeError(error) ?? 'unknown error';
      this.log('error', 'the core thread failed', this.lastError);
    });
    worker.on('exit', (code) => this.exited(worker, code));
    const readyTimeout = this.opts.readyTimeoutMs ?? 120_000;
    this.timer = setTimeout(() => {
      if (this.worker !== worker || this.state === 'ready') return;
      this.lastError = `the core did not open the database within ${Math.round(readyTimeout / 1000)} s`;
      void worker.terminate();
    }, readyTimeout);
  }

  private receive(worker: CoreWorker, raw: unknown): void {
    if (worker !== this.worker) return;
    const read = readFromCore(raw);
    if (!read.ok) return this.log('warn', `refused a message from the core: ${read.why}`);
    const message: FromCore = read.message;
    switch (message.kind) {
      case 'ready':
        if (this.timer) clearTimeout(this.timer);
        if (this.state === 'starting' || this.state === 'restarting') this.state = 'ready';
        this.everReady = true;
        return this.settleReady.resolve();
      case 'open-failed':
        this.openFailed = message.message;
        return;
      case 'result':
      case 'result-json': {
        const waiting = this.take(message.id);
        if (!waiting) {
          if (this.late.delete(message.id)) return this.log('info', `a call that timed out finished after all (${message.id})`);
          return this.log('warn', `the core answered a call nobody is waiting for (${message.id})`);
        }
        if (message.kind === 'result') return waiting.result(message.result);
        return waiting.json ? waiting.json(message.json) : waiting.result(JSON.parse(utf8decoder.decode(message.json)) as Result<unknown>);
      }
      case 'event':
        return this.events.emit(message.event, message.payload as never);
      case 'secret':
        void answerSecret(this.store, message).then((result) => {
          if (this.worker === worker) worker.postMessage({ kind: 'secret-answer', id: message.id, result, persistent: this.store.persistent } satisfies ToCore);
        });
        return;
      case 'log':
        return this.log(message.level, message.message, message.detail);
      case 'replaced':
        return this.opts.onReplaced?.();
      case 'closed':
        return this.closed?.ack();
      case 'pong':
        if (this.ping?.id === message.id) {
          clearTimeout(this.ping.timer);
          this.ping = null;
        }
        return;
    }
  }

  private take(id: number): Waiting | undefined {
    const waiting = this.pending.get(id);
    if (!waiting) return undefined;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    return waiting;
  }

  /** A call went unanswered too long: answer it, then check the thread still answers at all. */
  private timedOut(worker: CoreWorker, id: number): void {
    const waiting = this.take(id);
    if (!waiting || worker !== this.worker) return;
    this.late.add(id);
    this.log('warn', `a call to the core timed out (${id})`);
    waiting.result(TIMED_OUT);
    if (this.ping) return;
    const ping = { id: this.nextId++, timer: setTimeout(() => this.hung(worker), this.opts.hungAfterMs ?? HUNG_AFTER_MS) };
    this.ping = ping;
    worker.postMessage({ kind: 'ping', id: ping.id } satisfies ToCore);
  }

  private hung(worker: CoreWorker): void {
    this.ping = null;
    if (worker !== this.worker) return;
    // Ending it fails what still waits and restarts it like any crash (exited).
    this.lastError = `the core stopped answering (no reply within ${(this.opts.hungAfterMs ?? HUNG_AFTER_MS) / 1000} s)`;
    void worker.terminate();
  }

  private exited(worker: CoreWorker, code: number): void {
    if (worker !== this.worker) return;
    if (this.timer) clearTimeout(this.timer);
    if (this.ping) clearTimeout(this.ping.timer);
    this.ping = null;
    this.late.clear();
    this.worker = null;
    if (this.state === 'closing' || this.state === 'closed') {
      this.closed?.ack();
      return this.failPending(CLOSED);
    }
    const error = this.openFailed ?? this.lastError ?? `the core thread ended (exit code ${code})`;
    this.failPending(CRASHED);
    // A database that does not open, or a thread that never came up, will not do better on a retry.
    if (this.openFailed || !this.everReady) return this.giveUp(error, this.openFailed ?? `Lenden could not start: ${error}`);
    const now = Date.now();
    this.crashes = [...this.crashes.filter((at) => now - at < this.restarts.withinMs), now];
    if (this.crashes.length > this.restarts.max) return this.giveUp(error, STOPPED.error.message);
    this.log('error', 'the core thread stopped; starting it again', error);
    this.state = 'restarting';
    this.newReady();
    this.opts.onCrash?.({ error, restarting: true });
    this.timer = setTimeout(() => this.spawn(), this.restarts.delayMs * this.crashes.length);
  }

  private giveUp(error: string, why: string): void {
    this.state = 'stopped';
    this.log('error', 'the core thread stopped for good', error);
    this.settleReady.reject(new Error(why));
    if (this.everReady) this.opts.onCrash?.({ error, restarting: false });
  }

  private failPending(result: Result<never>): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const answer of waiting) {
      clearTimeout(answer.timer);
      answer.result(result);
    }
  }

  private log(level: LogLevel, message: string, detail?: string): void {
    if (this.opts.log) this.opts.log(level, message, detail);
    else if (level !== 'info') console.error(`[lenden core] ${message}`, detail ?? '');
  }
}
