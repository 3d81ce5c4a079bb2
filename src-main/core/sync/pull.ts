import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SyncStatus } from '../../contract/sync-status';
import { recomputeMergedBills } from '../ledger/bills/derived';
import type { Round, SyncContext } from './context';
import { pulledRowError } from './column-rules';
import { storeReplayable } from './bulk-store';
import { BalanceDeltas, heldBalancesOf, type HeldBalances } from './held-balances';
import { settleHeldBalances } from '../db/party-balances';
import { FirstPullLookups } from './first-pull';
import { recordHistory } from './history';
import { decodeHistory, decodePage } from './page';
import { renumberUnsentBill } from './renumber';
import { isInvoiceNumberClash } from '../ledger/bills/numbering';
import type { MergeOutcome } from './merge';
import { SyncError, type PulledRow, type PullPage, type PullResult } from './wire';

/**
 * Pull: pages of rows above the cursor, each page merged in one SQLite transaction with the
 * cursor it reaches, so a crash leaves all of a page or none. A row this device cannot store
 * (the column rules say so, or SQLite refuses it) is set aside as a visible sync problem and
 * never blocks the rows after it; a good version of it later replaces it.
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
 * Where this device's copy of the edit history has reached. A device that synced before the
 * history had its own cursor kept it with every page: it starts where its rows are.
 */
export function historyCursor(ctx: SyncContext): number {
  const kept = ctx.core.state.get('history_cursor');
  if (kept !== null) return Number(kept);
  const rows = ctx.core.state.get('pull_cursor') ?? '0';
  ctx.core.state.set('history_cursor', rows);
  return Number(rows);
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

/**
 * Stores one page and the cursor it reaches in one transaction. `held`: the pull's held balances
 * (a bulk page's new entries are added to them later, see held-balances.ts); without it a bulk
 * page adds its entries to the balances itself.
 */
export function applyPage(ctx: SyncContext, page: PullResult, maxStamp: string | null = null, historyIncluded = true, held?: HeldBalances): void {
  const { core } = ctx;
  const touched = new Set<string>();
  const bills = new Set<string>();
  // Most pages have nothing set aside to take back: do not look it up row by row then.
  const aside = (core.db.prepare('SELECT count(*) AS n FROM sync_quarantine').get() as { n: number }).n > 0;
  // A large page (a new device, a long time offline) inserts its new entries without the
  // per-row balance trigger and adds them to their parties' balances once per party: at the
  // end of the page, or with the pull's held balances (entries changed rather than inserted
  // keep their update triggers).
  const bulk = page.rows.length >= BULK_ROWS;
  // The sums of the attempt that commits (a failed attempt's are dropped with its transaction).
  const sums: { page: BalanceDeltas | null } = { page: null };
  const apply = (guarded: boolean) => {
    touched.clear();
    bills.clear();
    const added = bulk ? (sums.page = new BalanceDeltas()) : null;
    // Even a trigger that does nothing costs SQLite about as much per row as the insert
    // itself: the per-row balance trigger is left out for the page, in its transaction.
    const trigger = added ? withoutTrigger(core.db, 'transactions_balance_ai') : null;
    if (added) core.db.prepare('INSERT OR IGNORE INTO sync_bulk (active) VALUES (1)').run();
    // The clock moves past the page's largest stamp once, not per row.
    if (maxStamp) ctx.merger.observe(maxStamp);
    for (const pulled of page.rows) {
      const outcome = applyRow(ctx, pulled, guarded, touched, bills, maxStamp === null, aside);
      if (added && outcome === 'inserted' && pulled.table === 'transactions') added.add(pulled.row);
    }
    if (added) {
      if (held) held.holdIn(added);
      else added.store(core.db);
      core.db.prepare('DELETE FROM sync_bulk').run();
      trigger?.restore();
    }
    recordHistory(core.db, page.history ?? []);
    if (historyIncluded) core.state.set('history_cursor', String(Math.max(historyCursor(ctx), page.last_seq)));
    if (bills.size) {
      const outcome = recomputeMergedBills(core.ctx, bills);
      for (const [billId, result] of outcome) if (result === 'needs_attention') reportBill(ctx, billId);
      touched.add('bills');
      touched.add('transactions');
    }
    // The cursor moves in the same transaction as the rows it covers.
    core.state.set('pull_cursor', String(page.last_seq));
    core.state.set('head_seq', String(page.head_seq));
    core.state.set('hlc', JSON.stringify(core.clock.snapshot()));
  };
  // A page, which the server can send again, is stored without waiting on the disk: a poke's
  // one-row page shows on this computer without an fsync (a quarter of a millisecond here, up
  // to several on a busy or slow disk).
  const run = (guarded: boolean) => storeReplayable(core.db, core.db.transaction(() => apply(guarded)));
  ctx.quietly(() => {
    try {
      run(false);
    } catch {
      // Something in the page failed to store: go again row by row, each in its own
      // savepoint, so the rows that can be stored are and the others are set aside.
      run(true);
    }
  });
  if (held && sums.page) held.taken(sums.page);
  core.notifyChanged(touched);
}

function applyRow(ctx: SyncContext, pulled: PulledRow, guarded: boolean, touched: Set<string>, bills: Set<string>, observe: boolean, aside: boolean): MergeOutcome {
  const { core } = ctx;
  const problem = pulledRowError(pulled.table, pulled.row);
  if (problem) {
    setAside(ctx, pulled, problem);
    return false;
  }
  let changed: MergeOutcome;
  if (guarded) {
    const attempt = () => core.db.transaction(() => ctx.merger.applyServerRow(pulled, { observe }))();
    try {
      changed = attempt();
    } catch (error) {
      try {
        // A bill made here, not sent yet, with the number of the bill the server sends: ours
        // takes the next number and both are kept.
        if (!(pulled.table === 'bills' && isInvoiceNumberClash(error) && renumberUnsentBill(ctx, String(pulled.row.invoice_number)))) throw error;
        changed = attempt();
        touched.add('transactions');
      } catch (again) {
        setAside(ctx, pulled, again instanceof Error ? again.message : String(again));
        return false;
      }
    }
  } else {
    changed = ctx.merger.applyServerRow(pulled, { observe });
  }
  if (aside) takeBack(ctx, pulled);
  if (changed) {
    touched.add(pulled.table);
    if (pulled.table === 'bills') bills.add(pulled.row.id);
  }
  // Our own membership row tells us our role, which the owner may change.
  if (pulled.table === 'business_members' && pulled.row.user_id === core.userId && !pulled.row.deleted_at) {
    const role = String(pulled.row.role);
    if (role === 'owner' || role === 'staff') core.state.set('role', role);
  }
  return changed;
}

/** From this many rows a page is loaded in bulk (below it, per-row upkeep is cheaper). */
const BULK_ROWS = 500;

/**
 * Drops a trigger until restore() makes it again from its own SQL. Only inside a transaction:
 * a page that fails rolls the drop back with everything else, so the trigger is never lost.
 */
function withoutTrigger(db: SyncContext['core']['db'], name: string): { restore(): void } | null {
  if (!db.inTransaction) throw new Error('withoutTrigger: only inside a transaction');
  const found = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) as { sql: string } | undefined;
  if (!found) return null;
  db.exec(`DROP TRIGGER ${name}`);
  return { restore: () => db.exec(found.sql) };
}

