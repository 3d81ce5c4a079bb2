import { formatInvoiceNumber, lastInvoiceSeq, raiseSeriesFloor } from '../ledger/bills/numbering';
import { englishNote } from '../../contract/app-notes';
import { postingNote } from '../ledger/bills/bills';
import { postingEntryId } from '../ledger/entries/entries';
import { readSettingsRow } from '../ledger/settings/settings';
import { newId } from '../util/ids';
import type { SyncContext } from './context';
import type { PushRejection, WireOp } from './wire';

/**
 * The server refused a new bill because its number was already used (a restored backup, a
 * clash that should never happen) or its series is not this device's: give the bill the next
 * free number of this device's series, rewrite the waiting create (and the posting entry's
 * note), and tell the user. The bill and its ledger entry are never deleted for a number.
 * Returns 'relink' when the device must first register its series again (the bill waits),
 * and false when it cannot renumber (the op is then refused like any other).
 */
export function renumberRefusedBill(ctx: SyncContext, op: WireOp, r: PushRejection): 'renumbered' | 'relink' | false {
  const { core } = ctx;
  if (op.table !== 'bills' || !('created_at' in op.fields)) return false;
  const row = core.db.prepare('SELECT invoice_series FROM bills WHERE id = ?').get(op.row_id) as { invoice_series: number } | undefined;
  if (!row || !ctx.outbox.get(op.op_id)) return false;
  const detail = r.detail ?? {};
  let series = row.invoice_series;
  if (r.reason === 'invoice_series_not_yours') {
    const mine = Number(detail.invoice_series);
    if (!Number.isSafeInteger(mine) || mine < 1) {
      // The server has no series for this device and user yet: register again, then retry.
      core.state.set('linked_business', '');
      return 'relink';
    }
    series = mine;
    core.state.set('invoice_series', String(mine));
  }
  raiseSeriesFloor(core.db, series, Number(detail.invoice_series_max));
  renumber(ctx, op.row_id, series, r.reason === 'invoice_series_not_yours' ? 'series' : 'taken');
  return 'renumbered';
}

/**
 * A bill made here and not yet on the server carries the number of a bill the server has
 * (a pull brings it): this one takes the next free number, so both are stored.
 */
export function renumberUnsentBill(ctx: SyncContext, invoiceNumber: string): boolean {
  const row = ctx.core.db.prepare('SELECT id, invoice_series FROM bills WHERE business_id = ? AND invoice_number = ?').get(ctx.core.businessId, invoiceNumber) as
    | { id: string; invoice_series: number }
    | undefined;
  if (!row || !createOf(ctx, row.id)) return false;
  renumber(ctx, row.id, ctx.core.ctx.invoiceSeries(), 'taken');
  return true;
}

const createOf = (ctx: SyncContext, billId: string) => ctx.outbox.ofUnit(billId).find((o) => o.table_name === 'bills' && o.row_id === billId && 'created_at' in (JSON.parse(o.fields) as object));

/** Give a bill whose create still waits the next free number of `series`, and tell the user. */
function renumber(ctx: SyncContext, billId: string, series: number, why: 'taken' | 'series'): void {
  const { core } = ctx;
  const waiting = createOf(ctx, billId)!;
  const from = (core.db.prepare('SELECT invoice_number FROM bills WHERE id = ?').get(billId) as { invoice_number: string }).invoice_number;
  const seq = lastInvoiceSeq(core.db, core.businessId, series) + 1;
  const prefix = readSettingsRow(core.ctx)?.invoice_prefix ?? 'INV-';
  const number = formatInvoiceNumber(prefix, series, seq);
  core.db.prepare('UPDATE bills SET invoice_number = ?, invoice_series = ?, invoice_seq = ? WHERE id = ?').run(number, series, seq, billId);
  const fields = JSON.parse(waiting.fields) as Record<string, unknown>;
  ctx.outbox.rewrite(waiting.op_id, { ...fields, invoice_number: number, invoice_series: series, invoice_seq: seq }, waiting.stamp);
  renotePosting(ctx, billId, from, number);
  core.db
    .prepare(
      `INSERT INTO audit_log (table_name, row_id, op_id, stamp, device_id, user_id, action, old_values, new_values, at)
       VALUES ('bills', ?, ?, ?, ?, ?, 'update', ?, ?, ?)`,
    )
    .run(billId, `renumber-${newId()}`, waiting.stamp, core.deviceId, core.userId, JSON.stringify({ invoice_number: from }), JSON.stringify({ invoice_number: number }), new Date().toISOString());
  ctx.problems.record({
    opId: waiting.op_id,
    table: 'bills',
    rowId: billId,
    code: 'RENUMBERED',
    message: `Bill ${from} was renumbered ${number}: ${why === 'series' ? 'its number series belongs to another device' : 'another bill already had that number'}.`,
    fields: { invoice_number: from },
    reason: 'renumbered',
    detail: { from, to: number, why: why === 'series' ? 'invoice_series_not_yours' : 'invoice_number_taken' },
  });
}

/** The posting entry's note names the bill's number: follow the new one, in the row and its waiting create. */
function renotePosting(ctx: SyncContext, billId: string, from: string, to: string): void {
  const { core } = ctx;
  const id = postingEntryId(billId);
  // The note as this version writes it, or as versions before note codes wrote it.
  const was = [postingNote(from), englishNote({ code: 'bill', number: from })];
  core.db.prepare('UPDATE transactions SET note = ? WHERE id = ? AND note IN (?, ?)').run(postingNote(to), id, ...was);
  for (const waiting of ctx.outbox.ofUnit(billId)) {
    if (waiting.table_name !== 'transactions' || waiting.row_id !== id) continue;
    const fields = JSON.parse(waiting.fields) as Record<string, unknown>;
    if (was.includes(fields.note as string)) ctx.outbox.rewrite(waiting.op_id, { ...fields, note: postingNote(to) }, waiting.stamp);
  }
}
