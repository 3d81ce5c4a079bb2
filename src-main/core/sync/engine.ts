import { LendenError } from '../../contract/errors';
import type { Account, SyncProblem } from '../../contract/sync';
import type { SyncStatus } from '../../contract/sync-status';
import type { LedgerCore } from '../core';
import { Backoff } from './backoff';
import { Round, type SyncContext } from './context';
import { compareDigests, localDigest } from './digest';
import { IntegritySchedule } from './integrity-schedule';
import { AccountFlow } from './account';
import { adoptBusiness } from './link';
import { Merger } from './merge';
import { Outbox } from './outbox';
import { SyncProblems } from './problems';
import { pullAll } from './pull';
import { pullSizes, RoundPass, sendable } from './round-pass';
import { RoundTimer } from './round-timer';
import { PageListener } from './page-listener';
import { SyncSession } from './session';
import { PULL_PAGE, type SyncEngineOptions } from './engine-options';
import { SyncStatusKeeper } from './status-keeper';
import type { DeviceSeries, SyncTransport } from './wire';

export { localDigest, compareDigests } from './digest';

export type { SyncEngineOptions } from './engine-options';

/**
 * The sync loop (DESIGN.md section 4): pushes the outbox, pulls pages, listens for Realtime
 * pokes, retries with full-jitter backoff, checks integrity by digest, and owns the one
 * `sync.status`. This file decides when rounds run; what one round does is round-pass.ts.
 * The other parts live beside it: session (server and sign-in), link (business and device),
 * push, pull, digest, clock repair, renumbering, problems.
 */
export class SyncEngine {
  readonly session: SyncSession;
  private readonly accounts: AccountFlow;
  private readonly outbox: Outbox;
  private readonly merger: Merger;
  readonly problemsStore: SyncProblems;
  private readonly backoff: Backoff;
  private readonly ctx: SyncContext;
  /** The one sync.status, which this loop owns. */
  private readonly statusKeeper: SyncStatusKeeper;
  private readonly timer = new RoundTimer(() => void this.runRound());
  private round: { round: Round; done: Promise<void> } | null = null;
  private again = false;
  /**
   * The highest sequence a poke announced while a round ran. A device's own push pokes it too,
   * often before the push's answer arrives: once that answer moves the cursor past the poke,
   * the round has nothing more to fetch and does not go again.
   */
  private pokedDuringRound = 0;
  private stopped = false;
  private quiet = 0;
  /** When to compare digests with the server (integrity-schedule.ts). */
  private readonly integrity: IntegritySchedule;
  /** The pages of small pushes, stored as they arrive (page-listener.ts). */
  private readonly pages: PageListener;
  /** What one round does (round-pass.ts). */
  private readonly pass: RoundPass;
  private readonly unsubscribe: () => void;
  private readonly watchdog: ReturnType<typeof setInterval>;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(
    private readonly core: LedgerCore,
    private readonly opts: SyncEngineOptions,
  ) {
    this.outbox = new Outbox(core.db);
    this.merger = new Merger(core.db, this.outbox, core.clock);
    this.problemsStore = new SyncProblems(core.db);
    this.backoff = new Backoff({ random: opts.random });
    this.log = opts.log ?? ((m, e) => console.error(m, e ?? ''));
    this.session = new SyncSession(core, opts);
    this.statusKeeper = new SyncStatusKeeper({
      core,
      outbox: this.outbox,
      connected: () => this.session.client !== null,
      paused: () => this.paused,
      stuckAfterMs: opts.stuckAfterMs ?? 10 * 60_000,
    });
    this.ctx = {
      core,
      outbox: this.outbox,
      merger: this.merger,
      problems: this.problemsStore,
      log: this.log,
      transport: () => this.requireTransport(),
      quietly: (fn) => {
        this.quiet++;
        try {
          return fn();
        } finally {
          this.quiet--;
        }
      },
    };
    this.integrity = new IntegritySchedule({
      ctx: this.ctx,
      everyMs: opts.digestEveryMs ?? 10 * 60_000,
      pullAll: (round) => pullAll(this.ctx, round, this.opts.pullLimit ?? PULL_PAGE, () => undefined, pullSizes(this.opts)),
    });
    this.pages = new PageListener({
      ctx: this.ctx,
      session: this.session,
      enabled: opts.pagesWithPokes !== false,
      // Stored at once when no round runs; kept for the round otherwise (its own pull moves the cursor).
      mayTake: () => this.mayTakePages(),
      roundRunning: () => this.round !== null,
      stored: () => {
        if (!this.statusKeeper.trouble) this.core.state.set('last_synced_at', new Date().toISOString());
        this.statusKeeper.publish();
        // Merges may have queued changes (bill totals recomputed): they go out as after a pull.
        if (sendable(this.ctx)) this.kick(0);
      },
    });
    this.pass = new RoundPass({
      ctx: this.ctx,
      session: this.session,
      pages: this.pages,
      statusKeeper: this.statusKeeper,
      integrity: this.integrity,
      backoff: this.backoff,
      opts,
      log: this.log,
      listen: () => this.listen(),
      kick: (delayMs) => this.kick(delayMs),
      schedule: (delayMs) => this.schedule(delayMs),
    });
    this.accounts = new AccountFlow({
      ctx: this.ctx,
      session: this.session,
      store: opts.store,
      halt: () => {
        this.timer.clear();
        this.round?.round.abandon();
        this.round = null;
        // No page is stored from here on (a sign-out checks the outbox after this).
        this.pages.forget();
      },
      clearTrouble: (kind) => {
        if (kind === null || this.statusKeeper.trouble?.kind === kind) this.statusKeeper.trouble = null;
      },
      publish: () => this.statusKeeper.publish(),
      resume: () => this.afterSignIn(),
      syncWithin: (ms) => this.syncNowWithin(ms),
    });
    // A round stuck without failing (or a queue that stops shrinking) shows up within minutes.
    this.watchdog = setInterval(() => this.statusKeeper.lookAgain(), Math.min(30_000, Math.max(250, (opts.stuckAfterMs ?? 10 * 60_000) / 2)));
    this.watchdog.unref?.();
    // A local write queues an op: push it now rather than at the next timer.
    this.unsubscribe = core.on('db.changed', () => {
      if (this.quiet) return;
      if (this.session.client && !this.paused && this.outbox.count() > 0) this.kick(0);
      else this.statusKeeper.refreshPending();
    });
  }

