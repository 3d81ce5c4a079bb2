import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { addDays } from '../../util/dates';
import type { AttendanceStatus, Staff, StaffMonth } from '../../../contract/staff';
import { MONTH_MARKS_SQL } from './month';

let t: TestCore;
const clock = manualClock('2026-11-25T04:30:00.000Z'); // today is 25 Nov 2026 in Kolkata

beforeEach(() => {
  clock.set('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
});
afterEach(() => t.close());

async function markRange(staff: Staff, from: string, to: string, status: AttendanceStatus) {
  for (let date = from; date <= to; date = addDays(date, 1)) await t.call('attendance.mark', { staffId: staff.id, date, status });
}

const row = (month: { staff: StaffMonth[] }, s: Staff) => month.staff.find((m) => m.staff.id === s.id)!;

describe('attendance.month', () => {
  it('October (31 days): monthly and daily salary from hand-computed counts', async () => {
    const mohan = await t.call('staff.create', { name: 'Mohan', salaryBasis: 'monthly', salaryPaise: 15_000_00, joinedOn: '2026-01-01' });
    const deepa = await t.call('staff.create', { name: 'Deepa', salaryBasis: 'daily', salaryPaise: 500_00, joinedOn: '2026-10-01' });
    const gone = await t.call('staff.create', { name: 'Gone', salaryBasis: 'daily', salaryPaise: 100_00, joinedOn: '2026-10-01' });

    // Mohan: 20 present, 3 half days, 2 leave, 1 absent, 5 left unmarked (one of them cleared).
    await markRange(mohan, '2026-10-01', '2026-10-20', 'present');
    await markRange(mohan, '2026-10-21', '2026-10-23', 'half_day');
    await markRange(mohan, '2026-10-24', '2026-10-25', 'leave');
    await markRange(mohan, '2026-10-26', '2026-10-26', 'absent');
    await t.call('attendance.mark', { staffId: mohan.id, date: '2026-10-27', status: 'present' });
    await t.call('attendance.clear', { staffId: mohan.id, date: '2026-10-27' });

    // Deepa: a mark on the 5th, then her joining date corrected to the 10th, so the 5th no longer counts.
    await t.call('attendance.mark', { staffId: deepa.id, date: '2026-10-05', status: 'present', note: 'trial day' });
    await t.call('staff.update', { id: deepa.id, patch: { joinedOn: '2026-10-10' } });
    await markRange(deepa, '2026-10-10', '2026-10-19', 'present');
    await markRange(deepa, '2026-10-20', '2026-10-22', 'half_day');
    await markRange(deepa, '2026-10-23', '2026-10-23', 'leave');
    await markRange(deepa, '2026-10-24', '2026-10-25', 'absent');

    await markRange(gone, '2026-10-01', '2026-10-03', 'present');
    await t.call('staff.delete', { id: gone.id });

    const oct = await t.call('attendance.month', { month: '2026-10' });
    expect(oct.month).toBe('2026-10');
    expect(oct.daysInMonth).toBe(31);
    expect(oct.staff.map((s) => s.staff.name)).toEqual(['Deepa', 'Mohan']);

    const m = row(oct, mohan);
    expect(m.days).toHaveLength(31);
    expect(m.days[0]).toEqual({ date: '2026-10-01', status: 'present', note: null, counted: true });
    expect(m.days[26]).toEqual({ date: '2026-10-27', status: null, note: null, counted: true });
    expect(m.days[30]!.date).toBe('2026-10-31');
    expect(m.counts).toEqual({ present: 20, absent: 6, halfDay: 3, leave: 2, unmarked: 5 });
    // 20 + 3/2 + 2 = 23.5 paid days; 15,000_00 * 23.5 / 31 = 1,137,096.77 -> 1,137,097 paise
    expect(m.payableHalfDays).toBe(47);
    expect(m.salaryDuePaise).toBe(1_137_097);

    const d = row(oct, deepa);
    expect(d.days[4]).toEqual({ date: '2026-10-05', status: 'present', note: 'trial day', counted: false });
    expect(d.days.filter((x) => x.counted)).toHaveLength(22);
    expect(d.counts).toEqual({ present: 10, absent: 8, halfDay: 3, leave: 1, unmarked: 6 });
    // daily: 500_00 * (10 + 3/2) = 5,750_00; leave unpaid
    expect(d.payableHalfDays).toBe(23);
    expect(d.salaryDuePaise).toBe(5_750_00);

    expect(oct.totalSalaryDuePaise).toBe(1_137_097 + 5_750_00);
  });

  it('February (28 days): joined mid-month, pro rata with one half-up rounding', async () => {
    const farah = await t.call('staff.create', { name: 'Farah', salaryBasis: 'monthly', salaryPaise: 10_000_00, joinedOn: '2026-02-11' });
    const later = await t.call('staff.create', { name: 'Later', salaryBasis: 'daily', salaryPaise: 400_00, joinedOn: '2026-03-01' });
    await markRange(farah, '2026-02-11', '2026-02-25', 'present');
    await markRange(farah, '2026-02-26', '2026-02-27', 'half_day');

    const feb = await t.call('attendance.month', { month: '2026-02' });
    expect(feb.daysInMonth).toBe(28);
    const f = row(feb, farah);
    expect(f.days).toHaveLength(28);
    expect(f.days.filter((x) => x.counted).map((x) => x.date)[0]).toBe('2026-02-11');
    expect(f.counts).toEqual({ present: 15, absent: 1, halfDay: 2, leave: 0, unmarked: 1 });
    // 15 + 2/2 = 16 paid days of 28: 10,000_00 * 16 / 28 = 571,428.57 -> 571,429 paise
    expect(f.salaryDuePaise).toBe(571_429);
    // Joined after February: listed, but no day counts and nothing is due.
    const l = row(feb, later);
    expect(l.days.every((x) => !x.counted)).toBe(true);
    expect(l.counts).toEqual({ present: 0, absent: 0, halfDay: 0, leave: 0, unmarked: 0 });
    expect(l.salaryDuePaise).toBe(0);
  });

  it('the running month counts only up to today; unmarked past days are absent', async () => {
    const mohan = await t.call('staff.create', { name: 'Mohan', salaryBasis: 'monthly', salaryPaise: 15_000_00, joinedOn: '2026-01-01' });
    const dinesh = await t.call('staff.create', { name: 'Dinesh', salaryBasis: 'daily', salaryPaise: 501, joinedOn: '2026-01-01' });
    await markRange(mohan, '2026-11-01', '2026-11-25', 'present');
    await t.call('attendance.mark', { staffId: dinesh.id, date: '2026-11-03', status: 'half_day' });

    const nov = await t.call('attendance.month', { month: '2026-11' });
    const m = row(nov, mohan);
    expect(m.days.filter((x) => x.counted)).toHaveLength(25);
    expect(m.days[25]).toEqual({ date: '2026-11-26', status: null, note: null, counted: false });
    expect(m.counts).toEqual({ present: 25, absent: 0, halfDay: 0, leave: 0, unmarked: 0 });
    // 25 of 30 days: 15,000_00 * 25 / 30 = 12,500_00
    expect(m.salaryDuePaise).toBe(12_500_00);
    const d = row(nov, dinesh);
    expect(d.counts).toEqual({ present: 0, absent: 24, halfDay: 1, leave: 0, unmarked: 24 });
    // 501 paise * 1/2 = 250.5 -> 251
    expect(d.salaryDuePaise).toBe(251);

    // A month still to come: nothing counted, nothing due.
    const dec = await t.call('attendance.month', { month: '2026-12' });
    expect(dec.totalSalaryDuePaise).toBe(0);
    expect(row(dec, mohan).days.some((x) => x.counted)).toBe(false);
  });

  it("reads the month's marks with one indexed query", () => {
    const plan = t.core.db.prepare(`EXPLAIN QUERY PLAN ${MONTH_MARKS_SQL}`).all('b', '2026-11-01', '2026-11-30') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX attendance_day_idx \(business_id=\? AND att_date>\? AND att_date<\?\)/);
  });

  it('an empty business has an empty register', async () => {
    expect(await t.call('attendance.month', { month: '2026-11' })).toEqual({ month: '2026-11', daysInMonth: 30, staff: [], totalSalaryDuePaise: 0 });
  });
});
