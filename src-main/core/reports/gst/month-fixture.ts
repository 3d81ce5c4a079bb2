import { afterAll, beforeAll } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';

/**
 * November 2026 at Sharma Kirana (Pune, Maharashtra 27), entered through the contract as a
 * shop would: B2B and B2C, intra- and inter-state, 0/5/12/18% lines, a bill discount, round-off
 * both ways, a B2C-large TV sale to Delhi, a service line (SAC), a deleted bill, purchases from
 * a registered and an unregistered supplier, a stock adjustment, payments in every mode and
 * cashbook expenses by category; plus bills just outside the month on both sides. The figures
 * the tests expect are worked out by hand in docs/gst-returns.md ("The November example").
 */
export const GSTIN = {
  shop: '27AAACS1234K1ZH',
  mehta: '27AAPFU0939F1ZV',
  rao: '29AABCR5678L1ZN',
  agarwal: '24AADFM4321P1Z8',
};

export interface Month {
  bills: Record<'b0' | 'b1' | 'b2' | 'b3' | 'b4' | 'b5' | 'b6' | 'b7' | 'b8' | 'b9' | 'b10' | 'p1' | 'p2' | 'p3', string>;
  parties: Record<'mehta' | 'rao' | 'walkin' | 'patel' | 'kumar' | 'agarwal' | 'mandi', string>;
}

