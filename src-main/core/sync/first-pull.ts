import { setImmediate as nextTurn } from 'node:timers/promises';
import { DEFERRABLE_INDEXES, deferIndexes, rebuildDeferredIndexes } from '../db/deferred-indexes';
import { settleBalanceDates } from '../db/party-balances';
import type { Round, SyncContext } from './context';

/**
 * From this many changes to fetch in a first pull (and twenty times the entries this device
 * has), the lookup indexes are left out while the pages are stored and built once at the end.
 */
const DEFER_INDEXES_ROWS = 20_000;

/** sync_state key: '1' while a first pull that left the lookups out has not reached the head. */
export const FIRST_PULL = 'first_pull_open';

/**
 * The lookup indexes during one pull (db/deferred-indexes.ts): left out before the first page
 * of a large first pull is stored, the entries' ones built once the books are in, every one
 * built on the way out whatever happened.
 */
export class FirstPullLookups {
  private deferred = false;

  constructor(
    private readonly ctx: SyncContext,
    private readonly from = DEFER_INDEXES_ROWS,
  ) {
    // Indexes an earlier pull could not build again are built before anything else.
    this.rebuildQuietly();
  }

  /** Before the pull's first page is stored: `toFetch` changes lie between `since` and the head. */
  beforeFirstPage(since: number, toFetch: number): void {
    if (!this.worthDeferring(since, toFetch)) return;
    const { core } = this.ctx;
    this.deferred = deferIndexes(core.db, [...DEFERRABLE_INDEXES.books, ...DEFERRABLE_INDEXES.history]).length > 0 || this.deferred;
    // Until it reaches the server's head, a round that takes it up again (after "Sync now",
    // a network cut) still counts as this first pull.
    core.state.set(FIRST_PULL, '1');
  }

  /**
   * Every page is stored: the entries' lookups are built one index at a time (about 0.1 s each
   * for 100k entries here), so that calls from the window are answered in between.
   */
  async booksStored(round: Round): Promise<void> {
    const { core } = this.ctx;
    if (core.state.get(FIRST_PULL) === '1') core.state.set(FIRST_PULL, '0');
    if (!this.deferred) return;
    for (const index of DEFERRABLE_INDEXES.books) {
      rebuildDeferredIndexes(core.db, [index]);
      await nextTurn();
    }
    // Last entry dates left stale while the party index was out (db/party-balances.ts).
    if (settleBalanceDates(core.db)) core.notifyChanged(new Set(['transactions']));
    // A round stopped meanwhile writes nothing more (done() builds the rest).
    round.check();
  }

  /** On the way out of the pull (failed or stopped included): whatever is left out is built. */
  done(): void {
    if (this.deferred) this.rebuildQuietly();
  }

  /**
   * A first pull this large into a device with (next to) no entries of its own stores faster
   * without the lookup indexes. Only then: pulls that update entries already here (a device long
   * away, a repair) run triggers that look entries up by party, which must not scan meanwhile.
   */
  private worthDeferring(since: number, toFetch: number): boolean {
    const { core } = this.ctx;
    if (toFetch < this.from) return false;
    // Taking a first pull up again: the entries here came from its own pages.
    if (core.state.get(FIRST_PULL) === '1') return true;
    if (since !== 0) return false;
    const local = (core.db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;
    return local * 20 <= toFetch;
  }

  private rebuildQuietly(): void {
    try {
      rebuildDeferredIndexes(this.ctx.core.db);
      settleBalanceDates(this.ctx.core.db);
    } catch (error) {
      // Still recorded: the next pull, or the next start, builds them.
      this.ctx.log(`sync: could not build the lookup indexes again yet: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
