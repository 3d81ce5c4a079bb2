import { describe, expect, it } from 'vitest';
import { expectConverged, settle, startShop, type Device, serverForFile } from './harness';

// Items, stock and payment modes through the real sync path: two devices of one shop, the
// local Supabase stand-in (real Postgres and PostgREST) between them.
const standIn = serverForFile();
const devices = standIn.devices;

describe('items and stock across devices', () => {
  it('items sync; two counters selling the same item offline both count; payments keep their mode', async () => {
    const [a, b] = await startShop(standIn.sb, devices);
    const rice = await a.call('items.create', { name: 'Basmati Rice', hsn: '1006', unit: 'kg', salePricePaise: 9000, gstRateBp: 500, barcode: '890100', openingQtyMilli: 10_000 });
    const asha = await a.call('parties.create', { type: 'customer', name: 'Asha' });
    await settle([a, b]);
    expect(await b.call('items.get', { id: rice.id })).toMatchObject({ name: 'Basmati Rice', barcode: '890100', stockMilli: 10_000 });

    // Both sell before either hears of the other's sale.
    const sell = (d: Device, qtyMilli: number, mode: 'cash' | 'upi') =>
      d.call('bills.create', {
        kind: 'sale',
        partyType: 'customer',
        partyId: asha.id,
        lines: [{ itemId: rice.id, name: 'Basmati Rice', hsn: '1006', unit: 'kg', qtyMilli, ratePaise: 9000, gstRateBp: 500 }],
        payment: { amountPaise: 5000, mode },
      });
    await sell(a, 3_000, 'cash');
    await sell(b, 2_000, 'upi');
    await b.call('stock.adjust', { itemId: rice.id, qtyMilli: -500, reason: 'damage' });
    // Different fields of the item edited at once: both edits survive.
    await a.call('items.update', { id: rice.id, patch: { salePricePaise: 9500 } });
    await b.call('items.update', { id: rice.id, patch: { name: 'Basmati Rice 1kg' } });
    await settle([a, b]);
    for (const d of [a, b]) {
      expect(await d.call('items.get', { id: rice.id }), d.name).toMatchObject({ name: 'Basmati Rice 1kg', salePricePaise: 9500, stockMilli: 4_500 });
      const day = await d.call('cashbook.day', {});
      expect(day.byMode.cash.inPaise, d.name).toBe(5000);
      expect(day.byMode.upi.inPaise, d.name).toBe(5000);
    }
    expectConverged([a, b]);
  }, 120_000);
});
