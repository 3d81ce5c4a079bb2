import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { ageBalance } from './ageing';

let t: TestCore;
beforeEach(async () => {
  // 2026-11-25 10:00 IST, in Maharashtra (27)
  t = createTestCore({ now: manualClock('2026-11-25T04:30:00.000Z').now });
  await t.call('settings.update', { name: 'Shop', gstin: '27ABCDE1234F1Z0' });
});

const cash = async (c: { direction: 'in' | 'out'; amountPaise: number; date: string; mode?: 'cash' | 'online'; deleted?: boolean }) => {
  const e = await t.call('cashbook.add', { direction: c.direction, amountPaise: c.amountPaise, date: c.date, mode: c.mode });
  if (c.deleted) await t.call('cashbook.delete', { id: e.id });
  return e;
};
afterEach(() => t.close());

const customer = (name: string) => t.call('parties.create', { type: 'customer', name });
const entry = (partyId: string, direction: 'gave' | 'got', amountPaise: number, date: string, note?: string) =>
  t.call('entries.add', { partyType: 'customer', partyId, direction, amountPaise, date, note });

describe('ageing (FIFO)', () => {
  it('puts the bucket edges at 30, 60 and 90 days', () => {
    const asOf = '2026-11-25';
    const at = (date: string) => ageBalance([{ direction: 'gave', amountPaise: 100, date }], asOf).buckets;
    expect(at('2026-11-25')).toEqual({ d0to30Paise: 100, d31to60Paise: 0, d61to90Paise: 0, over90Paise: 0 });
    expect(at('2026-10-26')).toEqual({ d0to30Paise: 100, d31to60Paise: 0, d61to90Paise: 0, over90Paise: 0 }); // 30 days
    expect(at('2026-10-25')).toEqual({ d0to30Paise: 0, d31to60Paise: 100, d61to90Paise: 0, over90Paise: 0 }); // 31
    expect(at('2026-09-26')).toEqual({ d0to30Paise: 0, d31to60Paise: 100, d61to90Paise: 0, over90Paise: 0 }); // 60
    expect(at('2026-09-25')).toEqual({ d0to30Paise: 0, d31to60Paise: 0, d61to90Paise: 100, over90Paise: 0 }); // 61
    expect(at('2026-08-27')).toEqual({ d0to30Paise: 0, d31to60Paise: 0, d61to90Paise: 100, over90Paise: 0 }); // 90
    expect(at('2026-08-26')).toEqual({ d0to30Paise: 0, d31to60Paise: 0, d61to90Paise: 0, over90Paise: 100 }); // 91
  });

  it('ages balances of live parties, payments settling the oldest entries first', async () => {
    const a = await customer('Asha');
    await entry(a.id, 'gave', 10_000, '2026-07-01');
    await entry(a.id, 'gave', 20_000, '2026-09-10');
    await entry(a.id, 'got', 15_000, '2026-10-10');
    await entry(a.id, 'gave', 5_000, '2026-10-20');
    await entry(a.id, 'gave', 3_000, '2026-11-20');
    await entry(a.id, 'gave', 99_999, '2026-11-26'); // after the report date
    const gone = await entry(a.id, 'gave', 50_000, '2026-01-01');
    await t.call('entries.delete', { id: gone.id });

    const b = await customer('Bhola'); // paid in advance: you'll give
    await entry(b.id, 'got', 7_000, '2026-11-01');
    await entry(b.id, 'gave', 2_000, '2026-11-02');

    const c = await customer('Chaman'); // settled
    await entry(c.id, 'gave', 100, '2026-11-01');
    await entry(c.id, 'got', 100, '2026-11-02');

    const d = await customer('Deleted Dinesh');
    await entry(d.id, 'gave', 400, '2026-11-01');
    await t.call('parties.delete', { type: 'customer', id: d.id });

    const report = await t.call('reports.partyBalances', { type: 'customer', asOf: '2026-11-25' });
    expect(report.parties.map((p) => p.name)).toEqual(['Asha', 'Bhola']);
    // gave 38,000 - got 15,000 = 23,000; got settles Jul 10,000 and 5,000 of Sep.
    expect(report.parties[0]).toMatchObject({
      balancePaise: 23_000,
      buckets: { d0to30Paise: 3_000, d31to60Paise: 5_000, d61to90Paise: 15_000, over90Paise: 0 },
      oldestUnsettledDate: '2026-09-10',
    });
    expect(report.parties[1]).toMatchObject({
      balancePaise: -5_000,
      buckets: { d0to30Paise: 5_000, d31to60Paise: 0, d61to90Paise: 0, over90Paise: 0 },
      oldestUnsettledDate: '2026-11-01',
    });
    expect(report.totals.youWillGet).toEqual({ d0to30Paise: 3_000, d31to60Paise: 5_000, d61to90Paise: 15_000, over90Paise: 0, totalPaise: 23_000 });
    expect(report.totals.youWillGive.totalPaise).toBe(5_000);

    // Defaults to today; the entry dated 26 Nov is still in the future.
    const today = await t.call('reports.partyBalances', { type: 'customer' });
    expect(today.asOf).toBe('2026-11-25');
    expect(today.parties[0]!.balancePaise).toBe(23_000);
  });
});

