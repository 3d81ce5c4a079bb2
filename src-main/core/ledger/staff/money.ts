import type { StaffMoney, StaffMoneyMonth } from '../../../contract/staff-money';
import { daysInMonth } from '../../util/dates';
import type { LedgerContext } from '../context';
import { attendanceMonth } from './month';
import { STAFF_PAYMENT_COLUMNS, toStaffPayment, type StaffPaymentRow } from './pay';
import { salaryDue } from './salary';
import type { SalaryBasis } from '../../../contract/staff';

/** Every staff payment of the business; rides the partial index cashbook_staff_idx. */
export const STAFF_PAYMENTS_SQL = `SELECT ${STAFF_PAYMENT_COLUMNS} FROM cashbook_entries
 WHERE business_id = ? AND staff_id IS NOT NULL AND deleted_at IS NULL ORDER BY staff_id, entry_date`;

/** Paid days of every month before `?` (counted as the register counts them: from joining, up to today). */
export const EARLIER_MARKS_SQL = `SELECT a.staff_id, substr(a.att_date, 1, 7) AS month,
       sum(a.status = 'present') AS present, sum(a.status = 'half_day') AS half_day, sum(a.status = 'leave') AS leave
  FROM attendance a JOIN staff s ON s.id = a.staff_id
 WHERE a.business_id = ? AND a.att_date < ? AND a.att_date <= ? AND a.deleted_at IS NULL
   AND (s.joined_on IS NULL OR a.att_date >= s.joined_on)
 GROUP BY a.staff_id, month`;

interface EarlierRow {
  staff_id: string;
  month: string;
  present: number;
  half_day: number;
  leave: number;
}

/**
 * Earned, paid, advances and due of every live staff member for a month (see StaffMoney for
 * the rule). Three queries whatever the history: this month's register, the paid days of
 * earlier months grouped by month, and every staff payment.
 */
export function staffMoneyMonth(ctx: LedgerContext, input: { month: string }): StaffMoneyMonth {
  const register = attendanceMonth(ctx, input);
  const monthStart = `${input.month}-01`;
  const basis = new Map(register.staff.map((s) => [s.staff.id, { basis: s.staff.salaryBasis as SalaryBasis, salary: s.staff.salaryPaise }]));
  const carried = new Map<string, number>();
  const add = (id: string, paise: number) => carried.set(id, (carried.get(id) ?? 0) + paise);

  // Earlier months at the staff member's rate, as the register of that month would show it.
  const earlier = ctx.writer.prepare(EARLIER_MARKS_SQL).all(ctx.businessId(), monthStart, ctx.today()) as EarlierRow[];
  for (const r of earlier) {
    const b = basis.get(r.staff_id);
    if (!b) continue;
    add(r.staff_id, salaryDue(b.basis, b.salary, { present: r.present, halfDay: r.half_day, leave: r.leave }, daysInMonth(r.month)).salaryDuePaise);
  }

  const thisMonth = new Map<string, { salary: number; advances: number; payments: StaffMoney['payments'] }>();
  const rows = ctx.writer.prepare(STAFF_PAYMENTS_SQL).all(ctx.businessId()) as StaffPaymentRow[];
  for (const r of rows) {
    if (!basis.has(r.staff_id)) continue;
    const p = toStaffPayment(r);
    // Salary counts in the month it pays, an advance in the month it was given.
    const month = p.kind === 'salary' ? p.month! : p.date.slice(0, 7);
    if (month < input.month) add(r.staff_id, -p.amountPaise);
    else if (month === input.month) {
      let m = thisMonth.get(r.staff_id);
      if (!m) thisMonth.set(r.staff_id, (m = { salary: 0, advances: 0, payments: [] }));
      if (p.kind === 'salary') m.salary += p.amountPaise;
      else m.advances += p.amountPaise;
      m.payments.push(p);
    }
  }

  const totals = { earnedPaise: 0, salaryPaidPaise: 0, advancesGivenPaise: 0, duePaise: 0, advanceOutstandingPaise: 0 };
  const staff = register.staff.map((s): StaffMoney => {
    const m = thisMonth.get(s.staff.id) ?? { salary: 0, advances: 0, payments: [] };
    const carriedPaise = carried.get(s.staff.id) ?? 0;
    const net = carriedPaise + s.salaryDuePaise - m.salary - m.advances;
    const pool = Math.max(-carriedPaise, 0) + m.advances;
    const money: StaffMoney = {
      staff: s.staff,
      month: input.month,
      counts: s.counts,
      payableHalfDays: s.payableHalfDays,
      earnedPaise: s.salaryDuePaise,
      carriedPaise,
      salaryPaidPaise: m.salary,
      advancesGivenPaise: m.advances,
      advanceRecoveredPaise: Math.max(0, Math.min(pool, pool + net)),
      duePaise: Math.max(net, 0),
      advanceOutstandingPaise: Math.max(-net, 0),
      payments: m.payments.sort((a, b) => (a.date === b.date ? a.createdAt.localeCompare(b.createdAt) : a.date.localeCompare(b.date))),
    };
    totals.earnedPaise += money.earnedPaise;
    totals.salaryPaidPaise += money.salaryPaidPaise;
    totals.advancesGivenPaise += money.advancesGivenPaise;
    totals.duePaise += money.duePaise;
    totals.advanceOutstandingPaise += money.advanceOutstandingPaise;
    return money;
  });
  return { month: input.month, staff, totals };
}
