import type { AttendanceCounts, AttendanceDay, AttendanceMonth, AttendanceStatus, StaffMonth } from '../../../contract/staff';
import { daysInMonth } from '../../util/dates';
import type { LedgerContext } from '../context';
import { salaryDue } from './salary';
import { listStaffRows, toStaff } from './staff';

interface MarkRow {
  staff_id: string;
  att_date: string;
  status: AttendanceStatus;
  note: string | null;
}

/** Every live mark of the business in a date range; exported so a test can check its plan. */
export const MONTH_MARKS_SQL = `SELECT staff_id, att_date, status, note FROM attendance
 WHERE business_id = ? AND att_date >= ? AND att_date <= ? AND deleted_at IS NULL`;

/**
 * The attendance register of a month for every live staff member: day-by-day marks, counts
 * and salary due. Two queries in all (staff, then every mark of the month through
 * attendance_day_idx), however many staff there are.
 */
export function attendanceMonth(ctx: LedgerContext, input: { month: string }): AttendanceMonth {
  const dim = daysInMonth(input.month);
  const dates = Array.from({ length: dim }, (_, i) => `${input.month}-${String(i + 1).padStart(2, '0')}`);
  const today = ctx.today();
  const staffRows = listStaffRows(ctx);
  const marks = ctx.writer
    .prepare(MONTH_MARKS_SQL)
    .all(ctx.businessId(), dates[0], dates[dim - 1]) as MarkRow[];
  const byStaff = new Map<string, Map<string, MarkRow>>();
  for (const m of marks) {
    let days = byStaff.get(m.staff_id);
    if (!days) byStaff.set(m.staff_id, (days = new Map()));
    days.set(m.att_date, m);
  }

  let total = 0;
  const staff: StaffMonth[] = staffRows.map((s) => {
    const own = byStaff.get(s.id);
    const counts: AttendanceCounts = { present: 0, absent: 0, halfDay: 0, leave: 0, unmarked: 0 };
    const days: AttendanceDay[] = dates.map((date) => {
      const mark = own?.get(date);
      // Days before joining or still to come are neither worked nor missed.
      const counted = date <= today && (!s.joined_on || date >= s.joined_on);
      if (counted) {
        if (!mark) {
          counts.absent += 1;
          counts.unmarked += 1;
        } else if (mark.status === 'present') counts.present += 1;
        else if (mark.status === 'half_day') counts.halfDay += 1;
        else if (mark.status === 'leave') counts.leave += 1;
        else counts.absent += 1;
      }
      return { date, status: mark?.status ?? null, note: mark?.note ?? null, counted };
    });
    const due = salaryDue(s.salary_basis, s.salary_paise, counts, dim);
    total += due.salaryDuePaise;
    return { staff: toStaff(s), days, counts, payableHalfDays: due.payableHalfDays, salaryDuePaise: due.salaryDuePaise };
  });
  return { month: input.month, daysInMonth: dim, staff, totalSalaryDuePaise: total };
}
