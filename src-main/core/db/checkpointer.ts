import { Worker } from 'node:worker_threads';
import type { Sqlite } from './open';

export interface CheckpointerOptions {
  /**
   * The thread's entry: out/main/checkpointWorker.js in the desktop app
   * (electron.vite.config.ts), SOURCE_CHECKPOINT_WORKER (core-thread/source-entry.ts) from the sources.
   */
  entry: URL | string;
  /** While the log keeps growing: how often to copy it into the file. */
  busyMs?: number;
  /** While nothing is written: how often to look. */
  idleMs?: number;
  log?: (message: string, error?: unknown) => void;
  /** Each checkpoint's outcome (tests). */
  onCheckpoint?: (outcome: { log: number; checkpointed: number }) => void;
}

/**
 * SQLite's own checkpoint runs inside the commit that grows the log past 1,000 pages: a save
 * or a pulled page now and then pays for copying 4 MB into the file and syncing it, on the
 * thread that answers the window. A new device's first sync pays it every few pages (about
 * a tenth of its time). The checkpointer does that copying on a thread and connection of its
 * own (checkpoint-worker.mjs); the core checkpoints itself only if the log still grows past
 * FALLBACK_PAGES (the thread is behind, or gone), and if the thread stops the core's usual
 * checkpoint comes back.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private running = true;
  /** True once the thread has its connection open and copies the log; false if it stopped before. */
  readonly ready: Promise<boolean>;

  /** Log pages the core lets build up before it copies them itself (the thread should have). */
  static readonly FALLBACK_PAGES = 16_384;
  /** SQLite's default: what the core does again when the thread is not there. */
  static readonly DEFAULT_PAGES = 1_000;
  /** A log that was long (a first sync) is cut back to this when it starts afresh. */
  static readonly LOG_LIMIT_BYTES = 64 * 1024 * 1024;

  constructor(
    private readonly db: Sqlite,
    file: string,
    private readonly opts: CheckpointerOptions,
  ) {
    db.pragma(`wal_autocheckpoint = ${WalCheckpointer.FALLBACK_PAGES}`);
    db.pragma(`journal_size_limit = ${WalCheckpointer.LOG_LIMIT_BYTES}`);
    this.worker = new Worker(opts.entry, {
      workerData: { file, busyMs: opts.busyMs ?? 100, idleMs: opts.idleMs ?? 1_000 },
      // It holds a connection and a timer, nothing more: a small heap keeps the app's memory down
      // (past it the thread ends, and the core checkpoints itself again).
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 24 },
    });
    // The core closes it (stop); it never keeps a process alive on its own.
    this.worker.unref();
    let started: (ready: boolean) => void = () => undefined;
    this.ready = new Promise<boolean>((resolve) => (started = resolve));
    this.worker.on('message', (message: { kind?: string; log?: number; checkpointed?: number; message?: string }) => {
      if (message?.kind === 'ready') started(true);
      else if (message?.kind === 'checkpointed') this.opts.onCheckpoint?.({ log: message.log ?? 0, checkpointed: message.checkpointed ?? 0 });
      else if (message?.kind === 'trouble') this.opts.log?.(`the checkpointer could not copy the log this time: ${message.message ?? ''}`);
      else if (message?.kind === 'failed') this.opts.log?.(`the checkpointer stopped: ${message.message ?? ''}; the core checkpoints itself again`);
    });
    this.worker.on('error', (error) => this.opts.log?.('the checkpointer failed; the core checkpoints itself again', error));
    this.exited = new Promise<void>((resolve) =>
      this.worker.once('exit', () => {
        started(false);
        this.fallBack();
        resolve();
      }),
    );
  }

  /** Whether the thread is still copying the log. */
  get active(): boolean {
    return this.running;
  }

  /**
   * Ends the thread and closes its connection; the core closes the database only after this,
   * so no other connection holds the file while a restore swaps it.
   */
  async stop(): Promise<void> {
    if (this.running) this.worker.postMessage({ kind: 'stop' });
    // A checkpoint in progress finishes first either way; the thread's connection closes with it.
    const late = setTimeout(() => void this.worker.terminate(), 2_000);
    try {
      await this.exited;
    } finally {
      clearTimeout(late);
    }
  }

  private fallBack(): void {
    this.running = false;
    try {
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${WalCheckpointer.DEFAULT_PAGES}`);
    } catch (error) {
      // The connection is busy (an open statement): the log then grows to FALLBACK_PAGES at most.
      this.opts.log?.('the core could not take its checkpoints back from the checkpointer', error);
    }
  }
}
