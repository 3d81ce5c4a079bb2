import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SyncStatus } from '../../contract/sync-status';
import type { Round, SyncContext } from './context';
import { storeReplayable } from './bulk-store';
import { heldBalancesOf, type HeldBalances } from './held-balances';
import { settleHeldBalances } from '../db/party-balances';
import { FirstPullLookups } from './first-pull';
import { recordHistory } from './history';
import { decodeHistory, decodePage } from './page';
import { applyPage, historyCursor, retryAside } from './store-page';
import { SyncError, type PullPage } from './wire';

/**
 * Pull: pages of rows above the cursor, each page merged in one SQLite transaction with the
 * cursor it reaches, so a crash leaves all of a page or none (store-page.ts). A row this device
 * cannot store is set aside as a visible sync problem and never blocks the rows after it.
 */
export async function pullAll(
  ctx: SyncContext,
  round: Round,
  limit: number,
  progress: (p: Extract<SyncStatus, { state: 'syncing' }>['progress']) => void,
  sizes: PullSizes = {},
): Promise<void> {
  const { core } = ctx;
  const { historyLimit = HISTORY_PAGE, deferIndexesFrom, holdBalancesMs } = sizes;
  // Settle where the history stands before any page moves the rows' cursor: a new device
  // starts at 0 and backfills everything; one that synced before history paging had it with
  // every page, up to its rows' cursor.
  historyCursor(ctx);
  // The next page is asked for before this one is stored: the server reads it while this
  // thread writes (pages are read-only on the server, so asking early changes nothing there).
  const ask = (since: number): PageRequest => {
    // The edit history comes with the rows once it is caught up; a device far behind (a new
    // one) takes the rows first and the history right after (backfillHistory).
    const withHistory = since > 0 && historyCursor(ctx) >= since;
    const page = handledLater(ctx.transport().pull(core.businessId, since, limit, core.deviceId, { signal: round.signal, history: withHistory }));
    return { since, withHistory, page };
  };
  // A large first pull stores its pages without the lookup indexes (first-pull.ts).
  const lookups = new FirstPullLookups(ctx, deferIndexesFrom);
  // Bulk pages hold their balances back for a moment (held-balances.ts). Balances marked held
  // while nothing is held here were lost (the app stopped before adding them): rebuilt first.
  const held = heldBalancesOf(core.db);
  if (!held.holding && settleHeldBalances(core.db)) core.notifyChanged(new Set(['transactions']));
  try {
    await pullPages(ctx, round, ask, limit, progress, lookups, { held, everyMs: holdBalancesMs });
    releaseHeld(ctx, held);
    // The books are in: their lookups are built before the history.
    await lookups.booksStored(round);
    retryAside(ctx);
    await backfillHistory(ctx, round, historyLimit);
  } finally {
    releaseHeld(ctx, held);
    lookups.done();
  }
}

/** The pull's held balances go in now; if they cannot, the next pull (or start) rebuilds them. */
function releaseHeld(ctx: SyncContext, held: HeldBalances): void {
  try {
    if (held.release(true)) ctx.core.notifyChanged(new Set(['transactions']));
  } catch (error) {
    ctx.log('sync: could not add the pulled entries to the balances yet; the next sync rebuilds them', error);
  }
}

export interface PullSizes {
  /** Edit-history ops per backfill page (default 2,500). */
  historyLimit?: number;
  /** From this many changes to fetch, lookup indexes are built after the pages (default 20,000). */
  deferIndexesFrom?: number;
  /** How long bulk pages' balances are held back at most (default 1 s; see held-balances.ts). */
  holdBalancesMs?: number;
}