describe('day book', () => {
  it('lists the live entries, bills and cashbook of one day with totals', async () => {
    const a = await customer('Asha');
    await entry(a.id, 'gave', 1_500, '2026-11-20', 'sugar');
    await entry(a.id, 'got', 700, '2026-11-20');
    await entry(a.id, 'got', 300, '2026-11-21');
    const gone = await entry(a.id, 'gave', 900, '2026-11-20');
    await t.call('entries.delete', { id: gone.id });
    const line = { name: 'Rice', qtyMilli: 1000, ratePaise: 10_000, gstRateBp: 500 };
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: a.id, date: '2026-11-20', lines: [line] });
    const gone2 = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: a.id, date: '2026-11-20', lines: [line] });
    await t.call('bills.delete', { id: gone2.id });
    await cash({ direction: 'in', amountPaise: 2_000, date: '2026-11-20' });
    await cash({ direction: 'out', amountPaise: 500, date: '2026-11-20', mode: 'online' });
    await cash({ direction: 'out', amountPaise: 800, date: '2026-11-19' });

    const book = await t.call('reports.dayBook', { date: '2026-11-20' });
    // The live bill posted its own 'gave' entry; the deleted bill's entry is gone with it.
    expect(book.entries.map((e) => [e.direction, e.amountPaise, e.partyName, e.billId ?? e.note])).toEqual([
      ['gave', 1_500, 'Asha', 'sugar'],
      ['got', 700, 'Asha', null],
      ['gave', 10_500, 'Asha', bill.id],
    ]);
    expect(book.bills.map((b) => [b.invoiceNumber, b.totalPaise, b.partyName])).toEqual([[bill.invoiceNumber, 10_500, 'Asha']]);
    expect(book.cashbook.map((c) => [c.direction, c.amountPaise, c.mode])).toEqual([
      ['in', 2_000, 'cash'],
      ['out', 500, 'online'],
    ]);
    expect(book.totals).toEqual({ gavePaise: 12_000, gotPaise: 700, salesPaise: 10_500, purchasesPaise: 0, cashInPaise: 2_000, cashOutPaise: 500 });
    await expect(t.call('reports.dayBook', { date: '2026-02-30' })).rejects.toThrow(/VALIDATION/);
  });
});

