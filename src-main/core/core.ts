import { randomBytes, randomUUID } from 'node:crypto';
import type { EventName, EventPayload, Handlers, Result } from '../contract';
import { createHandlers } from './api';
import { dispatch } from './api/dispatch';
import { WalCheckpointer, type CheckpointerOptions } from './db/checkpointer';
import { openDatabase, type Sqlite } from './db/open';
import { DeviceState } from './db/state';
import { RowWriter } from './db/writer';
import { CoreEvents } from './events';
import type { LedgerContext } from './ledger/context';
import { readSettingsRow } from './ledger/settings/settings';
import { formatStamp, HybridClock, type ClockState } from './sync/clock';
import { BUSINESS_ORIGIN_KEY } from './sync/link';
import { isoDateInZone } from './util/dates';
import { newId } from './util/ids';
import { SyncEngine, type SyncEngineOptions } from './sync/engine';
import { MemorySecureStore, type SecureStore } from './sync/secure-store';

export interface CoreOptions {
  /** Database file (or ':memory:'). */
  file: string;
  migrationsFolder: string;
  /** App version reported by app.info. */
  version?: string;
  /** Injected clock for tests. */
  now?: () => Date;
  /** Name of the business created on first run. */
  businessName?: string;
  log?: (message: string, error?: unknown) => void;
  /** Where the signed-in session is kept (safeStorage in Electron). Default: memory only. */
  secureStore?: SecureStore;
  /** Sync engine tuning and platform pieces (WebSocket for Node, fault injection in tests). */
  sync?: Omit<SyncEngineOptions, 'store'>;
  /** Copy the write-ahead log into the file on a thread of its own (both shells); without it SQLite does so inside commits. */
  checkpointer?: Omit<CheckpointerOptions, 'log'>;
}

/**
 * The Electron-free heart of Lenden: the database, the ledger services behind the contract,
 * and the event bus. The Electron shell and the browser shell both wrap one of these.
 */
export class LedgerCore {
  readonly db: Sqlite;
  readonly events = new CoreEvents();
  readonly state: DeviceState;
  readonly clock: HybridClock;
  readonly ctx: LedgerContext;
  readonly handlers: Handlers;
  readonly sync: SyncEngine;
  private readonly writer: RowWriter;
  private readonly checkpointer: WalCheckpointer | null;
  private readonly now: () => Date;
  private readonly log: (message: string, error?: unknown) => void;
  private touchedTables: Set<string> | null = null;
  private timezoneCache: string | null = null;

  constructor(opts: CoreOptions) {
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? ((m, e) => console.error(m, e ?? ''));
    this.db = openDatabase(opts.file, { migrationsFolder: opts.migrationsFolder });
    try {
      this.state = new DeviceState(this.db);
      const identity = this.ensureIdentity();
      const saved = this.state.get('hlc');
      this.clock = new HybridClock(identity.node, saved ? (JSON.parse(saved) as ClockState) : undefined, () => this.now().getTime());
      this.writer = new RowWriter({
        db: this.db,
        clock: this.clock,
        deviceId: () => this.deviceId,
        userId: () => this.userId,
        businessId: () => this.businessId,
        nowIso: () => this.now().toISOString(),
        touched: (table) => this.touchedTables?.add(table),
      });
      this.ctx = {
        db: this.db,
        writer: this.writer,
        clock: this.clock,
        transact: (fn) => this.transact(fn),
        businessId: () => this.businessId,
        deviceId: () => this.deviceId,
        userId: () => this.userId,
        invoiceSeries: () => Number(this.state.get('invoice_series') ?? '1'),
        role: () => {
          const role = this.userId ? this.state.get('role') : null;
          return role === 'owner' || role === 'staff' ? role : null;
        },
        nowIso: () => this.now().toISOString(),
        today: () => isoDateInZone(this.now(), this.timezone()),
      };
      this.ensureBusiness(opts.businessName ?? 'My Shop');
      this.sync = new SyncEngine(this, { log: this.log, ...opts.sync, store: opts.secureStore ?? new MemorySecureStore() });
      this.handlers = createHandlers(this.ctx, { version: opts.version ?? '0.0.0', sync: this.sync });
    } catch (error) {
      // Nothing holds the file open after a core that could not start (a restore puts the old file back).
      this.db.close();
      throw error;
    }
    // Last: nothing after it can fail and leave its thread running.
    this.checkpointer = opts.checkpointer && opts.file !== ':memory:' ? this.startCheckpointer(opts.file, opts.checkpointer) : null;
  }