export async function seedMonth(t: Pick<TestCore, 'call'>): Promise<Month> {
  await t.call('settings.update', { name: 'Sharma Kirana', gstin: GSTIN.shop, stateCode: '27', address: 'Shop 4, Station Road, Pune 411001', phone: '9822012345' });
  const party = async (type: 'customer' | 'supplier', name: string, extra: { gstin?: string; stateCode?: string; address?: string } = {}) =>
    (await t.call('parties.create', { type, name, ...extra })).id;
  const parties = {
    mehta: await party('customer', 'Mehta Traders', { gstin: GSTIN.mehta, stateCode: '27', address: '12 MG Road, Andheri East, Mumbai 400069' }),
    rao: await party('customer', 'Rao Stores', { gstin: GSTIN.rao, stateCode: '29', address: '45 Brigade Road, Bengaluru 560025' }),
    walkin: await party('customer', 'Walk-in customer', { stateCode: '27' }),
    patel: await party('customer', 'Patel Kirana', { stateCode: '24' }),
    kumar: await party('customer', 'Kumar Electronics', { stateCode: '07' }),
    agarwal: await party('supplier', 'Agarwal Wholesale', { gstin: GSTIN.agarwal, stateCode: '24' }),
    mandi: await party('supplier', 'Local Mandi', { stateCode: '27' }),
  };
  const item = async (name: string, hsn: string, unit: 'kg' | 'pcs' | 'l', gstRateBp: number, purchasePricePaise: number, openingQtyMilli: number) =>
    (await t.call('items.create', { name, hsn, unit, gstRateBp, purchasePricePaise, salePricePaise: purchasePricePaise, openingQtyMilli })).id;
  const rice = await item('Basmati Rice', '1006', 'kg', 500, 8000, 100_000);
  const soap = await item('Bath Soap', '3401', 'pcs', 1800, 3000, 200_000);
  const ghee = await item('Desi Ghee', '0405', 'l', 1200, 50000, 20_000);
  const veg = await item('Fresh Vegetables', '0702', 'kg', 0, 2000, 0);
  const tv = await item('LED TV 43 inch', '8528', 'pcs', 1800, 3_000_000, 5_000);
  const units = { [rice]: 'kg', [soap]: 'pcs', [ghee]: 'l', [veg]: 'kg', [tv]: 'pcs' } as Record<string, string>;
  const names = { [rice]: 'Basmati Rice', [soap]: 'Bath Soap', [ghee]: 'Desi Ghee', [veg]: 'Fresh Vegetables', [tv]: 'LED TV 43 inch' } as Record<string, string>;
  const hsns = { [rice]: '1006', [soap]: '3401', [ghee]: '0405', [veg]: '0702', [tv]: '8528' } as Record<string, string>;
  const rates = { [rice]: 500, [soap]: 1800, [ghee]: 1200, [veg]: 0, [tv]: 1800 } as Record<string, number>;
  const line = (itemId: string, qtyMilli: number, ratePaise: number) => ({ itemId, name: names[itemId]!, hsn: hsns[itemId]!, unit: units[itemId]!, qtyMilli, ratePaise, gstRateBp: rates[itemId]! });
  type Line = ReturnType<typeof line> | { itemId: null; name: string; hsn: string; unit: null; qtyMilli: number; ratePaise: number; gstRateBp: number };
  const bill = async (
    kind: 'sale' | 'purchase',
    partyId: string,
    date: string,
    lines: Line[],
    extra: { discountPaise?: number; payment?: { amountPaise: number; mode: 'cash' | 'upi' | 'card' | 'cheque' | 'bank'; modeRef?: string } } = {},
  ) => (await t.call('bills.create', { kind, partyType: kind === 'sale' ? 'customer' : 'supplier', partyId, date, lines, ...extra })).id;

  const bills = {} as Month['bills'];
  bills.b0 = await bill('sale', parties.walkin, '2026-10-31', [line(soap, 1000, 4500)]);
  bills.b1 = await bill('sale', parties.mehta, '2026-11-03', [line(rice, 10_000, 10_000), line(soap, 20_000, 4500)], { discountPaise: 10_000 });
  bills.b2 = await bill('sale', parties.rao, '2026-11-05', [line(ghee, 4000, 55_000), { itemId: null, name: 'Home delivery', hsn: '9965', unit: null, qtyMilli: 1000, ratePaise: 10_000, gstRateBp: 1800 }]);
  bills.b3 = await bill('sale', parties.walkin, '2026-11-08', [line(rice, 2500, 9800), line(veg, 3000, 4000)], { payment: { amountPaise: 37_700, mode: 'cash' } });
  bills.b4 = await bill('sale', parties.patel, '2026-11-10', [line(soap, 100_000, 4200)], { discountPaise: 20_000, payment: { amountPaise: 472_000, mode: 'card' } });
  bills.b5 = await bill('sale', parties.kumar, '2026-11-12', [line(tv, 4000, 3_200_000)], { payment: { amountPaise: 15_104_000, mode: 'bank', modeRef: 'NEFT 8812' } });
  bills.b6 = await bill('sale', parties.walkin, '2026-11-15', [line(soap, 10_000, 4550)], { payment: { amountPaise: 53_700, mode: 'cash' } });
  bills.b7 = await bill('sale', parties.mehta, '2026-11-18', [line(veg, 10_000, 3000)]);
  bills.b8 = await bill('sale', parties.walkin, '2026-11-20', [line(rice, 1000, 10_000)]);
  await t.call('bills.delete', { id: bills.b8 });
  bills.b9 = await bill('sale', parties.rao, '2026-11-25', [line(rice, 50_000, 9000)]);
  bills.b10 = await bill('sale', parties.walkin, '2026-12-01', [line(soap, 5000, 4500)]);
  await t.call('bills.recordPayment', { billId: bills.b1, amountPaise: 100_000, mode: 'upi', modeRef: 'UPI 4411', date: '2026-11-10' });

  bills.p1 = await bill('purchase', parties.agarwal, '2026-11-02', [line(rice, 100_000, 8000), line(soap, 100_000, 3000)], { payment: { amountPaise: 1_194_000, mode: 'cheque', modeRef: '000123' } });
  bills.p2 = await bill('purchase', parties.mandi, '2026-11-06', [line(veg, 50_000, 2000)]);
  bills.p3 = await bill('purchase', parties.mandi, '2026-11-09', [line(ghee, 10_000, 50_000)]);

  await t.call('stock.adjust', { itemId: rice, qtyMilli: -7500, reason: 'damage', date: '2026-11-28' });
  await t.call('stock.adjust', { itemId: ghee, qtyMilli: -1000, reason: 'expiry', date: '2026-12-02' });

  const cash = (direction: 'in' | 'out', amountPaise: number, date: string, mode: 'cash' | 'online', note: string, category?: 'rent' | 'salary' | 'electricity' | 'transport' | 'other') =>
    t.call('cashbook.add', { direction, amountPaise, date, mode, note, category });
  await cash('in', 1_000_000, '2026-10-01', 'cash', 'Cash brought in');
  await cash('out', 5000, '2026-10-15', 'cash', 'October rent share', 'rent');
  await cash('out', 500_000, '2026-11-01', 'cash', 'Shop rent', 'rent');
  await cash('out', 200_000, '2026-11-07', 'online', 'Helper salary', 'salary');
  await cash('out', 150_000, '2026-11-14', 'cash', 'Electricity bill', 'electricity');
  await cash('out', 30_000, '2026-11-21', 'cash', 'Tea and snacks');
  await cash('in', 20_000, '2026-11-22', 'cash', 'Sold empty cartons');
  const gone = await cash('out', 99_900, '2026-11-23', 'cash', 'Entered twice', 'rent');
  await t.call('cashbook.delete', { id: gone.id });
  return { bills, parties };
}

/** One core seeded with the November month for a whole test file (vitest hooks). */
export function useMonth(): { readonly t: TestCore; readonly m: Month } {
  let t: TestCore | null = null;
  let m: Month | null = null;
  beforeAll(async () => {
    t = createTestCore({ now: manualClock('2026-12-05T06:00:00.000Z').now });
    m = await seedMonth(t);
  }, 60_000);
  afterAll(() => t?.close());
  return {
    get t() {
      return t!;
    },
    get m() {
      return m!;
    },
  };
}
