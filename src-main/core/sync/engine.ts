import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { LendenError } from '../../contract/errors';
import type { Account, SyncProblem } from '../../contract/sync';
import type { SyncStatus } from '../../contract/sync-status';
import type { LedgerCore } from '../core';
import type { Statement } from '../db/open';
import { SYNCED_TABLES, type SyncedTable } from '../db/schema';
import { Backoff } from './backoff';
import { Merger } from './merge';
import { Outbox } from './outbox';
import type { SecureStore } from './secure-store';
import { SupabaseTransport } from './transport';
import { SyncError, type Digest, type HistoryOp, type SyncTransport, type WireOp } from './wire';

type WebSocketCtor = NonNullable<NonNullable<Parameters<typeof createClient>[2]>['realtime']>['transport'];

export interface SyncEngineOptions {
  store: SecureStore;
  /** WebSocket implementation for Realtime (Node 20 has none built in: pass `ws`). */
  webSocket?: WebSocketCtor;
  random?: () => number;
  /** Slow safety pull, because Realtime pokes are not guaranteed to arrive. */
  safetyPullMs?: number;
  /** How often, at most, to compare digests with the server after catching up. */
  digestEveryMs?: number;
  pushBatch?: number;
  pullLimit?: number;
  /** Tests wrap the transport to inject faults. */
  wrapTransport?: (t: SyncTransport) => SyncTransport;
  log?: (message: string, error?: unknown) => void;
}

const SESSION_KEY = 'lenden.supabase.session';

/**
 * The sync loop (DESIGN.md section 4): pushes the outbox in order, pulls pages merged with
 * their cursor in one transaction, listens for Realtime pokes, retries with full-jitter
 * backoff, checks integrity by digest, and owns the one `sync.status`.
 */
export class SyncEngine {
  private client: SupabaseClient | null = null;
  private transport: SyncTransport | null = null;
  private channel: RealtimeChannel | null = null;
  private readonly outbox: Outbox;
  private readonly merger: Merger;
  private readonly backoff: Backoff;
  private current: SyncStatus;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private merging = false;
  private lastError: string | null = null;
  private lastDigestAt = 0;
  private userEmail: string | null = null;
  /** A live session exists (the account may be remembered while its session was lost). */
  private hasSession = false;
  private readonly unsubscribe: () => void;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(
    private readonly core: LedgerCore,
    private readonly opts: SyncEngineOptions,
  ) {
    this.outbox = new Outbox(core.db);
    this.merger = new Merger(core.db, this.outbox, core.clock);
    this.backoff = new Backoff({ random: opts.random });
    this.log = opts.log ?? ((m, e) => console.error(m, e ?? ''));
    this.current = { state: 'local-only', pending: 0 };
    // A local write queues an op: push it now rather than at the next timer.
    this.unsubscribe = core.on('db.changed', () => {
      if (!this.merging && this.client && !this.paused && this.outbox.count() > 0) this.kick(0);
      else if (!this.merging) this.refreshPending();
    });
  }

  // ---------- lifecycle ----------

  /** Restore the saved server settings and session, then start syncing if signed in. */
  async start(): Promise<void> {
    const url = this.core.state.get('server_url');
    const anonKey = this.core.state.get('anon_key');
    if (url && anonKey) {
      this.createClient(url, anonKey);
      const { data } = await this.client!.auth.getSession();
      if (data.session) {
        this.userEmail = data.session.user.email ?? null;
        this.hasSession = true;
        this.core.state.set('user_id', data.session.user.id);
        this.afterSignIn();
      } else if (this.core.userId) {
        // The session was not kept (no OS encryption, or it expired): the account and its
        // business stay linked, and the user is asked to sign in again; nothing is lost.
        this.lastError = 'Sign in again to keep syncing.';
      }
    }
    this.publish();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.unsubscribe();
    await this.running?.catch(() => undefined);
    await this.teardownClient();
  }

  // ---------- account ----------

