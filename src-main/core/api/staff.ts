import type { Handlers } from '../../contract';
import type { staffContract } from '../../contract/staff';
import type { staffMoneyContract } from '../../contract/staff-money';
import type { LedgerContext } from '../ledger/context';
import { clearAttendance, markAttendance } from '../ledger/staff/attendance';
import { attendanceMonth } from '../ledger/staff/month';
import { staffMoneyMonth } from '../ledger/staff/money';
import { deleteStaffPayment, payStaff, updateStaffPayment } from '../ledger/staff/pay';
import { createStaff, deleteStaff, listStaff, restoreStaff, updateStaff } from '../ledger/staff/staff';

export const staffHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof staffContract | keyof typeof staffMoneyContract> => ({
  'staff.list': (input) => listStaff(ctx, input),
  'staff.create': (input) => createStaff(ctx, input),
  'staff.update': (input) => updateStaff(ctx, input),
  'staff.delete': (input) => deleteStaff(ctx, input),
  'staff.restore': (input) => restoreStaff(ctx, input),
  'attendance.mark': (input) => markAttendance(ctx, input),
  'attendance.clear': (input) => clearAttendance(ctx, input),
  'attendance.month': (input) => attendanceMonth(ctx, input),
  'staff.pay': (input) => payStaff(ctx, input),
  'staff.updatePayment': (input) => updateStaffPayment(ctx, input),
  'staff.deletePayment': (input) => deleteStaffPayment(ctx, input),
  'staff.money': (input) => staffMoneyMonth(ctx, input),
});
