import type { AuditAction, AuditTable } from '../../contract/audit';
import { LendenError } from '../../contract/errors';
import type { UndoableChange } from '../../contract/history';
import type { SyncedTable } from '../db/schema';
import type { Fields, Row } from '../db/writer';
import { sameValue } from '../sync/merge';
import type { LedgerContext } from '../ledger/context';
import { requireOwner } from '../ledger/permissions';
import { deleteBill, restoreBill, updateBill } from '../ledger/bills/bills';
import { sameLineInputs, wasRounded } from '../ledger/bills/derived';
import { parseItems } from '../ledger/bills/items';
import { deleteCashbookEntry, restoreCashbookEntry } from '../ledger/cashbook/cashbook';
import { deleteEntry, postingEntryId, restoreEntry, updateEntry } from '../ledger/entries/entries';
import { deleteItem, restoreItem } from '../ledger/items/items';
import { deleteParty, restoreParty } from '../ledger/parties/parties';
import { clearAttendance } from '../ledger/staff/attendance';
import { deleteStaff, restoreStaff } from '../ledger/staff/staff';

/** Refusals, as fixed sentences so the renderer can show them in the reader's language. */
export const NOTHING_TO_UNDO = 'There is nothing to undo.';
export const CHANGED_SINCE = 'This was changed again after that (here or on another computer), so it cannot be undone. Open it and correct it by hand.';
export const NOT_THIS_DEVICE = 'Only changes made on this computer can be undone here.';

interface AuditRow {
  id: number;
  table_name: AuditTable;
  row_id: string;
  op_id: string;
  device_id: string | null;
  action: AuditAction;
  old_values: string;
  new_values: string;
  at: string;
}

/** Columns the writer keeps itself: never compared, never written back. */
const MANAGED = new Set(['id', 'business_id', 'created_at', 'updated_at', 'field_stamps']);
/** A bill's figures follow from its inputs: undo writes the inputs and lets the bill compute them again. */
const BILL_DERIVED = new Set(['taxable_paise', 'cgst_paise', 'sgst_paise', 'igst_paise', 'round_off_paise', 'total_paise']);
const BILL_NUMBERING = new Set(['invoice_number', 'invoice_series', 'invoice_seq']);

/**
 * Changes undone and the changes an undo wrote, for this run of the app: Ctrl+Z again goes
 * further back instead of undoing the undo. Kept per core (a restore starts a new one).
 */
const spentByCore = new WeakMap<LedgerContext, Set<string>>();
const spent = (ctx: LedgerContext) => {
  let set = spentByCore.get(ctx);
  if (!set) spentByCore.set(ctx, (set = new Set()));
  return set;
};

const parse = (json: string) => JSON.parse(json) as Record<string, unknown>;
const keysOf = (values: Record<string, unknown>) => Object.keys(values).filter((k) => !MANAGED.has(k));

/**
 * Changes that are consequences of another, not something the user did to this record: a
 * bill's posting entry, payments moved along with a bill's party, a bill's figures computed
 * again after a merge, a bill renumbered after a clash, the first-run settings row. Undoing
 * the cause takes them back.
 */
function isConsequence(r: AuditRow): boolean {
  const values = parse(r.new_values);
  const keys = keysOf(values);
  if (r.table_name === 'transactions') {
    const billId = typeof values.bill_id === 'string' ? values.bill_id : null;
    if (billId && r.row_id === postingEntryId(billId)) return true;
    if (r.action === 'update' && keys.length && keys.every((k) => k === 'party_type' || k === 'party_id')) return true;
    return false;
  }
  if (r.table_name === 'bills' && r.action === 'update') return keys.every((k) => BILL_DERIVED.has(k) || BILL_NUMBERING.has(k) || k === 'items');
  if (r.table_name === 'business_settings' && r.action === 'create') return true;
  return keys.length === 0;
}

/** A posting entry's audit rows name its bill only when created; its id says it for every change. */
function isPostingEntry(ctx: LedgerContext, r: AuditRow): boolean {
  if (r.table_name !== 'transactions') return false;
  const row = ctx.writer.get('transactions', r.row_id);
  return !!row && typeof row.bill_id === 'string' && row.id === postingEntryId(row.bill_id);
}

const undoable = (ctx: LedgerContext, r: AuditRow) => !spent(ctx).has(r.op_id) && !isConsequence(r) && !isPostingEntry(ctx, r);

const toChange = (r: AuditRow): UndoableChange => ({ opId: r.op_id, table: r.table_name, rowId: r.row_id, action: r.action, at: r.at });

/** How far back Ctrl+Z looks among this device's changes (the newest are the ones it wants). */
const LOOK_BACK = 500;

