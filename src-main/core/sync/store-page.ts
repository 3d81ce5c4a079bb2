import type { SyncContext } from './context';
import { recomputeMergedBills } from '../ledger/bills/derived';
import { isInvoiceNumberClash } from '../ledger/bills/numbering';
import { storeReplayable } from './bulk-store';
import { pageRowError, pulledRowError } from './column-rules';
import { BalanceDeltas, type HeldBalances } from './held-balances';
import { recordHistory } from './history';
import type { MergeOutcome } from './merge';
import { field, PageRow } from './page-row';
import { renumberUnsentBill } from './renumber';
import type { PulledRow, PullResult } from './wire';

/*
 * Storing a pulled page (pull.ts fetches them; a page heard with a poke comes through
 * poked-page.ts): its rows, history and cursor in one SQLite transaction. A row this device
 * cannot store (the column rules say so, or SQLite refuses it) is set aside as a visible sync
 * problem and never blocks the rows after it; a good version of it later replaces it.
 */

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
      if (added && outcome === 'inserted' && pulled.table === 'transactions') added.add((column) => field(pulled, column));
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
  const problem = pulled instanceof PageRow ? pageRowError(pulled) : pulledRowError(pulled.table, pulled.row);
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
export function retryAside(ctx: SyncContext): void {
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