  // ---------- lifecycle ----------

  /** Restore the saved server settings and session, then start syncing if signed in. */
  async start(): Promise<void> {
    const user = await this.session.restore();
    if (user) {
      this.core.state.set('user_id', user.userId);
      this.afterSignIn();
    } else if (this.session.client && this.core.userId) {
      // The session was not kept (no OS encryption, or it expired): the account and its
      // business stay linked, and the user is asked to sign in again; nothing is lost.
      this.statusKeeper.trouble = { kind: 'auth', message: 'Sign in again to keep syncing.' };
    }
    this.statusKeeper.publish();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer.clear();
    clearInterval(this.watchdog);
    this.unsubscribe();
    this.round?.round.abandon();
    await this.round?.done.catch(() => undefined);
    await this.session.close();
  }

  // ---------- account ----------

  configure(url: string, anonKey: string): Promise<Account> {
    return this.accounts.configure(url, anonKey);
  }

  /** The server this computer syncs with, or null while sync is off. */
  connectionSettings(): { url: string; anonKey: string } | null {
    const url = this.ctx.core.state.get('server_url');
    const anonKey = this.ctx.core.state.get('anon_key');
    return url && anonKey ? { url, anonKey } : null;
  }

  signUp(email: string, password: string): Promise<Account> {
    return this.accounts.signUp(email, password);
  }

  signIn(email: string, password: string): Promise<Account> {
    return this.accounts.signIn(email, password);
  }

  /** Sign out; refused while changes wait unless `force` keeps them for this account. */
  signOut(opts: { force?: boolean } = {}): Promise<Account> {
    return this.accounts.signOut(opts);
  }

  account(): Account {
    return this.accounts.account();
  }

  // ---------- controls ----------

  get paused(): boolean {
    return this.core.state.get('sync_paused') === '1';
  }

  status(): SyncStatus {
    return this.statusKeeper.current;
  }

  /**
   * "Sync now": retry at once. A round that is stuck (a server that stopped answering) is
   * abandoned and a new one starts; this waits for the new one.
   */
  async syncNow(): Promise<SyncStatus> {
    this.backoff.reset();
    if (this.round) {
      this.round.round.abandon();
      this.round = null;
    }
    await this.runRound();
    return this.statusKeeper.current;
  }

  pause(): SyncStatus {
    this.core.state.set('sync_paused', '1');
    this.timer.clear();
    this.statusKeeper.publish();
    return this.statusKeeper.current;
  }

  resume(): SyncStatus {
    this.core.state.set('sync_paused', '0');
    this.backoff.reset();
    this.statusKeeper.publish();
    this.kick(0);
    return this.statusKeeper.current;
  }

  problems(includeDismissed: boolean): SyncProblem[] {
    return this.problemsStore.list(includeDismissed);
  }

  dismissProblem(id: number): void {
    this.problemsStore.dismiss(id);
  }

  /** Schedule a round after `delayMs` (a sooner request replaces a later one). */
  kick(delayMs: number): void {
    if (this.stopped) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.schedule(delayMs);
  }