/**
 * Rows set aside may be storable now (a local bill renumbered, a party that arrived): try
 * each again; one that stores leaves the quarantine and its problem is resolved.
 */
function retryAside(ctx: SyncContext): void {
  const { core } = ctx;
  const aside = core.db.prepare('SELECT table_name, seq, row FROM sync_quarantine ORDER BY seq').all() as { table_name: PulledRow['table']; seq: number; row: string }[];
  if (!aside.length) return;
  const touched = new Set<string>();
  ctx.quietly(() =>
    core.db.transaction(() => {
      for (const q of aside) {
        const pulled: PulledRow = { table: q.table_name, seq: q.seq, row: JSON.parse(q.row) as PulledRow['row'] };
        if (pulledRowError(pulled.table, pulled.row)) continue;
        try {
          if (core.db.transaction(() => ctx.merger.applyServerRow(pulled))()) touched.add(pulled.table);
          takeBack(ctx, pulled);
        } catch {
          // still not storable: it stays aside, its problem still shown
        }
      }
    })(),
  );
  core.notifyChanged(touched);
}

/** Keep a row that cannot be stored aside and tell the user once. */
function setAside(ctx: SyncContext, pulled: PulledRow, error: string): void {
  const db = ctx.core.db;
  const known = db.prepare('SELECT 1 FROM sync_quarantine WHERE table_name = ? AND row_id = ?').get(pulled.table, pulled.row.id);
  db.prepare(
    `INSERT INTO sync_quarantine (table_name, row_id, seq, row, error, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(table_name, row_id) DO UPDATE SET seq = excluded.seq, row = excluded.row, error = excluded.error`,
  ).run(pulled.table, pulled.row.id, pulled.seq, JSON.stringify(pulled.row), error, new Date().toISOString());
  if (known) return;
  ctx.log(`sync: set aside ${pulled.table} ${pulled.row.id}: ${error}`);
  ctx.problems.record({
    opId: `pull-${pulled.seq}`,
    table: pulled.table,
    rowId: pulled.row.id,
    code: 'UNSTORABLE',
    message: `A ${pulled.table} record from the server could not be stored on this computer (${error}). It was set aside; everything else keeps syncing.`,
    fields: pulled.row,
    reason: 'unstorable',
    detail: { error },
  });
}

/** A good version of a row set aside has arrived: it replaces the one set aside. */
function takeBack(ctx: SyncContext, pulled: PulledRow): void {
  const info = ctx.core.db.prepare('DELETE FROM sync_quarantine WHERE table_name = ? AND row_id = ?').run(pulled.table, pulled.row.id);
  if (info.changes) ctx.problems.resolve(pulled.table, pulled.row.id, 'unstorable');
}

/** A merged bill whose figures cannot be recomputed into a valid bill: say so once. */
function reportBill(ctx: SyncContext, billId: string): void {
  const row = ctx.core.db.prepare('SELECT invoice_number FROM bills WHERE id = ?').get(billId) as { invoice_number: string } | undefined;
  const open = ctx.core.db.prepare("SELECT 1 FROM sync_problems WHERE row_id = ? AND reason = 'bill_needs_attention' AND dismissed_at IS NULL").get(billId);
  if (!row || open) return;
  ctx.problems.record({
    opId: `bill-${billId}`,
    table: 'bills',
    rowId: billId,
    code: 'CONFLICT',
    message: `Bill ${row.invoice_number} was changed on two devices at once and its totals no longer add up. Open the bill and check its lines, discount and payments.`,
    fields: {},
    reason: 'bill_needs_attention',
    detail: { invoiceNumber: row.invoice_number },
  });
}
