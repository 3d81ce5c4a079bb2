import { z } from 'zod';
import { method } from './define';
import { id, isoDate, isoMonth, optionalText, paiseOrZero, phone, requiredText } from './primitives';

export type SalaryBasis = 'monthly' | 'daily';
export type AttendanceStatus = 'present' | 'absent' | 'half_day' | 'leave';

export interface Staff {
  id: string;
  name: string;
  phone: string | null;
  salaryBasis: SalaryBasis;
  /** Per month (monthly basis) or per day worked (daily basis). */
  salaryPaise: number;
  /** Days before this are not marked nor paid; null means no lower bound. */
  joinedOn: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface AttendanceMark {
  id: string;
  staffId: string;
  date: string;
  status: AttendanceStatus;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface AttendanceDay {
  date: string;
  /** The mark of the day, null when not marked. */
  status: AttendanceStatus | null;
  note: string | null;
  /** False before joining or after today: such days are neither absent nor paid. */
  counted: boolean;
}

export interface AttendanceCounts {
  present: number;
  /** Counted days marked absent plus counted days left unmarked. */
  absent: number;
  halfDay: number;
  leave: number;
  /** Of `absent`, the counted days nobody marked. */
  unmarked: number;
}

export interface StaffMonth {
  staff: Staff;
  days: AttendanceDay[];
  counts: AttendanceCounts;
  /** Days paid, in half days (so a half day stays an integer): 2 per present or paid leave, 1 per half day. */
  payableHalfDays: number;
  salaryDuePaise: number;
}

export interface AttendanceMonth {
  month: string;
  daysInMonth: number;
  staff: StaffMonth[];
  totalSalaryDuePaise: number;
}

const salaryBasis = z.enum(['monthly', 'daily'], { message: 'Salary basis must be monthly or daily.' });
const attendanceStatus = z.enum(['present', 'absent', 'half_day', 'leave'], { message: 'Status must be present, absent, half_day or leave.' });

const staffFields = {
  name: requiredText(120, 'Name'),
  phone,
  salaryBasis,
  salaryPaise: paiseOrZero,
};

const staffRef = z.object({ id }).strict();

export const staffContract = {
  'staff.list': method(z.object({ includeDeleted: z.boolean().optional().default(false) }).strict().optional().default({ includeDeleted: false })).returns<
    Staff[]
  >(),
  // joinedOn defaults to the day the staff member is added.
  'staff.create': method(z.object({ ...staffFields, joinedOn: isoDate.optional() }).strict()).returns<Staff>(),
  'staff.update': method(
    z
      .object({
        id,
        patch: z
          .object({
            name: staffFields.name.optional(),
            phone: staffFields.phone.optional(),
            salaryBasis: salaryBasis.optional(),
            salaryPaise: paiseOrZero.optional(),
            joinedOn: isoDate.nullable().optional(),
          })
          .strict(),
      })
      .strict(),
  ).returns<Staff>(),
  'staff.delete': method(staffRef).returns<Staff>(),
  'staff.restore': method(staffRef).returns<Staff>(),
  'attendance.mark': method(
    // note: left out keeps the day's note, null or '' clears it.
    z.object({ staffId: id, date: isoDate, status: attendanceStatus, note: optionalText(200, 'Note').optional() }).strict(),
  ).returns<AttendanceMark>(),
  /** Soft-deletes the day's mark; null when the day was not marked. */
  'attendance.clear': method(z.object({ staffId: id, date: isoDate }).strict()).returns<AttendanceMark | null>(),
  'attendance.month': method(z.object({ month: isoMonth }).strict()).returns<AttendanceMonth>(),
};