  /** The WAL checkpointer's thread, or null (SQLite's own checkpoints) if it cannot start. */
  private startCheckpointer(file: string, options: NonNullable<CoreOptions['checkpointer']>): WalCheckpointer | null {
    try {
      return new WalCheckpointer(this.db, file, { ...options, log: this.log });
    } catch (error) {
      // SQLite's own checkpoints go on: slower commits now and then, nothing else.
      this.db.pragma(`wal_autocheckpoint = ${WalCheckpointer.DEFAULT_PAGES}`);
      this.log('the checkpointer could not start', error);
      return null;
    }
  }

  /** Whether the checkpointer's thread is copying the log (false without one, or once it stopped). */
  async checkpointerReady(): Promise<boolean> {
    return (await this.checkpointer?.ready) === true && this.checkpointer?.active === true;
  }

  get deviceId(): string {
    return this.state.get('device_id')!;
  }

  get businessId(): string {
    return this.state.get('business_id')!;
  }

  get userId(): string | null {
    return this.state.get('user_id');
  }

  /** Call a contract method with untrusted input; always answers with a Result. */
  handle(method: unknown, input: unknown): Promise<Result<unknown>> {
    return dispatch(this.handlers, method, input, this.log);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.events.on(event, listener);
  }

  /**
   * One SQLite transaction. Nested calls join the outer one. After the outermost commit the
   * clock is saved with it and `db.changed` names the tables written.
   */
  transact<T>(fn: () => T): T {
    // Nested: a savepoint, so an inner failure the outer code catches leaves no half write.
    if (this.touchedTables) return this.db.transaction(fn)();
    const touched = new Set<string>();
    this.touchedTables = touched;
    let result: T;
    try {
      result = this.db.transaction(() => {
        const value = fn();
        if (touched.size) this.state.set('hlc', JSON.stringify(this.clock.snapshot()));
        return value;
      }).immediate();
    } finally {
      this.touchedTables = null;
    }
    if (touched.has('business_settings')) this.timezoneCache = null;
    if (touched.size) this.events.emit('db.changed', { tables: [...touched].sort() });
    return result;
  }

  /** Tell listeners that tables changed outside transact (sync merges call this). */
  notifyChanged(tables: Iterable<string>): void {
    const list = [...new Set(tables)].sort();
    if (list.includes('business_settings')) this.timezoneCache = null;
    if (list.length) this.events.emit('db.changed', { tables: list });
  }

  /** Stop syncing and close the database (after the checkpointer's connection: a restore may swap the file next). */
  async close(): Promise<void> {
    try {
      await this.sync.stop();
    } finally {
      await this.checkpointer?.stop();
      if (this.db.open) this.db.close();
    }
  }

  private timezone(): string {
    if (!this.timezoneCache) this.timezoneCache = readSettingsRow({ writer: this.writer, businessId: () => this.businessId })?.timezone ?? 'Asia/Kolkata';
    return this.timezoneCache;
  }

  private ensureIdentity(): { node: string } {
    if (!this.state.get('device_id')) {
      this.db.transaction(() => {
        this.state.set('device_id', randomUUID());
        this.state.set('hlc_node', randomBytes(8).toString('hex'));
        this.state.set('business_id', newId());
        this.state.set('invoice_series', '1');
      })();
    }
    return { node: this.state.get('hlc_node')! };
  }

  /**
   * A business made on this device starts with default settings. They are stamped at the
   * very beginning of time, so any real value written anywhere beats them. A device that
   * joined a business from the server never writes settings of its own for it: the real ones
   * arrive with its first pull (even after a restart or a lost network before then).
   */
  private ensureBusiness(name: string): void {
    if (this.state.get(BUSINESS_ORIGIN_KEY) === 'joined') return;
    if (readSettingsRow({ writer: this.writer, businessId: () => this.businessId })) return;
    this.transact(() => {
      this.writer.insert(
        'business_settings',
        { name, owner_name: null, phone: null, address: null, gstin: null, state_code: null, invoice_prefix: 'INV-', fy_start_month: 4, timezone: 'Asia/Kolkata' },
        this.businessId,
        { stamp: formatStamp(0, 0, this.clock.node) },
      );
    });
  }
}

export function createLedgerCore(opts: CoreOptions): LedgerCore {
  return new LedgerCore(opts);
}