  async configure(url: string, anonKey: string): Promise<Account> {
    const normalized = url.replace(/\/+$/, '');
    const current = this.core.state.get('server_url');
    if (current !== normalized && this.core.userId) {
      throw new LendenError('CONFLICT', 'Sign out before connecting to another server.');
    }
    // Records already synced live on that server and are no longer queued here: moving them
    // to another server would silently leave them behind, so refuse rather than lose them.
    if (current && current !== normalized && Number(this.core.state.get('pull_cursor') ?? '0') > 0 && !this.isPristine()) {
      throw new LendenError(
        'CONFLICT',
        'This device has records synced with another server. Keep using that server, or start a fresh Lenden install for the new one.',
      );
    }
    this.core.state.set('server_url', normalized);
    this.core.state.set('anon_key', anonKey);
    await this.teardownClient();
    this.createClient(normalized, anonKey);
    this.publish();
    return this.account();
  }

  async signUp(email: string, password: string): Promise<Account> {
    const client = this.requireClient();
    const { data, error } = await client.auth.signUp({ email, password });
    if (error) throw authError(error);
    if (!data.session) throw new LendenError('AUTH', 'Check your email to confirm the account, then sign in.');
    return this.completeSignIn(data.session.user.id, data.session.user.email ?? email);
  }

  async signIn(email: string, password: string): Promise<Account> {
    const client = this.requireClient();
    const { data, error } = await client.auth.signInWithPassword({ email, password });
    if (error) throw authError(error);
    return this.completeSignIn(data.user.id, data.user.email ?? email);
  }

  async signOut(): Promise<Account> {
    this.clearTimer();
    await this.channel?.unsubscribe().catch(() => undefined);
    this.channel = null;
    if (this.client) await this.client.auth.signOut({ scope: 'local' }).catch(() => undefined);
    await this.opts.store.delete(SESSION_KEY);
    this.core.db.transaction(() => {
      this.core.db.prepare("DELETE FROM sync_state WHERE key IN ('user_id', 'role', 'linked_business')").run();
    })();
    this.userEmail = null;
    this.hasSession = false;
    this.lastError = null;
    this.publish();
    return this.account();
  }

  account(): Account {
    const role = this.core.state.get('role');
    return {
      configured: Boolean(this.core.state.get('server_url')),
      serverUrl: this.core.state.get('server_url'),
      signedIn: Boolean(this.core.userId) && this.hasSession,
      email: this.userEmail,
      userId: this.core.userId,
      businessId: this.core.businessId,
      role: role === 'owner' || role === 'staff' ? role : null,
      sessionPersistent: this.opts.store.persistent,
    };
  }

  // ---------- controls ----------

  get paused(): boolean {
    return this.core.state.get('sync_paused') === '1';
  }

  status(): SyncStatus {
    return this.current;
  }

  /** "Sync now": retry at once and wait for the round to finish. */
  async syncNow(): Promise<SyncStatus> {
    this.backoff.reset();
    await this.runCycle();
    return this.current;
  }

  pause(): SyncStatus {
    this.core.state.set('sync_paused', '1');
    this.clearTimer();
    this.publish();
    return this.current;
  }

  resume(): SyncStatus {
    this.core.state.set('sync_paused', '0');
    this.backoff.reset();
    this.publish();
    this.kick(0);
    return this.current;
  }

  problems(includeDismissed: boolean): SyncProblem[] {
    const rows = this.core.db
      .prepare(`SELECT * FROM sync_problems ${includeDismissed ? '' : 'WHERE dismissed_at IS NULL'} ORDER BY id DESC LIMIT 500`)
      .all() as { id: number; op_id: string; table_name: string; row_id: string; code: string; message: string; fields: string; created_at: string }[];
    return rows.map((r) => ({
      id: r.id,
      opId: r.op_id,
      table: r.table_name,
      rowId: r.row_id,
      code: r.code,
      message: r.message,
      fields: JSON.parse(r.fields) as Record<string, unknown>,
      createdAt: r.created_at,
    }));
  }

  dismissProblem(id: number): void {
    const info = this.core.db.prepare('UPDATE sync_problems SET dismissed_at = ? WHERE id = ? AND dismissed_at IS NULL').run(new Date().toISOString(), id);
    if (info.changes === 0) throw new LendenError('NOT_FOUND', 'That sync problem does not exist.');
  }