describe('cash flow', () => {
  beforeEach(async () => {
    await cash({ direction: 'in', amountPaise: 100_000, date: '2026-10-31' });
    await cash({ direction: 'in', amountPaise: 5_000, date: '2026-11-01' });
    await cash({ direction: 'out', amountPaise: 2_000, date: '2026-11-01', mode: 'online' });
    await cash({ direction: 'in', amountPaise: 99_999, date: '2026-11-02', deleted: true });
    await cash({ direction: 'out', amountPaise: 1_000, date: '2026-11-03' });
    await cash({ direction: 'in', amountPaise: 700, date: '2026-12-01' });
  });

  it('by day, with opening and closing balances and empty days', async () => {
    const r = await t.call('reports.cashFlow', { from: '2026-11-01', to: '2026-11-03', by: 'day' });
    expect(r.periods).toEqual([
      { period: '2026-11-01', openingPaise: 100_000, inPaise: 5_000, outPaise: 2_000, closingPaise: 103_000 },
      { period: '2026-11-02', openingPaise: 103_000, inPaise: 0, outPaise: 0, closingPaise: 103_000 },
      { period: '2026-11-03', openingPaise: 103_000, inPaise: 0, outPaise: 1_000, closingPaise: 102_000 },
    ]);
    expect(r.totals).toEqual({ openingPaise: 100_000, inPaise: 5_000, outPaise: 3_000, closingPaise: 102_000 });
  });

  it('by month', async () => {
    const r = await t.call('reports.cashFlow', { from: '2026-10-15', to: '2026-12-31', by: 'month' });
    expect(r.periods.map((p) => [p.period, p.openingPaise, p.inPaise, p.outPaise, p.closingPaise])).toEqual([
      ['2026-10', 0, 100_000, 0, 100_000],
      ['2026-11', 100_000, 5_000, 3_000, 102_000],
      ['2026-12', 102_000, 700, 0, 102_700],
    ]);
  });

  it('rejects a reversed range', async () => {
    await expect(t.call('reports.cashFlow', { from: '2026-11-03', to: '2026-11-01' })).rejects.toThrow(/start date/);
  });
});

describe('GST summary', () => {
  it('sums output tax by rate from live sale bills of the month and input tax separately', async () => {
    const local = await customer('Asha'); // Maharashtra, like the shop: CGST + SGST
    const far = await t.call('parties.create', { type: 'customer', name: 'Delhi Traders', gstin: '07AAACD1234E1ZB' }); // IGST
    const mill = await t.call('parties.create', { type: 'supplier', name: 'Mill', gstin: '27AAAPL1234C1ZE' });
    const line = (ratePaise: number, gstRateBp: number) => ({ name: 'x', qtyMilli: 1000, ratePaise, gstRateBp });
    const sale = (partyId: string, date: string, lines: ReturnType<typeof line>[]) => t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId, date, lines });
    await sale(local.id, '2026-11-01', [line(10_000, 1800), line(20_000, 500)]); // 18%: 900 + 900; 5%: 500 + 500
    await sale(far.id, '2026-11-30', [line(5_000, 1800)]); // 18% IGST 900
    const cancelled = await sale(local.id, '2026-11-15', [line(77_700, 1800)]);
    await t.call('bills.delete', { id: cancelled.id });
    await sale(local.id, '2026-12-01', [line(1_000, 1800)]); // next month
    await t.call('bills.create', { kind: 'purchase', partyType: 'supplier', partyId: mill.id, date: '2026-11-10', lines: [line(8_000, 1200)] }); // 12%: 480 + 480

    const g = await t.call('reports.gstSummary', { month: '2026-11' });
    expect(g.output).toEqual([
      { gstRateBp: 500, taxablePaise: 20_000, cgstPaise: 500, sgstPaise: 500, igstPaise: 0, billCount: 1 },
      { gstRateBp: 1800, taxablePaise: 15_000, cgstPaise: 900, sgstPaise: 900, igstPaise: 900, billCount: 2 },
    ]);
    expect(g.outputTotals).toEqual({ taxablePaise: 35_000, cgstPaise: 1_400, sgstPaise: 1_400, igstPaise: 900 });
    expect(g.input).toEqual([{ gstRateBp: 1200, taxablePaise: 8_000, cgstPaise: 480, sgstPaise: 480, igstPaise: 0, billCount: 1 }]);
    expect(g.inputTotals).toEqual({ taxablePaise: 8_000, cgstPaise: 480, sgstPaise: 480, igstPaise: 0 });
    await expect(t.call('reports.gstSummary', { month: '2026-13' })).rejects.toThrow(/VALIDATION/);
  });
});
