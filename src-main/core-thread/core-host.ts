import { EVENT_NAMES, type EventName, type EventPayload, type Result } from '../contract';
import { latestMigrationAt, setBackupHost } from '../core/backup';
import { LedgerCore, type CoreOptions } from '../core/core';

export interface CoreHostOptions extends Pick<CoreOptions, 'file' | 'migrationsFolder' | 'version' | 'log' | 'secureStore' | 'sync' | 'now' | 'checkpointer'> {
  /** Where backups go. Given by the desktop app, which also allows restore; without it restore is refused. */
  backupsFolder?: string;
  /** Every core event, to the routing thread (and from there to the window and the tray). */
  forward<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** After a restore swapped the database: the renderer must reload its view of the data. */
  onReplaced(): void;
}

/**
 * Owns the one LedgerCore of the core thread. A restore closes it and opens a new one on the
 * same file (core/backup/restore.ts), so everything reaches the core through here: calls made
 * while the file is being swapped wait for the new core instead of hitting a closed database,
 * and event forwarding follows whichever core is current.
 */
export class CoreHost {
  private core: LedgerCore;
  private detach: (() => void)[] = [];
  private swapping: Promise<void> | null = null;
  private endSwap: (() => void) | null = null;
  private readonly latestMigration: number | undefined;

  /** Opens the database (migrating it); throws when it cannot. Call start() to begin syncing. */
  constructor(private readonly opts: CoreHostOptions) {
    this.latestMigration = latestMigrationAt(opts.migrationsFolder);
    this.core = this.open();
  }

  get current(): LedgerCore {
    return this.core;
  }

  /** Restore the saved session and start the sync loop (it reports through sync.status). */
  start(): Promise<void> {
    return this.core.sync.start();
  }

  async handle(name: unknown, input: unknown): Promise<Result<unknown>> {
    if (this.swapping) await this.swapping;
    return this.core.handle(name, input);
  }

  async close(): Promise<void> {
    for (const off of this.detach.splice(0)) off();
    await this.core.close();
  }

  private open(): LedgerCore {
    const core = new LedgerCore({
      file: this.opts.file,
      migrationsFolder: this.opts.migrationsFolder,
      version: this.opts.version,
      log: this.opts.log,
      secureStore: this.opts.secureStore,
      sync: this.opts.sync,
      now: this.opts.now,
      checkpointer: this.opts.checkpointer,
    });
    for (const event of EVENT_NAMES) this.detach.push(core.on(event, (payload) => this.opts.forward(event, payload)));
    if (this.opts.backupsFolder === undefined) return core;
    setBackupHost(core.db, {
      backupsFolder: this.opts.backupsFolder,
      latestMigrationAt: this.latestMigration,
      close: async () => {
        this.swapping = new Promise<void>((resolve) => (this.endSwap = resolve));
        await this.close();
      },
      reopen: async () => {
        try {
          this.core = this.open();
          await this.core.sync.start().catch((error: unknown) => this.opts.log?.('sync did not start after restore', error));
        } finally {
          // Callers waiting on the swap go on: to the new core, or (if even the put-back
          // failed) to the closed one, which answers with an error rather than hanging.
          this.swapping = null;
          this.endSwap?.();
        }
        this.opts.onReplaced();
      },
    });
    return core;
  }
}