/** This device's newest change not yet undone (by insertion order: the primary key). */
export function lastUndoable(ctx: LedgerContext): UndoableChange | null {
  const rows = ctx.writer
    .prepare('SELECT * FROM audit_log WHERE device_id = ? ORDER BY id DESC LIMIT ?')
    .all(ctx.deviceId(), LOOK_BACK) as AuditRow[];
  const found = rows.find((r) => undoable(ctx, r));
  return found ? toChange(found) : null;
}

function findChange(ctx: LedgerContext, input: { opId?: string; table?: AuditTable; rowId?: string }): AuditRow {
  if (input.opId) {
    const r = ctx.writer.prepare('SELECT * FROM audit_log WHERE op_id = ? ORDER BY id DESC LIMIT 1').get(input.opId) as AuditRow | undefined;
    if (!r || spent(ctx).has(r.op_id)) throw new LendenError('NOT_FOUND', NOTHING_TO_UNDO);
    if (r.device_id !== ctx.deviceId()) throw new LendenError('FORBIDDEN', NOT_THIS_DEVICE);
    return r;
  }
  if (input.table && input.rowId) {
    // audit_row_idx serves this: one record's changes, newest first.
    const rows = ctx.writer
      .prepare('SELECT * FROM audit_log WHERE table_name = ? AND row_id = ? ORDER BY stamp DESC, id DESC')
      .all(input.table, input.rowId) as AuditRow[];
    const r = rows.find((x) => x.device_id === ctx.deviceId() && undoable(ctx, x));
    if (!r) throw new LendenError('NOT_FOUND', NOTHING_TO_UNDO);
    return r;
  }
  const last = lastUndoable(ctx);
  if (!last) throw new LendenError('NOT_FOUND', NOTHING_TO_UNDO);
  return findChange(ctx, { opId: last.opId });
}

/** The record still holds what the change wrote (field by field; a bill's figures aside). */
function assertUnchangedSince(table: AuditTable, current: Row, after: Record<string, unknown>): void {
  for (const key of keysOf(after)) {
    if (table === 'bills' && BILL_DERIVED.has(key)) continue;
    if (table === 'bills' && key === 'items') {
      if (!sameLineInputs(String(current.items), String(after.items))) throw new LendenError('CONFLICT', CHANGED_SINCE);
      continue;
    }
    if (!(key in current)) continue;
    if (!sameValue(table as SyncedTable, key, current[key], after[key])) throw new LendenError('CONFLICT', CHANGED_SINCE);
  }
}

const partyType = (table: AuditTable) => (table === 'customers' ? 'customer' : 'supplier');

/** Take a record out (undo of its creation or restore), through its own service and its permission. */
function remove(ctx: LedgerContext, table: AuditTable, row: Row): void {
  const id = row.id;
  switch (table) {
    case 'customers':
    case 'suppliers':
      deleteParty(ctx, { type: partyType(table), id });
      return;
    case 'transactions':
      deleteEntry(ctx, { id });
      return;
    case 'bills':
      deleteBill(ctx, { id });
      return;
    case 'cashbook_entries':
      deleteCashbookEntry(ctx, { id });
      return;
    case 'items':
      deleteItem(ctx, { id });
      return;
    case 'staff':
      deleteStaff(ctx, { id });
      return;
    case 'attendance':
      clearAttendance(ctx, { staffId: String(row.staff_id), date: String(row.att_date) });
      return;
    case 'business_settings':
      throw new LendenError('CONFLICT', NOTHING_TO_UNDO);
  }
}

/** Bring a deleted record back (undo of its deletion), through its own service and its permission. */
function bringBack(ctx: LedgerContext, table: AuditTable, row: Row): void {
  const id = row.id;
  switch (table) {
    case 'customers':
    case 'suppliers':
      restoreParty(ctx, { type: partyType(table), id });
      return;
    case 'transactions':
      restoreEntry(ctx, { id });
      return;
    case 'bills':
      restoreBill(ctx, { id });
      return;
    case 'cashbook_entries':
      restoreCashbookEntry(ctx, { id });
      return;
    case 'items':
      restoreItem(ctx, { id });
      return;
    case 'staff':
      restoreStaff(ctx, { id });
      return;
    default:
      writeBack(ctx, table, row.id, { deleted_at: null });
  }
}

/** Old values straight through the write path, for records whose edit has no rule beyond who may make it. */
function writeBack(ctx: LedgerContext, table: AuditTable, id: string, values: Record<string, unknown>): void {
  if (table === 'staff') requireOwner(ctx, 'change staff details and salaries');
  if (table === 'business_settings') requireOwner(ctx, 'change the business settings');
  const fields: Fields = {};
  for (const key of keysOf(values)) fields[key] = values[key] as string | number | null;
  if (Object.keys(fields).length) ctx.writer.update(table as SyncedTable, id, fields);
}

