import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { addDays } from '../../util/dates';
import type { AttendanceStatus, Staff } from '../../../contract/staff';
import type { StaffMoneyMonth } from '../../../contract/staff-money';
import { EARLIER_MARKS_SQL, STAFF_PAYMENTS_SQL } from './money';

let t: TestCore;
const clock = manualClock('2026-11-25T04:30:00.000Z'); // today is 25 Nov 2026 in Kolkata
let ramesh: Staff;

beforeEach(async () => {
  clock.set('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
  ramesh = await t.call('staff.create', { name: 'Ramesh', salaryBasis: 'monthly', salaryPaise: 30_000_00, joinedOn: '2026-10-01' });
});
afterEach(() => t.close());

async function markRange(staff: Staff, from: string, to: string, status: AttendanceStatus) {
  for (let date = from; date <= to; date = addDays(date, 1)) await t.call('attendance.mark', { staffId: staff.id, date, status });
}
const of = (m: StaffMoneyMonth, s: Staff) => m.staff.find((x) => x.staff.id === s.id)!;
const money = async (month: string, s: Staff = ramesh) => of(await t.call('staff.money', { month }), s);
const count = (sql: string, ...p: unknown[]) => (t.core.db.prepare(sql).get(...p) as { n: number }).n;

describe('staff.pay and staff.money', () => {
  it('October fully worked, an advance and a late salary: due, carry and advance outstanding by hand', async () => {
    await markRange(ramesh, '2026-10-01', '2026-10-31', 'present'); // earned 30,000
    await markRange(ramesh, '2026-11-01', '2026-11-20', 'present'); // earned 30,000 * 20 / 30 = 20,000
    const advance = await t.call('staff.pay', { staffId: ramesh.id, kind: 'advance', amountPaise: 5_000_00, date: '2026-10-15', note: 'Diwali' });
    expect(advance).toMatchObject({ kind: 'advance', month: null, mode: 'cash', date: '2026-10-15', amountPaise: 5_000_00 });
    // October's salary paid on 2 November, by UPI.
    const salary = await t.call('staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 20_000_00, mode: 'online', date: '2026-11-02', month: '2026-10' });
    expect(salary).toMatchObject({ kind: 'salary', month: '2026-10', mode: 'online' });

    // Oct: 30,000 earned - 20,000 paid - 5,000 advance taken back = 5,000 still due.
    expect(await money('2026-10')).toMatchObject({
      earnedPaise: 30_000_00, carriedPaise: 0, salaryPaidPaise: 20_000_00, advancesGivenPaise: 5_000_00,
      advanceRecoveredPaise: 5_000_00, duePaise: 5_000_00, advanceOutstandingPaise: 0,
    });
    // Nov: 5,000 carried + 20,000 earned so far.
    expect(await money('2026-11')).toMatchObject({ earnedPaise: 20_000_00, carriedPaise: 5_000_00, salaryPaidPaise: 0, duePaise: 25_000_00, advanceOutstandingPaise: 0 });

    // A big advance on the 20th: more than is due, so the rest is outstanding and carries on.
    const big = await t.call('staff.pay', { staffId: ramesh.id, kind: 'advance', amountPaise: 40_000_00, date: '2026-11-20' });
    expect(await money('2026-11')).toMatchObject({ advancesGivenPaise: 40_000_00, advanceRecoveredPaise: 25_000_00, duePaise: 0, advanceOutstandingPaise: 15_000_00 });
    expect(await money('2026-12')).toMatchObject({ earnedPaise: 0, carriedPaise: -15_000_00, advanceRecoveredPaise: 0, duePaise: 0, advanceOutstandingPaise: 15_000_00 });
    expect((await money('2026-11')).payments.map((p) => p.id)).toEqual([big.id]);
    expect((await money('2026-10')).payments.map((p) => p.id)).toEqual([advance.id, salary.id]);

    // Editing the advance edits the one cashbook entry; deleting it deletes that entry.
    await t.call('staff.updatePayment', { id: big.id, patch: { amountPaise: 10_000_00 } });
    expect(await money('2026-11')).toMatchObject({ duePaise: 15_000_00, advanceOutstandingPaise: 0, advanceRecoveredPaise: 10_000_00 });
    const day = await t.call('cashbook.day', { date: '2026-11-20' });
    expect(day.entries).toEqual([expect.objectContaining({ id: big.id, direction: 'out', amountPaise: 10_000_00, category: 'salary', note: 'Ramesh', staffId: ramesh.id, staffPay: 'advance' })]);
    expect(day.outPaise).toBe(10_000_00);
    await t.call('staff.deletePayment', { id: big.id });
    expect((await t.call('cashbook.day', { date: '2026-11-20' })).entries).toEqual([]);
    expect(await money('2026-11')).toMatchObject({ duePaise: 25_000_00 });
    expect(count('SELECT count(*) AS n FROM cashbook_entries')).toBe(3);
  });

  it('salary paid beyond what was earned counts as an advance into the next month', async () => {
    await markRange(ramesh, '2026-10-01', '2026-10-15', 'present'); // 30,000 * 15 / 31 = 14,516.13
    await t.call('staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 15_000_00, date: '2026-10-31' });
    expect(await money('2026-10')).toMatchObject({ earnedPaise: 14_516_13, duePaise: 0, advanceOutstandingPaise: 483_87 });
    await markRange(ramesh, '2026-11-01', '2026-11-03', 'present'); // 3,000
    expect(await money('2026-11')).toMatchObject({ carriedPaise: -483_87, earnedPaise: 3_000_00, advanceRecoveredPaise: 483_87, duePaise: 2_516_13 });
  });

  it('a salary pays the month of its date unless told; edits keep kind and month consistent', async () => {
    const p = await t.call('staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 1_000_00, date: '2026-11-05' });
    expect(p.month).toBe('2026-11');
    const asAdvance = await t.call('staff.updatePayment', { id: p.id, patch: { kind: 'advance' } });
    expect(asAdvance).toMatchObject({ kind: 'advance', month: null });
    const back = await t.call('staff.updatePayment', { id: p.id, patch: { kind: 'salary', month: '2026-10' } });
    expect(back).toMatchObject({ kind: 'salary', month: '2026-10' });
    expect((await t.call('staff.updatePayment', { id: p.id, patch: { month: null } })).month).toBe('2026-11');
  });

  it('counts once in the cashbook, as salary in profit and loss, and every change is in the history', async () => {
    const p = await t.call('staff.pay', { staffId: ramesh.id, kind: 'advance', amountPaise: 2_500_00, mode: 'online', date: '2026-11-10' });
    await t.call('staff.updatePayment', { id: p.id, patch: { note: 'For rent' } });
    const range = await t.call('cashbook.range', { from: '2026-11-01', to: '2026-11-30' });
    expect(range.totals.outPaise).toBe(2_500_00);
    const pl = await t.call('returns.profitLoss', { from: '2026-11-01', to: '2026-11-30' });
    expect(pl.expenses).toContainEqual({ category: 'salary', amountPaise: 2_500_00 });
    const history = await t.call('audit.history', { table: 'cashbook_entries', rowId: p.id });
    expect(history.length).toBe(2);
  });

  it('the cashbook keeps a staff payment money out for salary', async () => {
    const p = await t.call('staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 1_000_00 });
    expect(await t.core.handle('cashbook.update', { id: p.id, patch: { direction: 'in' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await t.core.handle('cashbook.update', { id: p.id, patch: { category: 'rent' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // The amount may be corrected from the cashbook too: it is the same record.
    await t.call('cashbook.update', { id: p.id, patch: { amountPaise: 1_200_00 } });
    expect(await money('2026-11')).toMatchObject({ salaryPaidPaise: 1_200_00 });
  });

  it('the queries stay on their indexes', () => {
    const plan = (sql: string, ...p: unknown[]) => (t.core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan(STAFF_PAYMENTS_SQL, 'b')).toMatch(/USING INDEX cashbook_staff_idx/);
    expect(plan(EARLIER_MARKS_SQL, 'b', '2026-11-01', '2026-11-25')).toMatch(/attendance_day_idx/);
  });
});

describe('garbage staff payments', () => {
  const missing = '0192f0c4-0000-7000-8000-000000000000';
  const snapshot = () => ({ entries: count('SELECT count(*) AS n FROM cashbook_entries'), outbox: count('SELECT count(*) AS n FROM outbox') });
  it('each is refused with its code and a clear message, writing nothing', async () => {
    const good = await t.call('staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 100_00 });
    const rent = await t.call('cashbook.add', { direction: 'out', amountPaise: 100_00, category: 'rent' });
    const cases: [string, unknown, string, RegExp][] = [
      ['staff.pay', { staffId: missing, kind: 'salary', amountPaise: 100 }, 'NOT_FOUND', /staff member does not exist/],
      ['staff.pay', { staffId: ramesh.id, kind: 'bonus', amountPaise: 100 }, 'VALIDATION', /salary or advance/],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 0 }, 'VALIDATION', /./],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: -5 }, 'VALIDATION', /./],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 10.5 }, 'VALIDATION', /./],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: '100' }, 'VALIDATION', /./],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 100, mode: 'cheque' }, 'VALIDATION', /cash or online/],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 100, date: '2026-11-26' }, 'VALIDATION', /future/],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 100, date: '26-11-2026' }, 'VALIDATION', /./],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 100, month: '2026-13' }, 'VALIDATION', /Month must look like/],
      ['staff.pay', { staffId: ramesh.id, kind: 'advance', amountPaise: 100, month: '2026-11' }, 'VALIDATION', /advance has no salary month/],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 100, note: 'x'.repeat(501) }, 'VALIDATION', /./],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 100, note: 'a\u0000b' }, 'VALIDATION', /./],
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 100, category: 'rent' }, 'VALIDATION', /./],
      ['staff.pay', { kind: 'salary', amountPaise: 100 }, 'VALIDATION', /./],
      ['staff.updatePayment', { id: rent.id, patch: { amountPaise: 5 } }, 'NOT_FOUND', /staff payment does not exist/],
      ['staff.updatePayment', { id: missing, patch: { amountPaise: 5 } }, 'NOT_FOUND', /./],
      ['staff.updatePayment', { id: good.id, patch: { staffId: missing } }, 'VALIDATION', /./],
      ['staff.updatePayment', { id: good.id, patch: { kind: 'advance', month: '2026-11' } }, 'VALIDATION', /advance/],
      ['staff.updatePayment', { id: good.id, patch: { date: '2027-01-01' } }, 'VALIDATION', /future/],
      ['staff.deletePayment', { id: rent.id }, 'NOT_FOUND', /./],
      ['staff.deletePayment', { id: 'x' }, 'VALIDATION', /./],
      ['staff.money', { month: '2026-1' }, 'VALIDATION', /./],
      ['staff.money', {}, 'VALIDATION', /./],
    ];
    for (const [method, input, code, message] of cases) {
      const before = snapshot();
      const result = await t.core.handle(method, input);
      expect(result, `${method} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
      expect(snapshot()).toEqual(before);
    }
  });

  it('only the owner pays staff: a staff device is refused with FORBIDDEN', async () => {
    const p = await t.call('staff.pay', { staffId: ramesh.id, kind: 'advance', amountPaise: 100_00 });
    t.core.state.set('user_id', '00000000-0000-4000-8000-000000000001');
    t.core.state.set('role', 'staff');
    const before = snapshot();
    for (const [method, input] of [
      ['staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 100 }],
      ['staff.updatePayment', { id: p.id, patch: { amountPaise: 1 } }],
      ['staff.deletePayment', { id: p.id }],
    ] as const) {
      expect(await t.core.handle(method, input), method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(snapshot()).toEqual(before);
  });

  it('a deleted staff member cannot be paid', async () => {
    await t.call('staff.delete', { id: ramesh.id });
    expect(await t.core.handle('staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 100 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
