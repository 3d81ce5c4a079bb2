import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { PAYMENTS_OPENING_SQL } from './balances';
import { noteInEnglish } from '../../../contract/app-notes';

// The cashbook counts every rupee that moved exactly once, whichever screen recorded it:
// cashbook entries, "you got / you gave" entries with a mode, and bill payments.

let t: TestCore;
const clock = manualClock('2026-11-25T04:30:00.000Z');
beforeEach(() => {
  clock.set('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
});
afterEach(() => t.close());

const DAY = '2026-11-25';

describe('payment modes in the cashbook', () => {
  it('cash in hand and the day view take each payment once, online modes apart', async () => {
    const asha = await t.call('parties.create', { type: 'customer', name: 'Asha' });
    const mehta = await t.call('parties.create', { type: 'supplier', name: 'Mehta' });
    // Credit given to a customer moves no money: no mode by default.
    const credit = await t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'gave', amountPaise: 50_000 });
    expect(credit.mode).toBeNull();
    // Money from a customer is cash unless told; UPI with its reference.
    const cashGot = await t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'got', amountPaise: 10_000 });
    expect(cashGot.mode).toBe('cash');
    await t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'got', amountPaise: 7_000, mode: 'upi', modeRef: '4321' });
    // Paying a supplier: cash by default, a cheque with its number.
    await t.call('entries.add', { partyType: 'supplier', partyId: mehta.id, direction: 'gave', amountPaise: 3_000 });
    await t.call('entries.add', { partyType: 'supplier', partyId: mehta.id, direction: 'gave', amountPaise: 20_000, mode: 'cheque', modeRef: '000123' });
    // A sale paid partly at the counter by card, the rest later in cash. The bill's own entry moves no money.
    const bill = await t.call('bills.create', {
      kind: 'sale',
      partyType: 'customer',
      partyId: asha.id,
      lines: [{ name: 'Rice', qtyMilli: 1000, ratePaise: 100_000, gstRateBp: 0 }],
      payment: { amountPaise: 60_000, mode: 'card' },
    });
    expect(bill).toMatchObject({ totalPaise: 100_000, paidPaise: 60_000, duePaise: 40_000, status: 'partly_paid' });
    expect(bill.payments.map((p) => [p.amountPaise, p.mode])).toEqual([[60_000, 'card']]);
    await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 40_000 });
    // A cashbook entry of its own (shop expense) and an online one.
    await t.call('cashbook.add', { direction: 'out', amountPaise: 1_500, note: 'Tea' });
    await t.call('cashbook.add', { direction: 'in', amountPaise: 2_500, mode: 'online', note: 'Interest' });

    const day = await t.call('cashbook.day', { date: DAY });
    // cash: +10,000 +40,000 -3,000 -1,500; online: +7,000 +60,000 +2,500 -20,000.
    expect(day.cash).toEqual({ openingPaise: 0, inPaise: 50_000, outPaise: 4_500, closingPaise: 45_500 });
    expect(day.online).toEqual({ openingPaise: 0, inPaise: 69_500, outPaise: 20_000, closingPaise: 49_500 });
    expect(day.cashInHandPaise).toBe(45_500);
    expect(day.inPaise).toBe(119_500);
    expect(day.outPaise).toBe(24_500);
    expect(day.byMode).toEqual({
      cash: { inPaise: 50_000, outPaise: 4_500 },
      upi: { inPaise: 7_000, outPaise: 0 },
      card: { inPaise: 60_000, outPaise: 0 },
      cheque: { inPaise: 0, outPaise: 20_000 },
      bank: { inPaise: 0, outPaise: 0 },
      online: { inPaise: 2_500, outPaise: 0 },
    });
    expect(day.payments.map((p) => [p.partyName, p.direction, p.mode, p.amountPaise, p.modeRef])).toEqual([
      ['Asha', 'in', 'cash', 10_000, null],
      ['Asha', 'in', 'upi', 7_000, '4321'],
      ['Mehta', 'out', 'cash', 3_000, null],
      ['Mehta', 'out', 'cheque', 20_000, '000123'],
      ['Asha', 'in', 'card', 60_000, null],
      ['Asha', 'in', 'cash', 40_000, null],
    ]);
    expect(day.entries).toHaveLength(2);

    // The next day opens with what this day closed on; a deleted payment leaves both days.
    const next = await t.call('cashbook.day', { date: '2026-11-26' });
    expect(next.cash.openingPaise).toBe(45_500);
    expect(next.openingPaise).toBe(95_000);
    await t.call('entries.delete', { id: cashGot.id });
    expect((await t.call('cashbook.day', { date: '2026-11-26' })).cash.openingPaise).toBe(35_500);
    const range = await t.call('cashbook.range', { from: DAY, to: '2026-11-26' });
    expect(range.days[0]).toMatchObject({ cashInPaise: 40_000, cashOutPaise: 4_500, cashClosingPaise: 35_500, closingPaise: 85_000 });
  });

  it('a mode can be changed or cleared; a cheque needs its number; a bill payment keeps a mode', async () => {
    const asha = await t.call('parties.create', { type: 'customer', name: 'Asha' });
    const e = await t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'got', amountPaise: 500, mode: 'upi', modeRef: 'UTR1' });
    expect((await t.call('entries.update', { id: e.id, patch: { mode: 'cash' } })).modeRef).toBeNull();
    expect((await t.call('entries.update', { id: e.id, patch: { mode: null } })).mode).toBeNull();
    await expect(t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'got', amountPaise: 500, mode: 'cheque' })).rejects.toThrow(/cheque number/);
    await expect(t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'got', amountPaise: 500, mode: 'gpay' as never })).rejects.toThrow(/Payment mode must be/);
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: asha.id, lines: [{ name: 'X', qtyMilli: 1000, ratePaise: 1000, gstRateBp: 0 }] });
    const { payment } = await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 500, mode: 'bank', modeRef: 'NEFT9' });
    await expect(t.call('entries.update', { id: payment.id, patch: { mode: null } })).rejects.toThrow(/needs a payment mode/);
    await expect(
      t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: asha.id, lines: [{ name: 'X', qtyMilli: 1000, ratePaise: 1000, gstRateBp: 0 }], payment: { amountPaise: 1001, mode: 'cash' } }),
    ).rejects.toThrow(/more than the total/);
    // Nothing of the refused bill was written.
    expect((await t.call('bills.list', {})).total).toBe(1);
  });

  it('a party can start with an opening balance, which moves no money', async () => {
    const p = await t.call('parties.create', { type: 'customer', name: 'Old Customer', openingBalance: { direction: 'gave', amountPaise: 123_400, date: '2026-04-01' } });
    expect(p.balancePaise).toBe(123_400);
    const ledger = await t.call('entries.ledger', { partyType: 'customer', partyId: p.id });
    expect(ledger.rows.map((r) => [r.date, noteInEnglish(r.note), r.mode])).toEqual([['2026-04-01', 'Opening balance', null]]);
    expect((await t.call('cashbook.day', { date: DAY })).openingPaise).toBe(0);
  });

  it('the opening of ledger payments rides the covering partial index', () => {
    const plan = (t.core.db.prepare(`EXPLAIN QUERY PLAN ${PAYMENTS_OPENING_SQL}`).all(t.core.businessId, DAY) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/COVERING INDEX transactions_money_idx/);
  });
});

describe('cash flow report', () => {
  it('counts ledger payments with the cashbook, each once', async () => {
    const asha = await t.call('parties.create', { type: 'customer', name: 'Asha' });
    await t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'got', amountPaise: 7_000, date: '2026-11-24', mode: 'upi' });
    await t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'gave', amountPaise: 9_999, date: '2026-11-24' });
    await t.call('cashbook.add', { direction: 'out', amountPaise: 1_000, date: '2026-11-25' });
    await t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'got', amountPaise: 3_000, date: '2026-11-25' });
    const flow = await t.call('reports.cashFlow', { from: '2026-11-25', to: '2026-11-25', by: 'day' });
    expect(flow.totals).toEqual({ openingPaise: 7_000, inPaise: 3_000, outPaise: 1_000, closingPaise: 9_000 });
  });
});