/** A bill's edit taken back as a bill edit: its lines and inputs, totals and posting entry computed again. */
function billBack(ctx: LedgerContext, current: Row, before: Record<string, unknown>): void {
  const has = (k: string) => k in before;
  const lines = has('items')
    ? parseItems(String(before.items)).map((it) => ({
        itemId: it.item_id,
        name: it.name,
        hsn: it.hsn,
        qtyMilli: it.qty_milli,
        unit: it.unit,
        ratePaise: it.rate_paise,
        gstRateBp: it.gst_rate_bp,
      }))
    : undefined;
  const rounded = wasRounded({
    round_off_paise: Number(has('round_off_paise') ? before.round_off_paise : current.round_off_paise),
    total_paise: Number(has('total_paise') ? before.total_paise : current.total_paise),
  });
  updateBill(ctx, {
    id: current.id,
    patch: {
      ...(has('party_type') ? { partyType: before.party_type as 'customer' | 'supplier' } : {}),
      ...(has('party_id') ? { partyId: String(before.party_id) } : {}),
      ...(has('bill_date') ? { date: String(before.bill_date) } : {}),
      ...(has('due_date') ? { dueDate: (before.due_date as string | null) ?? null } : {}),
      ...(has('place_of_supply') ? { placeOfSupply: (before.place_of_supply as string | null) ?? null } : {}),
      ...(has('discount_paise') ? { discountPaise: Number(before.discount_paise) } : {}),
      ...(has('note') ? { note: (before.note as string | null) ?? null } : {}),
      ...(lines ? { lines } : {}),
      roundOff: rounded,
    },
  });
}

/** An entry's edit taken back as an entry edit, so a bill payment still cannot pass the bill's total. */
function entryBack(ctx: LedgerContext, id: string, before: Record<string, unknown>): void {
  const has = (k: string) => k in before;
  updateEntry(ctx, {
    id,
    patch: {
      ...(has('direction') ? { direction: before.direction as 'gave' | 'got' } : {}),
      ...(has('amount_paise') ? { amountPaise: Number(before.amount_paise) } : {}),
      ...(has('entry_date') ? { date: String(before.entry_date) } : {}),
      ...(has('note') ? { note: (before.note as string | null) ?? null } : {}),
      ...(has('mode') ? { mode: before.mode as never } : {}),
      ...(has('mode_ref') ? { modeRef: (before.mode_ref as string | null) ?? null } : {}),
    },
  });
  // Anything else the edit changed (a party moved by hand) goes back as it was.
  const rest = Object.fromEntries(Object.entries(before).filter(([k]) => k === 'party_type' || k === 'party_id'));
  if (Object.keys(rest).length) writeBack(ctx, 'transactions', id, rest);
}

/**
 * Undo one change of this device: the values from before it are written through the normal
 * write path (so the undo is itself an ordinary, synced, audited change). Refused with a
 * plain sentence when the record no longer holds what that change wrote.
 */
export function undoChange(ctx: LedgerContext, input: { opId?: string; table?: AuditTable; rowId?: string }): UndoableChange {
  return ctx.transact(() => {
    const change = findChange(ctx, input);
    const table = change.table_name;
    const current = ctx.writer.get(table as SyncedTable, change.row_id);
    if (!current || current.business_id !== ctx.businessId()) throw new LendenError('NOT_FOUND', NOTHING_TO_UNDO);
    const before = parse(change.old_values);
    const after = parse(change.new_values);
    assertUnchangedSince(table, current, after);
    const lastBefore = (ctx.writer.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_log').get() as { id: number }).id;
    if (change.action === 'create') {
      remove(ctx, table, current);
    } else if (change.action === 'restore') {
      remove(ctx, table, current);
      // A restore that changed more than deleted_at (a cleared attendance day marked again) takes the rest back too.
      const rest = Object.fromEntries(Object.entries(before).filter(([k]) => k !== 'deleted_at'));
      if (keysOf(rest).length) writeBack(ctx, table, current.id, rest);
    } else if (change.action === 'delete') {
      bringBack(ctx, table, current);
      // A delete that changed more than deleted_at (an attendance day re-marked) takes the rest back too.
      const rest = Object.fromEntries(Object.entries(before).filter(([k]) => k !== 'deleted_at'));
      if (keysOf(rest).length) writeBack(ctx, table, current.id, rest);
    } else if (table === 'bills') {
      if (current.deleted_at) throw new LendenError('CONFLICT', CHANGED_SINCE);
      billBack(ctx, current, before);
    } else if (table === 'transactions') {
      entryBack(ctx, current.id, before);
    } else {
      writeBack(ctx, table, current.id, before);
    }
    const used = spent(ctx);
    used.add(change.op_id);
    const written = ctx.writer.prepare('SELECT op_id FROM audit_log WHERE id > ?').all(lastBefore) as { op_id: string }[];
    for (const w of written) used.add(w.op_id);
    return toChange(change);
  });
}