  /** Run the digest comparison now (tests and the diagnostics screen). */
  async verifyIntegrity(): Promise<string | null> {
    const server = await this.requireTransport().digest(this.core.businessId);
    return compareDigests(localDigest(this.core), server);
  }

  /** The transport, for the membership calls (members.ts). */
  requireTransport(): SyncTransport {
    if (!this.session.transport) throw new LendenError('VALIDATION', 'Sync is not set up. Connect to the sync server in Settings → Account.');
    return this.session.transport;
  }

  /** Link again at once (after invitations were declined). */
  async relink(): Promise<void> {
    this.core.state.set('linked_business', '');
    await this.syncNow();
  }

  /** Make this (pristine) computer one of another shop's, with its own series there. */
  async switchBusiness(remote: { business_id: string; name: string; role: string }, series: DeviceSeries): Promise<void> {
    this.round?.round.abandon();
    this.round = null;
    // The old shop's pages must not arrive into this one while its channels close.
    this.pages.forget();
    await this.session.unsubscribe();
    adoptBusiness(this.ctx, remote, series);
    this.statusKeeper.trouble = null;
    this.afterSignIn();
    await this.syncNow();
  }

  get context(): SyncContext {
    return this.ctx;
  }

  // ---------- the round ----------

  private runRound(): Promise<void> {
    if (this.round) {
      this.again = true;
      return this.round.done;
    }
    const round = new Round();
    const entry = {
      round,
      done: (async () => {
        try {
          let ok: boolean;
          do {
            this.again = false;
            this.pokedDuringRound = 0;
            ok = await this.cycle(round);
            // Pages heard while it ran (after its pull, say) that continue the rows: no round more for them.
            if (ok && !round.abandoned && this.ctx.quietly(() => this.pages.storeHeld()) && sendable(this.ctx)) this.again = true;
            // After a failure the backoff decides when to try again, not a poke meanwhile.
          } while (ok && (this.again || this.pokedDuringRound > this.pullCursor()) && !this.stopped && !round.abandoned);
        } finally {
          if (this.round?.round === round) this.round = null;
        }
      })(),
    };
    this.round = entry;
    return entry.done;
  }

  private async syncNowWithin(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.syncNow().then(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /** One pass (round-pass.ts) when signed in and not paused; true when it ended well (or had nothing to do). */
  private async cycle(round: Round): Promise<boolean> {
    if (this.stopped) return false;
    if (!this.session.client || !this.core.userId || !this.session.live || this.paused) {
      this.statusKeeper.publish();
      return true;
    }
    this.timer.clear();
    // While offline, a retry keeps saying offline until it gets through: no flicker to syncing.
    if (this.statusKeeper.trouble?.kind !== 'network') this.statusKeeper.set({ state: 'syncing', pending: this.outbox.count(), lastSyncedAt: this.statusKeeper.lastSyncedAt() });
    return this.pass.run(round);
  }

  /** Sync on, signed in, this computer not taken off the shop. */
  private mayTakePages(): boolean {
    return !this.stopped && !this.paused && this.session.live && this.core.userId !== null && this.statusKeeper.trouble?.kind !== 'removed';
  }

  private afterSignIn(): void {
    this.integrity.reset();
    this.listen();
    this.kick(0);
  }

  private listen(): void {
    if (this.session.listeningTo !== this.core.businessId) this.pages.forget();
    this.session.subscribe(
      this.core.businessId,
      (seq, pagesGeneration) => {
        // A new key for the pages topic (someone was removed): a round asks for it.
        const rekey = this.pages.heard(pagesGeneration);
        if (Number.isFinite(seq) && seq <= this.pullCursor()) {
          if (rekey) this.kick(0);
          return;
        }
        // While a round runs, remember what was announced; the round goes again only if it
        // ends short of it (see runRound).
        if (this.round && Number.isFinite(seq)) this.pokedDuringRound = Math.max(this.pokedDuringRound, seq);
        else this.kick(0);
      },
      (status) => {
        // (Re)connected: pull at once, since pokes sent while away are lost. A channel that
        // errs or times out means the server may be gone: a round finds out (and says offline).
        if (status === 'SUBSCRIBED') this.kick(0);
        // The channel failing while all seemed well may mean the server is gone: a round finds
        // out (and says offline). Once offline, the backoff and a re-subscription decide.
        else if ((status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') && !this.statusKeeper.trouble) this.kick(0);
      },
    );
  }

  // ---------- the timer ----------

  private schedule(delayMs: number): void {
    if (this.stopped || this.paused) return;
    this.timer.set(delayMs);
  }

  private pullCursor(): number {
    return Number(this.core.state.get('pull_cursor') ?? '0');
  }
}
