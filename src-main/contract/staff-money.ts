import { z } from 'zod';
import { method } from './define';
import { id, isoDate, isoMonth, optionalText, paise } from './primitives';
import type { CashMode } from './cashbook';
import type { AttendanceCounts, Staff } from './staff';

/** Salary for a month's work, or an advance taken back from later salary. */
export type StaffPayKind = 'salary' | 'advance';

/**
 * Money paid to a staff member. It is one cashbook entry (money out, category salary) that
 * names the staff member, so the cashbook and profit and loss count it once.
 */
export interface StaffPayment {
  /** The cashbook entry's id. */
  id: string;
  staffId: string;
  kind: StaffPayKind;
  amountPaise: number;
  mode: CashMode;
  date: string;
  /** Salary: the month (YYYY-MM) it pays. Advances: null (they count by date). */
  month: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/**
 * One staff member's money for a month. Staff money is one running account: each month's
 * earned salary, less the salary paid for that month and the advances given in it.
 * `carriedPaise` is that account before the month (> 0: salary still due from earlier months,
 * < 0: advance not yet taken back). An advance is taken back from the salary earned in the
 * month it was given and, when that is not enough, from the following months; salary paid
 * beyond what was earned counts as an advance.
 *
 *   net = carried + earned - salaryPaid - advancesGiven
 *   due = max(net, 0); advanceOutstanding = max(-net, 0)
 */
export interface StaffMoney {
  staff: Staff;
  month: string;
  counts: AttendanceCounts;
  payableHalfDays: number;
  earnedPaise: number;
  carriedPaise: number;
  /** Salary paid for this month (whatever day it was paid). */
  salaryPaidPaise: number;
  /** Advances given on days of this month. */
  advancesGivenPaise: number;
  /** Of the advances outstanding and given, how much this month's salary took back. */
  advanceRecoveredPaise: number;
  duePaise: number;
  advanceOutstandingPaise: number;
  /** Salary paid for this month and advances given in it, by date. */
  payments: StaffPayment[];
}

export interface StaffMoneyMonth {
  month: string;
  staff: StaffMoney[];
  totals: { earnedPaise: number; salaryPaidPaise: number; advancesGivenPaise: number; duePaise: number; advanceOutstandingPaise: number };
}

const kind = z.enum(['salary', 'advance'], { message: 'Choose salary or advance.' });
const cashMode = z.enum(['cash', 'online'], { message: 'Mode must be cash or online.' });
const note = optionalText(500, 'Note');
const advanceHasNoMonth = (v: { kind?: StaffPayKind; month?: string | null }) => !(v.kind === 'advance' && v.month);
const noMonthMessage = { message: 'An advance has no salary month; it is taken back from the salary that follows.', path: ['month'] };

export const staffMoneyContract = {
  /** Records a salary payment or an advance: one cashbook entry (out, category salary). */
  'staff.pay': method(
    z
      .object({
        staffId: id,
        kind,
        amountPaise: paise,
        mode: cashMode.optional().default('cash'),
        // Defaults: today; a salary pays the month of its date.
        date: isoDate.optional(),
        month: isoMonth.optional(),
        note,
      })
      .strict()
      .refine(advanceHasNoMonth, noMonthMessage),
  ).returns<StaffPayment>(),
  'staff.updatePayment': method(
    z
      .object({
        id,
        patch: z
          .object({ kind: kind.optional(), amountPaise: paise.optional(), mode: cashMode.optional(), date: isoDate.optional(), month: isoMonth.nullable().optional(), note: note.optional() })
          .strict()
          .refine(advanceHasNoMonth, noMonthMessage),
      })
      .strict(),
  ).returns<StaffPayment>(),
  'staff.deletePayment': method(z.object({ id }).strict()).returns<StaffPayment>(),
  /** Every live staff member's earned, paid, advances and due for a month. */
  'staff.money': method(z.object({ month: isoMonth }).strict()).returns<StaffMoneyMonth>(),
};
