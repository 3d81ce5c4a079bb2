import { LendenError } from '../../../contract/errors';
import type { ParsedInputOf } from '../../../contract/define';
import type { CashMode } from '../../../contract/cashbook';
import type { StaffPayKind, StaffPayment, staffMoneyContract } from '../../../contract/staff-money';
import type { Fields } from '../../db/writer';
import type { LedgerContext } from '../context';
import { requireOwner } from '../permissions';
import { getStaffRow } from './staff';

type C = typeof staffMoneyContract;

/** The cashbook columns of a staff payment: the payment is the cashbook entry, never a copy. */
export interface StaffPaymentRow {
  id: string;
  staff_id: string;
  staff_pay: StaffPayKind;
  amount_paise: number;
  mode: CashMode;
  entry_date: string;
  pay_month: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export const STAFF_PAYMENT_COLUMNS = 'id, staff_id, staff_pay, amount_paise, mode, entry_date, pay_month, note, created_at, updated_at, deleted_at';

export const toStaffPayment = (r: StaffPaymentRow): StaffPayment => ({
  id: r.id,
  staffId: r.staff_id,
  kind: r.staff_pay,
  amountPaise: r.amount_paise,
  mode: r.mode,
  date: r.entry_date,
  month: r.staff_pay === 'salary' ? (r.pay_month ?? r.entry_date.slice(0, 7)) : null,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

function getPaymentRow(ctx: LedgerContext, id: string): StaffPaymentRow {
  const row = ctx.writer
    .prepare(`SELECT ${STAFF_PAYMENT_COLUMNS} FROM cashbook_entries WHERE id = ? AND business_id = ? AND staff_id IS NOT NULL`)
    .get(id, ctx.businessId()) as StaffPaymentRow | undefined;
  if (!row) throw new LendenError('NOT_FOUND', 'That staff payment does not exist.');
  return row;
}

/** Money is paid on a day that has come, to someone who had joined by then (or a salary month they worked). */
function checkDay(ctx: LedgerContext, date: string): void {
  if (date > ctx.today()) throw new LendenError('VALIDATION', 'A payment cannot be dated in the future.', { date: 'This day has not come yet.' });
}

export function payStaff(ctx: LedgerContext, input: ParsedInputOf<C['staff.pay']>): StaffPayment {
  requireOwner(ctx, 'pay staff');
  return ctx.transact(() => {
    const staff = getStaffRow(ctx, input.staffId);
    const date = input.date ?? ctx.today();
    checkDay(ctx, date);
    const row = ctx.writer.insert('cashbook_entries', {
      direction: 'out',
      amount_paise: input.amountPaise,
      mode: input.mode,
      entry_date: date,
      // The note the cashbook shows when the payment has none of its own: who was paid.
      note: input.note ?? staff.name,
      category: 'salary',
      staff_id: input.staffId,
      staff_pay: input.kind,
      pay_month: input.kind === 'salary' ? (input.month ?? date.slice(0, 7)) : null,
    });
    return toStaffPayment(row as unknown as StaffPaymentRow);
  });
}

export function updateStaffPayment(ctx: LedgerContext, input: ParsedInputOf<C['staff.updatePayment']>): StaffPayment {
  requireOwner(ctx, 'change a staff payment');
  return ctx.transact(() => {
    const row = getPaymentRow(ctx, input.id);
    if (row.deleted_at) throw new LendenError('NOT_FOUND', 'That staff payment was deleted.');
    const { patch } = input;
    const kind = patch.kind ?? row.staff_pay;
    const date = patch.date ?? row.entry_date;
    if (patch.date !== undefined) checkDay(ctx, patch.date);
    if (kind === 'advance' && patch.month) throw new LendenError('VALIDATION', 'An advance has no salary month.', { month: 'Only salary is paid for a month.' });
    const changes: Fields = {};
    if (patch.amountPaise !== undefined) changes.amount_paise = patch.amountPaise;
    if (patch.mode !== undefined) changes.mode = patch.mode;
    if (patch.date !== undefined) changes.entry_date = patch.date;
    if (patch.note !== undefined) changes.note = patch.note;
    if (patch.kind !== undefined) changes.staff_pay = patch.kind;
    // An advance never keeps a month; a salary always has one (its date's month unless said).
    if (kind === 'advance') changes.pay_month = null;
    else if (patch.month) changes.pay_month = patch.month;
    else if (!row.pay_month || patch.month === null) changes.pay_month = date.slice(0, 7);
    ctx.writer.update('cashbook_entries', input.id, changes);
    return toStaffPayment(getPaymentRow(ctx, input.id));
  });
}

export function deleteStaffPayment(ctx: LedgerContext, input: { id: string }): StaffPayment {
  requireOwner(ctx, 'delete a staff payment');
  return ctx.transact(() => {
    const row = getPaymentRow(ctx, input.id);
    if (!row.deleted_at) ctx.writer.update('cashbook_entries', input.id, { deleted_at: ctx.nowIso() });
    return toStaffPayment(getPaymentRow(ctx, input.id));
  });
}
