import { LendenError } from '../../../contract/errors';
import type { ParsedInputOf } from '../../../contract/define';
import type { AttendanceMark, AttendanceStatus, staffContract } from '../../../contract/staff';
import type { Fields } from '../../db/writer';
import { derivedId } from '../../util/ids';
import type { LedgerContext } from '../context';
import { getStaffRow } from './staff';

type C = typeof staffContract;

export interface AttendanceRow {
  id: string;
  staff_id: string;
  att_date: string;
  status: AttendanceStatus;
  note: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const toMark = (r: AttendanceRow): AttendanceMark => ({
  id: r.id,
  staffId: r.staff_id,
  date: r.att_date,
  status: r.status,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

/**
 * One row per staff member per day, its id derived from both: two devices marking the same
 * day offline write the same row and the merge keeps the later stamp, never two marks.
 */
export const attendanceId = (staffId: string, date: string) => derivedId(staffId, date);

const readMark = (ctx: LedgerContext, id: string) =>
  ctx.writer.prepare('SELECT * FROM attendance WHERE id = ? AND business_id = ?').get(id, ctx.businessId()) as AttendanceRow | undefined;

export function markAttendance(ctx: LedgerContext, input: ParsedInputOf<C['attendance.mark']>): AttendanceMark {
  return ctx.transact(() => {
    const staff = getStaffRow(ctx, input.staffId);
    if (input.date > ctx.today()) throw new LendenError('VALIDATION', 'Attendance cannot be marked for a future day.', { date: 'This day has not come yet.' });
    if (staff.joined_on && input.date < staff.joined_on) {
      throw new LendenError('VALIDATION', `${staff.name} joined on ${staff.joined_on}; attendance cannot be marked before that.`, {
        date: 'Before the joining date.',
      });
    }
    const id = attendanceId(input.staffId, input.date);
    const existing = readMark(ctx, id);
    if (!existing) {
      ctx.writer.insert('attendance', { staff_id: input.staffId, att_date: input.date, status: input.status, note: input.note ?? null }, id);
    } else {
      // Marking again (or re-marking a cleared day) edits the same row.
      const changes: Fields = { status: input.status, deleted_at: null };
      if (input.note !== undefined) changes.note = input.note;
      ctx.writer.update('attendance', id, changes);
    }
    return toMark(readMark(ctx, id)!);
  });
}

export function clearAttendance(ctx: LedgerContext, input: { staffId: string; date: string }): AttendanceMark | null {
  return ctx.transact(() => {
    getStaffRow(ctx, input.staffId);
    const id = attendanceId(input.staffId, input.date);
    const existing = readMark(ctx, id);
    if (!existing) return null;
    if (!existing.deleted_at) ctx.writer.update('attendance', id, { deleted_at: ctx.nowIso() });
    return toMark(readMark(ctx, id)!);
  });
}
