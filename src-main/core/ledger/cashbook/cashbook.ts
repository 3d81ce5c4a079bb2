import { LendenError } from '../../../contract/errors';
import type { ParsedInputOf } from '../../../contract/define';
import type { CashbookCategory, CashbookEntry, CashDirection, CashMode, cashbookContract } from '../../../contract/cashbook';
import type { Fields } from '../../db/writer';
import type { LedgerContext } from '../context';

type C = typeof cashbookContract;

export interface CashbookRow {
  id: string;
  direction: CashDirection;
  amount_paise: number;
  mode: CashMode;
  entry_date: string;
  note: string | null;
  category: CashbookCategory | null;
  /** Set on a salary payment or advance (see ledger/staff/pay.ts). */
  staff_id?: string | null;
  staff_pay?: 'salary' | 'advance' | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export const toCashbookEntry = (r: CashbookRow): CashbookEntry => ({
  id: r.id,
  direction: r.direction,
  amountPaise: r.amount_paise,
  mode: r.mode,
  date: r.entry_date,
  note: r.note,
  category: r.category ?? null,
  staffId: r.staff_id ?? null,
  staffPay: r.staff_pay ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

export function getCashbookRow(ctx: LedgerContext, id: string): CashbookRow {
  const row = ctx.writer.prepare('SELECT * FROM cashbook_entries WHERE id = ? AND business_id = ?').get(id, ctx.businessId()) as CashbookRow | undefined;
  if (!row) throw new LendenError('NOT_FOUND', 'That cashbook entry does not exist.');
  return row;
}

export function addCashbookEntry(ctx: LedgerContext, input: ParsedInputOf<C['cashbook.add']>): CashbookEntry {
  return ctx.transact(() => {
    const row = ctx.writer.insert('cashbook_entries', {
      direction: input.direction,
      amount_paise: input.amountPaise,
      mode: input.mode,
      entry_date: input.date ?? ctx.today(),
      note: input.note,
      category: input.category ?? null,
    });
    return toCashbookEntry(row as unknown as CashbookRow);
  });
}

export function updateCashbookEntry(ctx: LedgerContext, input: ParsedInputOf<C['cashbook.update']>): CashbookEntry {
  return ctx.transact(() => {
    const row = getCashbookRow(ctx, input.id);
    // A deleted entry is restored first, so an edit never silently revives it.
    if (row.deleted_at) throw new LendenError('NOT_FOUND', 'That cashbook entry was deleted.');
    const { patch } = input;
    // A staff payment stays money out for salary, or the staff member's account would drift.
    if (row.staff_id && ((patch.direction !== undefined && patch.direction !== 'out') || (patch.category !== undefined && patch.category !== 'salary'))) {
      throw new LendenError('VALIDATION', 'This is a payment to staff: it stays money out for salary. Change or delete it on the Staff screen.');
    }
    const changes: Fields = {};
    if (patch.direction !== undefined) changes.direction = patch.direction;
    if (patch.amountPaise !== undefined) changes.amount_paise = patch.amountPaise;
    if (patch.mode !== undefined) changes.mode = patch.mode;
    if (patch.date !== undefined) changes.entry_date = patch.date;
    if (patch.note !== undefined) changes.note = patch.note;
    if (patch.category !== undefined) changes.category = patch.category;
    ctx.writer.update('cashbook_entries', input.id, changes);
    return toCashbookEntry(getCashbookRow(ctx, input.id));
  });
}

export function deleteCashbookEntry(ctx: LedgerContext, input: { id: string }): CashbookEntry {
  return ctx.transact(() => {
    const row = getCashbookRow(ctx, input.id);
    if (row.deleted_at) return toCashbookEntry(row);
    ctx.writer.update('cashbook_entries', input.id, { deleted_at: ctx.nowIso() });
    return toCashbookEntry(getCashbookRow(ctx, input.id));
  });
}

export function restoreCashbookEntry(ctx: LedgerContext, input: { id: string }): CashbookEntry {
  return ctx.transact(() => {
    const row = getCashbookRow(ctx, input.id);
    if (!row.deleted_at) return toCashbookEntry(row);
    ctx.writer.update('cashbook_entries', input.id, { deleted_at: null });
    return toCashbookEntry(getCashbookRow(ctx, input.id));
  });
}
