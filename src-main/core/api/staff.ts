import type { Handlers } from '../../contract';
import type { staffContract } from '../../contract/staff';
import type { LedgerContext } from '../ledger/context';
import { clearAttendance, markAttendance } from '../ledger/staff/attendance';
import { attendanceMonth } from '../ledger/staff/month';
import { createStaff, deleteStaff, listStaff, restoreStaff, updateStaff } from '../ledger/staff/staff';

export const staffHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof staffContract> => ({
  'staff.list': (input) => listStaff(ctx, input),
  'staff.create': (input) => createStaff(ctx, input),
  'staff.update': (input) => updateStaff(ctx, input),
  'staff.delete': (input) => deleteStaff(ctx, input),
  'staff.restore': (input) => restoreStaff(ctx, input),
  'attendance.mark': (input) => markAttendance(ctx, input),
  'attendance.clear': (input) => clearAttendance(ctx, input),
  'attendance.month': (input) => attendanceMonth(ctx, input),
});
