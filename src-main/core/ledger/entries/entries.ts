import { LendenError } from '../../../contract/errors';
import type { ParsedInputOf } from '../../../contract/define';
import type { Entry, LedgerPage, LedgerRow, RecentEntry, entriesContract } from '../../../contract/entries';
import type { LedgerContext } from '../context';
import { assertLiveParty, assertPartyExists, getParty } from '../parties/parties';
import type { Fields } from '../../db/writer';
import { derivedId } from '../../util/ids';
import type { PaymentMode } from '../../../contract/payments';
import { checkModeRef, defaultMode } from '../payments/modes';

type C = typeof entriesContract;

export interface EntryRow {
  id: string;
  party_type: 'customer' | 'supplier';
  party_id: string;
  direction: 'gave' | 'got';
  amount_paise: number;
  entry_date: string;
  note: string | null;
  bill_id: string | null;
  mode: PaymentMode | null;
  mode_ref: string | null;
  due_date: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export const toEntry = (r: EntryRow): Entry => ({
  id: r.id,
  partyType: r.party_type,
  partyId: r.party_id,
  direction: r.direction,
  amountPaise: r.amount_paise,
  date: r.entry_date,
  note: r.note,
  billId: r.bill_id,
  mode: r.mode,
  modeRef: r.mode_ref,
  dueDate: r.due_date ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

const signed = (r: { direction: string; amount_paise: number }) => (r.direction === 'gave' ? r.amount_paise : -r.amount_paise);

export function getEntryRow(ctx: LedgerContext, id: string): EntryRow {
  const row = ctx.writer.prepare('SELECT * FROM transactions WHERE id = ? AND business_id = ?').get(id, ctx.businessId()) as EntryRow | undefined;
  if (!row) throw new LendenError('NOT_FOUND', 'That entry does not exist.');
  return row;
}

/** Insert an entry row (used by "you gave / you got" and by bills posting their entries). */
export function insertEntry(
  ctx: LedgerContext,
  e: {
    partyType: 'customer' | 'supplier';
    partyId: string;
    direction: 'gave' | 'got';
    amountPaise: number;
    date: string;
    note: string | null;
    billId?: string | null;
    mode?: PaymentMode | null;
    modeRef?: string | null;
    dueDate?: string | null;
  },
  id?: string,
): EntryRow {
  assertPartyExists(ctx, e.partyType, e.partyId);
  checkDueDate(e.direction, e.date, e.dueDate ?? null);
  const row = ctx.writer.insert(
    'transactions',
    {
      party_type: e.partyType,
      party_id: e.partyId,
      direction: e.direction,
      amount_paise: e.amountPaise,
      entry_date: e.date,
      note: e.note,
      bill_id: e.billId ?? null,
      mode: e.mode ?? null,
      mode_ref: e.mode ? (e.modeRef ?? null) : null,
      due_date: e.dueDate ?? null,
    },
    id,
  );
  return row as unknown as EntryRow;
}

/** A due date belongs on credit given ("gave"), and cannot fall before the entry itself. */
function checkDueDate(direction: 'gave' | 'got', date: string, dueDate: string | null): void {
  if (dueDate === null) return;
  if (direction !== 'gave') throw new LendenError('VALIDATION', 'Only an entry of credit given can have a due date.', { dueDate: 'Only on "you gave".' });
  if (dueDate < date) throw new LendenError('VALIDATION', 'The due date cannot be before the entry date.', { dueDate: 'Before the entry date.' });
}

export function addEntry(ctx: LedgerContext, input: ParsedInputOf<C['entries.add']>): Entry {
  const mode = input.mode === undefined ? defaultMode(input.partyType, input.direction) : input.mode;
  checkModeRef(mode, input.modeRef);
  return ctx.transact(() =>
    toEntry(
      insertEntry(ctx, {
        partyType: input.partyType,
        partyId: input.partyId,
        direction: input.direction,
        amountPaise: input.amountPaise,
        date: input.date ?? ctx.today(),
        note: input.note,
        mode,
        modeRef: input.modeRef,
        dueDate: input.dueDate ?? null,
      }),
    ),
  );
}

/** A party's ledger, newest first, with the running balance after each entry. */
export function partyLedger(ctx: LedgerContext, input: ParsedInputOf<C['entries.ledger']>): LedgerPage {
  const party = getParty(ctx, input.partyType, input.partyId, { allowDeleted: true });
  let balanceAfterNewest = party.balancePaise;
  let rows: EntryRow[];
  if (input.after) {
    const { date, createdAt, id } = input.after;
    // The running balance just below the cursor: the party total minus every newer entry.
    const newer = ctx.writer
      .prepare(
        `SELECT coalesce(sum(CASE direction WHEN 'gave' THEN amount_paise ELSE -amount_paise END), 0) AS s
           FROM transactions WHERE party_id = ? AND deleted_at IS NULL AND (entry_date, created_at, id) >= (?, ?, ?)`,
      )
      .get(input.partyId, date, createdAt, id) as { s: number };
    balanceAfterNewest -= newer.s;
    rows = ctx.writer
      .prepare(
        `SELECT * FROM transactions WHERE party_id = ? AND deleted_at IS NULL AND (entry_date, created_at, id) < (?, ?, ?)
          ORDER BY entry_date DESC, created_at DESC, id DESC LIMIT ?`,
      )
      .all(input.partyId, date, createdAt, id, input.limit + 1) as EntryRow[];
  } else {
    rows = ctx.writer
      .prepare(`SELECT * FROM transactions WHERE party_id = ? AND deleted_at IS NULL ORDER BY entry_date DESC, created_at DESC, id DESC LIMIT ?`)
      .all(input.partyId, input.limit + 1) as EntryRow[];
  }
  const more = rows.length > input.limit;
  if (more) rows.pop();
  let running = balanceAfterNewest;
  const out: LedgerRow[] = rows.map((r) => {
    const row = { ...toEntry(r), runningBalancePaise: running };
    running -= signed(r);
    return row;
  });
  const last = rows[rows.length - 1];
  return { party, rows: out, next: more && last ? { date: last.entry_date, createdAt: last.created_at, id: last.id } : null };
}

/** The entry a bill posts has an id derived from the bill; it changes only through the bill. */
export const postingEntryId = (billId: string) => derivedId(billId, 'posting');

function assertEditable(row: EntryRow): void {
  if (row.bill_id && row.id === postingEntryId(row.bill_id)) {
    throw new LendenError('CONFLICT', 'This entry was posted by a bill. Edit the bill instead.');
  }
}

/**
 * A payment against a bill stays a payment (its direction is fixed) and may never take the
 * bill's paid amount past its total; a payment of a deleted bill cannot come back alone.
 */
function assertPaymentEdit(ctx: LedgerContext, row: EntryRow, changes: Fields): void {
  const bill = ctx.writer.prepare('SELECT total_paise, deleted_at FROM bills WHERE id = ?').get(row.bill_id) as
    | { total_paise: number; deleted_at: string | null }
    | undefined;
  if (!bill) return;
  if (bill.deleted_at) throw new LendenError('CONFLICT', 'This payment belongs to a deleted bill. Restore the bill first.');
  if (changes.direction !== undefined && changes.direction !== row.direction) {
    throw new LendenError('VALIDATION', 'A payment against a bill cannot change direction. Delete it and add an entry instead.', { direction: 'Cannot change.' });
  }
  const amount = typeof changes.amount_paise === 'number' ? changes.amount_paise : row.amount_paise;
  const others = ctx.writer
    .prepare('SELECT coalesce(sum(amount_paise), 0) AS s FROM transactions WHERE bill_id = ? AND direction = ? AND id <> ? AND deleted_at IS NULL')
    .get(row.bill_id, row.direction, row.id) as { s: number };
  if (others.s + amount > bill.total_paise) {
    const due = Math.max(0, bill.total_paise - others.s);
    throw new LendenError('VALIDATION', `This payment would be more than the bill's due amount of ${(due / 100).toFixed(2)} rupees.`, { amountPaise: 'More than due.' });
  }
}

export function updateEntry(ctx: LedgerContext, input: ParsedInputOf<C['entries.update']>): Entry {
  return ctx.transact(() => {
    const row = getEntryRow(ctx, input.id);
    if (row.deleted_at) throw new LendenError('NOT_FOUND', 'That entry was deleted.');
    assertEditable(row);
    const changes: Fields = {};
    if (input.patch.direction !== undefined) changes.direction = input.patch.direction;
    if (input.patch.amountPaise !== undefined) changes.amount_paise = input.patch.amountPaise;
    if (input.patch.date !== undefined) changes.entry_date = input.patch.date;
    if (input.patch.note !== undefined) changes.note = input.patch.note;
    if (input.patch.dueDate !== undefined) changes.due_date = input.patch.dueDate;
    // A payment has no due date: turning credit into a payment drops it.
    if (changes.direction === 'got' && input.patch.dueDate === undefined) changes.due_date = null;
    const after = { ...row, ...changes } as EntryRow;
    checkDueDate(after.direction, after.entry_date, after.due_date ?? null);
    if (input.patch.mode !== undefined || input.patch.modeRef !== undefined) {
      const mode = input.patch.mode !== undefined ? input.patch.mode : row.mode;
      // A new mode drops the old reference unless a new one is given (a cheque number is no UPI reference).
      const ref = input.patch.modeRef !== undefined ? input.patch.modeRef : input.patch.mode !== undefined && input.patch.mode !== row.mode ? null : row.mode_ref;
      checkModeRef(mode, ref);
      // A payment against a bill stays a payment: it keeps a mode.
      if (row.bill_id && !mode) throw new LendenError('VALIDATION', 'A payment against a bill needs a payment mode.', { mode: 'Choose how the money was paid.' });
      changes.mode = mode;
      changes.mode_ref = mode ? ref : null;
    }
    if (row.bill_id) assertPaymentEdit(ctx, row, changes);
    ctx.writer.update('transactions', input.id, changes);
    return toEntry(getEntryRow(ctx, input.id));
  });
}

export function deleteEntry(ctx: LedgerContext, input: { id: string }): Entry {
  return ctx.transact(() => {
    const row = getEntryRow(ctx, input.id);
    if (row.deleted_at) return toEntry(row);
    assertEditable(row);
    ctx.writer.update('transactions', input.id, { deleted_at: ctx.nowIso() });
    return toEntry(getEntryRow(ctx, input.id));
  });
}

export function restoreEntry(ctx: LedgerContext, input: { id: string }): Entry {
  return ctx.transact(() => {
    const row = getEntryRow(ctx, input.id);
    if (!row.deleted_at) return toEntry(row);
    assertLiveParty(ctx, row.party_type, row.party_id);
    if (row.bill_id) assertPaymentEdit(ctx, row, { deleted_at: null });
    ctx.writer.update('transactions', input.id, { deleted_at: null });
    return toEntry(getEntryRow(ctx, input.id));
  });
}

export function recentEntries(ctx: LedgerContext, input: { limit: number }): RecentEntry[] {
  const rows = ctx.writer
    .prepare(
      `SELECT t.*, coalesce(c.name, s.name, '') AS party_name FROM transactions t
         LEFT JOIN customers c ON t.party_type = 'customer' AND c.id = t.party_id
         LEFT JOIN suppliers s ON t.party_type = 'supplier' AND s.id = t.party_id
        WHERE t.business_id = ? AND t.deleted_at IS NULL
          -- entries of a party in the bin leave the feed with it, as they leave the totals
          AND c.deleted_at IS NULL AND s.deleted_at IS NULL
        ORDER BY t.entry_date DESC, t.created_at DESC, t.id DESC LIMIT ?`,
    )
    .all(ctx.businessId(), input.limit) as (EntryRow & { party_name: string })[];
  return rows.map((r) => ({ ...toEntry(r), partyName: r.party_name }));
}