  /** Schedule a round after `delayMs` (a sooner request replaces a later one). */
  kick(delayMs: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runCycle();
    }, delayMs);
    this.timer.unref?.();
  }

  // ---------- the round ----------

  private runCycle(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.cycle();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async cycle(): Promise<void> {
    if (this.stopped) return;
    if (!this.client || !this.core.userId || !this.hasSession || this.paused) {
      this.publish();
      return;
    }
    this.clearTimer();
    this.setStatus({ state: 'syncing', pending: this.outbox.count(), lastSyncedAt: this.lastSyncedAt() });
    try {
      await this.linkBusiness();
      await this.pushAll();
      await this.pullAll();
      await this.checkIntegrity();
      this.backoff.reset();
      this.lastError = null;
      this.core.state.set('last_synced_at', new Date().toISOString());
      this.publish();
      this.schedule(this.opts.safetyPullMs ?? 120_000);
    } catch (error) {
      await this.handleFailure(error);
    }
  }

  private async handleFailure(error: unknown): Promise<void> {
    const e = error instanceof SyncError ? error : error instanceof LendenError ? new SyncError('validation', error.message) : null;
    if (!e) {
      this.log('sync round failed', error);
      this.lastError = 'Sync stopped on an unexpected error. It will retry.';
    } else {
      this.lastError = e.message;
    }
    if (e?.kind === 'auth' && this.client) {
      // 401: refresh the session first, then retry at once.
      const { error: refreshError } = await this.client.auth.refreshSession();
      if (!refreshError) {
        this.kick(0);
        return;
      }
      this.lastError = 'Your session has expired. Sign in again to keep syncing.';
      this.setStatus({ state: 'error', pending: this.outbox.count(), lastSyncedAt: this.lastSyncedAt(), lastError: this.lastError, nextRetryAt: null });
      return;
    }
    const delay = this.backoff.next();
    const nextRetryAt = new Date(Date.now() + delay).toISOString();
    if (!e || e.retryable) {
      const state = e?.kind === 'network' ? 'offline' : 'error';
      this.setStatus(
        state === 'offline'
          ? { state, pending: this.outbox.count(), lastSyncedAt: this.lastSyncedAt(), lastError: this.lastError, nextRetryAt }
          : { state, pending: this.outbox.count(), lastSyncedAt: this.lastSyncedAt(), lastError: this.lastError!, nextRetryAt },
      );
      this.schedule(delay);
    } else {
      // Protocol, clock, permission: retrying soon will not help. Keep the ops, say why,
      // and try again slowly (the user may update the app or fix the clock meanwhile).
      const slow = Math.max(delay, 60_000);
      this.setStatus({
        state: 'error',
        pending: this.outbox.count(),
        lastSyncedAt: this.lastSyncedAt(),
        lastError: e.kind === 'protocol' ? `Update Lenden to keep syncing: ${e.message}` : e.message,
        nextRetryAt: new Date(Date.now() + slow).toISOString(),
      });
      this.schedule(slow);
    }
  }

  /** Make sure the server knows this business and this device (and its invoice series). */
  private async linkBusiness(): Promise<void> {
    const transport = this.transport!;
    const linked = this.core.state.get('linked_business');
    if (linked === this.core.businessId) return;
    const mine = await transport.myBusinesses();
    const local = this.core.businessId;
    const known = mine.find((b) => b.business_id === local);
    let role: string;
    let series: number;
    if (known) {
      role = known.role;
      series = (await transport.registerDevice(local, this.core.deviceId)).invoice_series;
    } else if (mine.length === 0) {
      const name = (this.core.db.prepare('SELECT name FROM business_settings WHERE id = ?').get(local) as { name: string } | undefined)?.name ?? 'My Shop';
      const claimed = await transport.claimBusiness(local, name, this.core.deviceId);
      role = claimed.role;
      series = claimed.invoice_series;
    } else {
      const remote = mine.find((b) => b.role === 'owner') ?? mine[0]!;
      if (!this.isPristine()) {
        throw new LendenError(
          'CONFLICT',
          'This account already has a business, and this device has its own records. Back them up, then use a fresh Lenden install to join the account.',
        );
      }
      // Get this device's own invoice series before switching, so no bill is ever numbered
      // in another device's series, then switch business, role and series at once.
      series = (await transport.registerDevice(remote.business_id, this.core.deviceId)).invoice_series;
      this.adoptBusiness(remote.business_id, remote.role, series);
      return;
    }
    this.core.db.transaction(() => {
      this.core.state.set('role', role);
      this.core.state.set('invoice_series', String(series));
      this.core.state.set('linked_business', this.core.businessId);
    })();
  }

  /** A device that has written nothing but its first-run business row may join another business. */
  private isPristine(): boolean {
    for (const table of SYNCED_TABLES) {
      if (table === 'business_settings' || table === 'profiles') continue;
      if (this.core.db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get()) return false;
    }
    return true;
  }

  private adoptBusiness(businessId: string, role: string, series: number): void {
    this.core.db.transaction(() => {
      if (!this.isPristine()) throw new LendenError('CONFLICT', 'This device has its own records; it cannot join another business.');
      this.core.state.set('role', role);
      this.core.state.set('invoice_series', String(series));
      this.core.state.set('linked_business', businessId);
      this.core.db.prepare("DELETE FROM outbox WHERE table_name IN ('business_settings', 'profiles')").run();
      this.core.db.prepare('DELETE FROM business_settings').run();
      this.core.db.prepare('DELETE FROM profiles').run();
      this.core.state.set('business_id', businessId);
      this.core.state.set('pull_cursor', '0');
    })();
    this.core.notifyChanged(['business_settings']);
  }

  private async pushAll(): Promise<void> {
    let batch = this.opts.pushBatch ?? 200;
    for (;;) {
      const { ops } = this.outbox.peek(batch);
      if (!ops.length) return;
      let result;
      try {
        result = await this.transport!.push(this.core.businessId, this.core.deviceId, ops);
      } catch (error) {
        if (error instanceof SyncError && error.kind === 'validation') {
          // The server refused the whole batch: find the op it cannot take, one at a time,
          // so one bad op does not block every later one.
          if (batch > 1) {
            batch = 1;
            continue;
          }
          this.rejectLocally(ops[0]!, 'VALIDATION', error.message);
          continue;
        }
        throw error;
      }
      this.applyPushResult(ops, result.accepted, result.rejected);
      if (batch === 1) batch = this.opts.pushBatch ?? 200;
    }
  }

  private applyPushResult(ops: WireOp[], accepted: string[], rejected: { op_id: string; code: string; message: string; row: Record<string, unknown> | null }[]): void {
    const answered = new Set([...accepted, ...rejected.map((r) => r.op_id)]);
    const unanswered = ops.filter((op) => !answered.has(op.op_id));
    const touched = new Set<string>();
    // A CLOCK refusal is about this device's clock, not the change: keep the op and its row
    // and retry once the clock is right. Later refusals of the same rows (an edit of a row
    // whose create was held back) are kept for the same reason.
    const held = new Set(rejected.filter((r) => r.code === 'CLOCK').map((r) => r.op_id));
    const heldRows = new Set(ops.filter((o) => held.has(o.op_id)).map((o) => `${o.table}:${o.row_id}`));
    this.merging = true;
    try {
      this.core.db.transaction(() => {
        // Delete acknowledged ops only now that the answer has arrived.
        this.outbox.remove(accepted);
        for (const r of rejected) {
          const op = ops.find((o) => o.op_id === r.op_id);
          if (!op || held.has(op.op_id) || heldRows.has(`${op.table}:${op.row_id}`)) continue;
          this.recordProblem(op, r.code, r.message);
          this.outbox.remove([op.op_id]);
          this.merger.restoreServerRow(op.table, op.row_id, r.row);
          touched.add(op.table);
          if (op.table === 'bills' && 'created_at' in op.fields && !r.row) {
            // The bill is gone, so the entry it posted (and any payments) must go too, on
            // this device and, through their own ops, on the server: no party may owe money
            // for a bill that exists nowhere. The refused bill stays in the sync problems.
            this.retractBillEntries(op.row_id);
            touched.add('transactions');
          }
        }
        for (const t of this.merger.applyDeferred()) touched.add(t);
        this.core.state.set('hlc', JSON.stringify(this.core.clock.snapshot()));
      })();
    } finally {
      this.merging = false;
    }
    this.core.notifyChanged(touched);
    this.refreshPending();
    const clock = rejected.find((r) => held.has(r.op_id));
    if (clock) throw new SyncError('clock', clock.message.replace(/^CLOCK:\s*/, ''));
    if (unanswered.length) throw new SyncError('server', 'The sync server did not answer for every change; retrying.');
  }

  private retractBillEntries(billId: string): void {
    const live = this.core.db.prepare('SELECT id FROM transactions WHERE bill_id = ? AND deleted_at IS NULL').all(billId) as { id: string }[];
    for (const { id } of live) this.core.ctx.writer.update('transactions', id, { deleted_at: new Date().toISOString() });
  }

  private rejectLocally(op: WireOp, code: string, message: string): void {
    this.merging = true;
    try {
      this.core.db.transaction(() => {
        this.recordProblem(op, code, message);
        this.outbox.remove([op.op_id]);
        // We do not know the server's row: a refused create goes, an edit is re-pulled.
        if ('created_at' in op.fields) this.merger.restoreServerRow(op.table, op.row_id, null);
        else this.core.state.set('pull_cursor', '0');
      })();
    } finally {
      this.merging = false;
    }
    this.core.notifyChanged([op.table]);
  }

  private recordProblem(op: WireOp, code: string, message: string): void {
    this.core.db
      .prepare('INSERT INTO sync_problems (op_id, table_name, row_id, code, message, fields, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(op.op_id, op.table, op.row_id, code, message, JSON.stringify(op.fields), new Date().toISOString());
  }

  private async pullAll(): Promise<void> {
    const limit = this.opts.pullLimit ?? 1000;
    for (;;) {
      const since = Number(this.core.state.get('pull_cursor') ?? '0');
      const page = await this.transport!.pull(this.core.businessId, since, limit);
      const touched = new Set<string>();
      this.merging = true;
      try {
        this.core.db.transaction(() => {
          for (const pulled of page.rows) {
            if (this.merger.applyServerRow(pulled)) touched.add(pulled.table);
            // Our own membership row tells us our role, which the owner may change.
            if (pulled.table === 'business_members' && pulled.row.user_id === this.core.userId && !pulled.row.deleted_at) {
              const role = String(pulled.row.role);
              if (role === 'owner' || role === 'staff') this.core.state.set('role', role);
            }
          }
          // Changes made on other devices join the local audit trail (our own ops are
          // there already under the same op id, so they are skipped).
          const history = historyStatement(this.core);
          for (const op of page.history ?? []) recordHistory(history, op);
          // The cursor moves in the same transaction as the rows it covers.
          this.core.state.set('pull_cursor', String(page.last_seq));
          this.core.state.set('head_seq', String(page.head_seq));
          this.core.state.set('hlc', JSON.stringify(this.core.clock.snapshot()));
        })();
      } finally {
        this.merging = false;
      }
      this.core.notifyChanged(touched);
      if (page.more) {
        this.setStatus({
          state: 'syncing',
          pending: this.outbox.count(),
          lastSyncedAt: this.lastSyncedAt(),
          progress: { done: page.last_seq, total: page.head_seq },
        });
      } else {
        return;
      }
    }
  }

  /** After catching up, compare a digest with the server's; repair a mismatch by a full re-pull. */
  private async checkIntegrity(force = false): Promise<void> {
    const every = this.opts.digestEveryMs ?? 10 * 60_000;
    if (!force && Date.now() - this.lastDigestAt < every) return;
    if (this.outbox.count() > 0) return;
    const server = await this.transport!.digest(this.core.businessId);
    // Only compare a quiet state: if the server moved on meanwhile, try next round.
    const since = Number(this.core.state.get('pull_cursor') ?? '0');
    const probe = await this.transport!.pull(this.core.businessId, since, 1);
    if (probe.rows.length || this.outbox.count() > 0) return;
    this.lastDigestAt = Date.now();
    const mismatch = compareDigests(localDigest(this.core), server);
    if (!mismatch) return;
    this.log(`integrity digest mismatch (${mismatch}); repairing by full re-pull`);
    this.core.state.set('pull_cursor', '0');
    await this.pullAll();
    const again = compareDigests(localDigest(this.core), await this.transport!.digest(this.core.businessId));
    if (again) throw new SyncError('server', `Integrity check failed after repair: ${again}`);
  }

  /** Run the digest comparison now (tests and the diagnostics screen). */
  async verifyIntegrity(): Promise<string | null> {
    const server = await this.requireTransport().digest(this.core.businessId);
    return compareDigests(localDigest(this.core), server);
  }

  // ---------- helpers ----------

  private async completeSignIn(userId: string, email: string): Promise<Account> {
    const previous = this.core.userId;
    if (previous && previous !== userId) {
      throw new LendenError('CONFLICT', 'Another account was signed in on this device. Sign out first.');
    }
    this.core.state.set('user_id', userId);
    this.userEmail = email;
    this.hasSession = true;
    this.lastError = null;
    try {
      await this.linkBusiness();
    } catch (error) {
      if (error instanceof LendenError) {
        await this.signOut();
        throw error;
      }
      // Offline right after sign-in: linking is retried by the loop.
    }
    this.afterSignIn();
    return this.account();
  }

  private afterSignIn(): void {
    this.subscribe();
    this.kick(0);
  }

  private subscribe(): void {
    if (!this.client || this.channel) return;
    const businessId = this.core.businessId;
    this.channel = this.client
      .channel(`business:${businessId}`, { config: { private: true } })
      .on('broadcast', { event: 'poke' }, (message) => {
        const seq = Number((message.payload as { seq?: unknown } | undefined)?.seq);
        const cursor = Number(this.core.state.get('pull_cursor') ?? '0');
        if (!Number.isFinite(seq) || seq > cursor) this.kick(0);
      })
      .subscribe((status) => {
        // (Re)connected: pull at once, since pokes sent while away are lost.
        if (status === 'SUBSCRIBED') this.kick(0);
      });
  }

  private createClient(url: string, anonKey: string): void {
    const store = this.opts.store;
    this.client = createClient(url, anonKey, {
      auth: {
        persistSession: true,
        autoRefreshToken: true,
        detectSessionInUrl: false,
        storageKey: SESSION_KEY,
        storage: {
          getItem: (key: string) => store.get(key),
          setItem: (key: string, value: string) => store.set(key, value),
          removeItem: (key: string) => store.delete(key),
        },
      },
      realtime: this.opts.webSocket ? { transport: this.opts.webSocket } : {},
      global: { headers: { 'x-client-info': 'lenden-desktop' } },
    });
    const base = new SupabaseTransport(this.client);
    this.transport = this.opts.wrapTransport ? this.opts.wrapTransport(base) : base;
  }

  private async teardownClient(): Promise<void> {
    this.clearTimer();
    if (this.channel) await this.channel.unsubscribe().catch(() => undefined);
    this.channel = null;
    if (this.client) {
      await this.client.removeAllChannels().catch(() => undefined);
      this.client.realtime.disconnect();
      await this.client.auth.stopAutoRefresh().catch(() => undefined);
    }
    this.client = null;
    this.transport = null;
  }

  private requireClient(): SupabaseClient {
    if (!this.client) throw new LendenError('VALIDATION', 'Connect to a Supabase server first (Settings → Account).');
    return this.client;
  }

  private requireTransport(): SyncTransport {
    if (!this.transport) throw new LendenError('VALIDATION', 'Sync is not set up.');
    return this.transport;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.paused) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runCycle();
    }, delayMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private lastSyncedAt(): string | null {
    return this.core.state.get('last_synced_at');
  }

  private refreshPending(): void {
    // Local-only devices never drain the outbox; their indicator does not show a count.
    if (!this.client) return;
    const pending = this.outbox.count();
    if (pending !== this.current.pending) this.setStatus({ ...this.current, pending } as SyncStatus);
  }

  /** Recompute the resting status (not during a round). */
  private publish(): void {
    const pending = this.client ? this.outbox.count() : 0;
    if (!this.client || !this.core.userId) {
      this.setStatus({ state: 'local-only', pending: 0 });
    } else if (this.paused) {
      this.setStatus({ state: 'offline', pending, lastSyncedAt: this.lastSyncedAt(), lastError: 'Sync is paused.', nextRetryAt: null, paused: true });
    } else if (this.lastError) {
      this.setStatus({ state: 'error', pending, lastSyncedAt: this.lastSyncedAt(), lastError: this.lastError, nextRetryAt: null });
    } else {
      this.setStatus({ state: pending > 0 ? 'syncing' : 'synced', pending, lastSyncedAt: this.lastSyncedAt() } as SyncStatus);
    }
  }

  private setStatus(status: SyncStatus): void {
    this.current = status;
    this.core.events.emit('sync.status', status);
  }
}

