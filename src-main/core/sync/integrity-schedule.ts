import type { Round, SyncContext } from './context';
import { balancesBehind, booksDiffer, checkIntegrity, IntegrityFailure } from './digest';
import type { Trouble } from './status';

/** After this many checks in a row that waited for pulled entries to reach the balances, the status says so. */
const BALANCES_BEHIND_AFTER = 3;

/** The longest wait between two repairs that keep failing (each downloads the whole books). */
const INTEGRITY_WAIT_MAX_MS = 24 * 60 * 60_000;

/**
 * When the sync loop compares this device's digest with the server's (digest.ts compares and
 * repairs), and what the last comparisons leave for the status to say.
 */
export class IntegritySchedule {
  private lastDigestAt = 0;
  /** A repair that could not make this device agree with the server: said until a check agrees. */
  private differs: Trouble | null = null;
  /** After repairs that failed one after another: the wait before the next check, doubling up to a day. */
  private waitMs: number | null = null;
  /** Checks in a row that waited because pulled entries are not in the balances yet. */
  private checksWaited = 0;

  constructor(
    private readonly deps: {
      ctx: SyncContext;
      /** How often, at most, to compare after catching up. */
      everyMs: number;
      /** A full pull, for the repair. */
      pullAll: (round: Round) => Promise<void>;
    },
  ) {}

  /** A new session (or account) is checked afresh at its first round. */
  reset(): void {
    this.differs = null;
    this.waitMs = null;
    this.checksWaited = 0;
    this.lastDigestAt = 0;
  }

  /** What the books' state adds to the status, if anything. */
  trouble(): Trouble | null {
    return this.differs ?? (this.checksWaited >= BALANCES_BEHIND_AFTER ? balancesBehind() : null);
  }

  /** Compare (and repair) when a check is due. */
  async maybeCheck(round: Round): Promise<void> {
    const { ctx, everyMs } = this.deps;
    if (Date.now() - this.lastDigestAt < (this.waitMs ?? everyMs)) return;
    let outcome;
    try {
      outcome = await checkIntegrity(ctx, round, () => this.deps.pullAll(round));
    } catch (error) {
      if (!(error instanceof IntegrityFailure)) throw error;
      // The repair pulled every row and the device still disagrees: said until a later check
      // agrees, and the whole books are not downloaded again before that check is due (a
      // failed round would retry within a minute, each time downloading them all).
      ctx.log(`sync: integrity check failed after repair (${error.differences})`);
      this.lastDigestAt = Date.now();
      this.differs = booksDiffer(error.differences);
      // Each repair downloads the whole books: one that keeps failing waits twice as long each time.
      this.waitMs = this.waitMs === null ? everyMs : Math.min(this.waitMs * 2, INTEGRITY_WAIT_MAX_MS);
      return;
    }
    if (outcome === 'wait') {
      // Each round tries to add them again (a full disk, say); after a few, the shop is told.
      this.checksWaited++;
      return;
    }
    this.checksWaited = 0;
    this.lastDigestAt = Date.now();
    if (outcome === 'agrees') {
      this.differs = null;
      this.waitMs = null;
    }
  }
}