/** Pages of rows until the server has no more; the lookups may be left out before the first is stored. */
async function pullPages(
  ctx: SyncContext,
  round: Round,
  ask: (since: number) => PageRequest,
  limit: number,
  progress: (p: Extract<SyncStatus, { state: 'syncing' }>['progress']) => void,
  lookups: FirstPullLookups,
  balances: { held: HeldBalances; everyMs: number | undefined },
): Promise<void> {
  const { core } = ctx;
  // Pages asked for and not yet stored, in order: the next one, and while a large pull of rows
  // without history goes on, the one after it too (see guessAfter).
  const queue: PageRequest[] = [ask(Number(core.state.get('pull_cursor') ?? '0'))];
  let first = true;
  let headKnown = 0;
  for (;;) {
    const request = queue.shift()!;
    const page = await request.page;
    round.check();
    if (page.more && page.last_seq <= request.since) {
      // A server that keeps saying "more" without moving forward must not spin this loop.
      throw new SyncError('server', 'The sync server said there was more to fetch but sent nothing new. Sync will try again later.');
    }
    headKnown = Math.max(headKnown, page.head_seq);
    if (page.more) {
      // A page asked for on a guess is kept only if it starts right where this one ends.
      if (queue.length && queue[0]!.since !== page.last_seq) queue.length = 0;
      if (!queue.length) queue.push(ask(page.last_seq));
      const guess = guessAfter(queue.at(-1)!, limit, headKnown);
      if (guess !== null && queue.length < 2) queue.push(ask(guess));
      await letItLeave();
      round.check();
    }
    if (first && page.more) lookups.beforeFirstPage(request.since, page.head_seq - request.since);
    first = false;
    const { rows, maxStamp } = decodePage(page, core.businessId);
    applyPage(ctx, { rows, history: decodeHistory(page.history), last_seq: page.last_seq, head_seq: page.head_seq, more: page.more }, maxStamp, request.withHistory, balances.held);
    // About once a second, the screens see the balances of what has arrived. An addition that
    // fails leaves the sums held, and the pull goes on: the end of the pull tries again.
    try {
      if (balances.held.release(false, balances.everyMs)) core.notifyChanged(new Set(['transactions']));
    } catch (error) {
      ctx.log('sync: could not add the pulled entries to the balances yet; trying again when the pull ends', error);
    }
    if (!page.more) break;
    progress({ done: page.last_seq, total: page.head_seq });
    // Asked with what storing this page would leave; if it left something else, ask again.
    const since = Number(core.state.get('pull_cursor') ?? '0');
    const next = queue[0]!;
    if (next.since !== since || next.withHistory !== (since > 0 && historyCursor(ctx) >= since)) {
      queue.length = 0;
      queue.push(ask(since));
    }
  }
}

/**
 * Where the page after `request`'s probably starts, so that it can be asked for before
 * `request`'s page arrives: a page holds `limit` changes, and each change has its own sequence
 * number, so a full page ends at `request.since + limit` or later, exactly there when no row of
 * that stretch changed twice (a new device's books, mostly). The guess is only used if the page
 * does end there (pullPages); otherwise the next page is asked for again, as without it. Null
 * when there is nothing known to ask for, or the page would carry history (whose cursor moves
 * with it).
 */
function guessAfter(request: PageRequest, limit: number, headKnown: number): number | null {
  if (request.withHistory) return null;
  const guess = request.since + limit;
  return guess < headKnown ? guess : null;
}

/**
 * Edit-history ops per page. An op carries every field it wrote (a create: the whole row), so a
 * page of them weighs several times a page of rows; smaller pages keep a new device's memory
 * down while the backfill runs, and the next page is asked for while this one is stored.
 */
const HISTORY_PAGE = 2_500;

/** Page the edit history of changes made elsewhere until it reaches the rows. */
async function backfillHistory(ctx: SyncContext, round: Round, pageSize: number): Promise<void> {
  const { core } = ctx;
  const upto = Number(core.state.get('pull_cursor') ?? '0');
  const ask = (since: number) => ({ since, page: handledLater(ctx.transport().history(core.businessId, since, upto, pageSize, core.deviceId, { signal: round.signal })) });
  let since = historyCursor(ctx);
  if (since >= upto) return;
  let request = ask(since);
  for (;;) {
    const page = await request.page;
    round.check();
    if (page.last_seq <= request.since) throw new SyncError('server', 'The sync server said there was more history to fetch but sent nothing new. Sync will try again later.');
    // The next page is on its way while this one is written.
    const ahead = page.more && page.last_seq < upto ? ask(page.last_seq) : null;
    if (ahead) {
      await letItLeave();
      round.check();
    }
    // A page of history the server can send again: stored without waiting on the disk.
    storeReplayable(core.db, () =>
      core.db.transaction(() => {
        recordHistory(core.db, decodeHistory(page.ops));
        core.state.set('history_cursor', String(page.last_seq));
      })(),
    );
    if (!ahead) return;
    since = page.last_seq;
    request = ahead;
  }
}

/**
 * Lets a page just asked for leave before this thread spends tens of milliseconds storing
 * the one it has. supabase-js sends a request only after looking up the session (a chain of
 * promises), so without these turns of the event loop the "ahead" request waited behind the
 * store and the server never read while the device wrote (a fresh device, 105k rows: the books
 * in about 2.4 s instead of 3.0 s, the history after them in 3.9 s instead of 4.8 s).
 * The round may have been stopped meanwhile: callers check it again before storing.
 */
async function letItLeave(): Promise<void> {
  await nextTurn();
  await nextTurn();
}

interface PageRequest {
  since: number;
  withHistory: boolean;
  page: Promise<PullPage>;
}

/**
 * A page's answer, awaited later (a page asked for ahead waits while the one before it is
 * stored, and may not be wanted at all): its failure, an abort included, reaches whoever awaits
 * it and never counts as unhandled meanwhile.
 */
function handledLater<T>(page: Promise<T>): Promise<T> {
  page.catch(() => undefined);
  return page;
}