function authError(error: { message: string; status?: number }): LendenError {
  if (/fetch failed|network|ECONNREFUSED/i.test(error.message)) return new LendenError('OFFLINE', 'Cannot reach the server. Check the internet connection.');
  if (/invalid login|invalid credentials|invalid_grant/i.test(error.message)) return new LendenError('AUTH', 'Wrong email or password.');
  if (/already registered|already exists/i.test(error.message)) return new LendenError('CONFLICT', 'An account with this email already exists. Sign in instead.');
  return new LendenError('AUTH', error.message);
}

/** The same digest the server computes (docs/data-and-sync.md). */
export function localDigest(core: LedgerCore): Digest {
  const counts: Record<string, number> = {};
  for (const table of SYNCED_TABLES) {
    counts[table] = (core.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE business_id = ?`).get(core.businessId) as { n: number }).n;
  }
  const balances: Record<string, number> = {};
  const rows = core.db
    .prepare('SELECT party_id, balance_paise FROM party_balances WHERE business_id = ? AND entry_count > 0')
    .all(core.businessId) as { party_id: string; balance_paise: number }[];
  for (const r of rows) balances[r.party_id] = r.balance_paise;
  return { counts, balances };
}

/** A human description of the first differences, or null when equal. */
export function compareDigests(local: Digest, server: Digest): string | null {
  const problems: string[] = [];
  // Profiles are per user and the server keeps only its own; compare the business tables.
  const tables = SYNCED_TABLES.filter((t): t is SyncedTable => t !== 'profiles');
  for (const t of tables) {
    const a = local.counts[t] ?? 0;
    const b = Number(server.counts[t] ?? 0);
    if (a !== b) problems.push(`${t}: ${a} here, ${b} on the server`);
  }
  const ids = new Set([...Object.keys(local.balances), ...Object.keys(server.balances)]);
  let balanceDiffs = 0;
  for (const id of ids) if ((local.balances[id] ?? 0) !== Number(server.balances[id] ?? 0)) balanceDiffs++;
  if (balanceDiffs) problems.push(`${balanceDiffs} party balance(s) differ`);
  return problems.length ? problems.slice(0, 5).join('; ') : null;
}

/** The audit-trail insert, prepared once per database: a page can carry thousands of ops. */
const historyStatements = new WeakMap<LedgerCore['db'], Statement>();
function historyStatement(core: LedgerCore): Statement {
  let statement = historyStatements.get(core.db);
  if (!statement) {
    statement = core.db.prepare<unknown[]>(
      `INSERT OR IGNORE INTO audit_log (table_name, row_id, op_id, stamp, device_id, user_id, action, old_values, new_values, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    historyStatements.set(core.db, statement);
  }
  return statement;
}

function recordHistory(insert: Statement, op: HistoryOp): void {
  const fields = op.fields ?? {};
  const action = 'created_at' in fields ? 'create' : 'deleted_at' in fields ? (fields.deleted_at ? 'delete' : 'restore') : 'update';
  insert.run(op.table, op.row_id, op.op_id, op.stamp, op.device_id, op.user_id, action, JSON.stringify(op.old_values ?? {}), JSON.stringify(fields), new Date(op.applied_at).toISOString());
}
