import { describe, expect, it } from 'vitest';
import { expectConverged, settle, startShop, type Device, serverForFile } from './harness';

// Salary and advances through the real sync path: two computers of one shop, the local
// Supabase stand-in (real Postgres and PostgREST) between them. A payment made on one shows on
// the other with the same due, in the staff money and in the cashbook.
const standIn = serverForFile();
const devices = standIn.devices;

describe('staff money across devices', () => {
  it('a salary payment and an advance made on one computer show on the other with the same due; an edit and a delete travel back', async () => {
    const [a, b] = await startShop(standIn.sb, devices);
    const today = (await a.call('app.info', {})).today;
    const month = today.slice(0, 7);
    const raju = await a.call('staff.create', { name: 'Raju', salaryBasis: 'daily', salaryPaise: 500_00, joinedOn: today });
    await a.call('attendance.mark', { staffId: raju.id, date: today, status: 'present' });
    const salary = await a.call('staff.pay', { staffId: raju.id, kind: 'salary', amountPaise: 300_00, mode: 'online', month });
    const advance = await a.call('staff.pay', { staffId: raju.id, kind: 'advance', amountPaise: 100_00, note: 'Bus fare' });
    await settle([a, b]);

    const figures = async (d: Device) => {
      const m = (await d.call('staff.money', { month })).staff.find((s) => s.staff.id === raju.id)!;
      return { earned: m.earnedPaise, paid: m.salaryPaidPaise, advances: m.advancesGivenPaise, due: m.duePaise, toRecover: m.advanceOutstandingPaise, payments: m.payments.map((p) => p.id).sort() };
    };
    const expected = { earned: 500_00, paid: 300_00, advances: 100_00, due: 100_00, toRecover: 0, payments: [salary.id, advance.id].sort() };
    expect(await figures(a)).toEqual(expected);
    expect(await figures(b)).toEqual(expected);
    for (const d of [a, b]) {
      const day = await d.call('cashbook.day', { date: today });
      expect(day.outPaise, d.name).toBe(400_00);
      expect(day.online.outPaise, d.name).toBe(300_00);
    }

    // B corrects the advance; A hears it. Then A deletes the salary; B hears that.
    await b.call('staff.updatePayment', { id: advance.id, patch: { amountPaise: 250_00 } });
    await settle([a, b]);
    expect((await figures(a)).due).toBe(0);
    expect((await figures(a)).toRecover).toBe(50_00);
    await a.call('staff.deletePayment', { id: salary.id });
    await settle([a, b]);
    for (const d of [a, b]) expect(await figures(d), d.name).toEqual({ earned: 500_00, paid: 0, advances: 250_00, due: 250_00, toRecover: 0, payments: [advance.id] });
    expectConverged([a, b]);
  }, 120_000);
});
