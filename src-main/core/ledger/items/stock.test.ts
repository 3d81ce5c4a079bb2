import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../../contract';
import { SYNCED_TABLES } from '../../db/schema';
import { Merger } from '../../sync/merge';
import { Outbox } from '../../sync/outbox';
import { createTestCore, manualClock, type TestCore } from '../../testing';

let a: TestCore;
let b: TestCore;
const clock = manualClock('2026-11-25T04:30:00.000Z');
beforeEach(() => {
  a = createTestCore({ now: clock.now });
  b = createTestCore({ now: clock.now });
});
afterEach(async () => {
  await a.close();
  await b.close();
});

/**
 * Hands every row of one device to another through the sync merge (the code a pull runs),
 * as if the server had passed them on. Stock must come out of the rows, whoever wrote them.
 */
function ship(from: TestCore, to: TestCore): void {
  // The sender's ops count as acknowledged once the server has them.
  from.core.db.prepare('DELETE FROM outbox').run();
  const merger = new Merger(to.core.db, new Outbox(to.core.db), to.core.clock);
  to.core.db.transaction(() => {
    for (const table of SYNCED_TABLES) {
      for (const row of from.core.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
        merger.applyServerRow({ table, seq: 0, row: { ...(row as { id: string }), field_stamps: JSON.parse(String(row.field_stamps)) } });
      }
    }
  })();
}

/** Device b joins a's business (as sign-in does) with its own invoice series. */
function join(): void {
  b.core.state.set('business_id', a.core.businessId);
  b.core.state.set('invoice_series', '2');
  ship(a, b);
}

const stockOf = async (t: TestCore, id: string) => (await t.call('items.get', { id })).stockMilli;
const line = (itemId: string, qtyMilli: number) => ({ itemId, name: 'Rice', unit: 'kg', qtyMilli, ratePaise: 9000, gstRateBp: 500 });
const bill = (t: TestCore, kind: 'sale' | 'purchase', partyId: string, lines: MethodInput<'bills.create'>['lines']) =>
  t.call('bills.create', { kind, partyType: kind === 'sale' ? 'customer' : 'supplier', partyId, lines });

describe('stock from movements', () => {
  it('sales take stock out, purchases put it in, adjustments move it with a reason', async () => {
    const item = await a.call('items.create', { name: 'Rice', unit: 'kg', openingQtyMilli: 20_000 });
    const asha = await a.call('parties.create', { type: 'customer', name: 'Asha' });
    const mehta = await a.call('parties.create', { type: 'supplier', name: 'Mehta' });
    const s1 = await bill(a, 'sale', asha.id, [line(item.id, 2_500), { name: 'Carry bag', qtyMilli: 1000, ratePaise: 500, gstRateBp: 0 }]);
    expect(s1.lines.map((l) => l.itemId)).toEqual([item.id, null]);
    expect(await stockOf(a, item.id)).toBe(17_500);
    clock.advance(1000);
    await bill(a, 'purchase', mehta.id, [line(item.id, 10_000)]);
    expect(await stockOf(a, item.id)).toBe(27_500);
    clock.advance(1000);
    const adj = await a.call('stock.adjust', { itemId: item.id, qtyMilli: -500, reason: 'damage', note: 'Wet sack' });
    expect(await stockOf(a, item.id)).toBe(27_000);
    await a.call('stock.deleteAdjustment', { id: adj.id });
    expect(await stockOf(a, item.id)).toBe(27_500);
    // Editing a bill's quantity moves the stock by the difference; deleting gives it back.
    await a.call('bills.update', { id: s1.id, patch: { lines: [line(item.id, 4_000)] } });
    expect(await stockOf(a, item.id)).toBe(26_000);
    await a.call('bills.delete', { id: s1.id });
    expect(await stockOf(a, item.id)).toBe(30_000);
    await a.call('bills.restore', { id: s1.id });
    expect(await stockOf(a, item.id)).toBe(26_000);
    const moves = await a.call('stock.movements', { itemId: item.id });
    expect(moves.map((m) => [m.kind, m.qtyMilli])).toEqual([
      ['purchase', 10_000],
      ['sale', -4_000],
      ['opening', 20_000],
    ]);
    await expect(a.call('stock.adjust', { itemId: item.id, qtyMilli: 0, reason: 'count' })).rejects.toThrow(/must not be zero/);
    await expect(a.call('stock.adjust', { itemId: item.id, qtyMilli: 5, reason: 'stolen' as never })).rejects.toThrow(/Reason must be/);
  });

  it('two devices selling the same item offline both count once their bills meet', async () => {
    const item = await a.call('items.create', { name: 'Rice', unit: 'kg', openingQtyMilli: 10_000 });
    const asha = await a.call('parties.create', { type: 'customer', name: 'Asha' });
    join();
    expect(await stockOf(b, item.id)).toBe(10_000);
    // Both sell at the same time, neither seeing the other.
    const saleA = await bill(a, 'sale', asha.id, [line(item.id, 3_000)]);
    const saleB = await bill(b, 'sale', asha.id, [line(item.id, 2_000)]);
    await b.call('stock.adjust', { itemId: item.id, qtyMilli: -250, reason: 'own_use' });
    expect(saleA.invoiceNumber).not.toBe(saleB.invoiceNumber);
    expect(await stockOf(a, item.id)).toBe(7_000);
    expect(await stockOf(b, item.id)).toBe(7_750);
    ship(a, b);
    ship(b, a);
    expect(await stockOf(a, item.id)).toBe(4_750);
    expect(await stockOf(b, item.id)).toBe(4_750);
    // A deletion on one device gives the stock back on both.
    await a.call('bills.delete', { id: saleA.id });
    ship(a, b);
    expect(await stockOf(a, item.id)).toBe(7_750);
    expect(await stockOf(b, item.id)).toBe(7_750);
    // The kept figure always equals the movements summed from scratch.
    for (const t of [a, b]) {
      const derived = t.core.db
        .prepare(
          `SELECT (SELECT opening_qty_milli FROM items WHERE id = ?)
                + coalesce((SELECT sum(CASE b.kind WHEN 'purchase' THEN bi.qty_milli ELSE -bi.qty_milli END) FROM bill_items bi JOIN bills b ON b.id = bi.bill_id
                             WHERE bi.item_id = ? AND b.deleted_at IS NULL), 0)
                + coalesce((SELECT sum(qty_milli) FROM stock_adjustments WHERE item_id = ? AND deleted_at IS NULL), 0) AS q`,
        )
        .get(item.id, item.id, item.id) as { q: number };
      expect(await stockOf(t, item.id)).toBe(derived.q);
    }
  });

  it('items, their edits and tombstones travel between devices', async () => {
    const item = await a.call('items.create', { name: 'Ghee', hsn: '0405', unit: 'kg', salePricePaise: 60_000, gstRateBp: 1200, barcode: '890100' });
    join();
    expect(await b.call('items.get', { id: item.id })).toMatchObject({ name: 'Ghee', hsn: '0405', barcode: '890100', salePricePaise: 60_000 });
    clock.advance(1000);
    await a.call('items.update', { id: item.id, patch: { salePricePaise: 62_000 } });
    await b.call('items.update', { id: item.id, patch: { name: 'Desi Ghee' } });
    ship(a, b);
    ship(b, a);
    for (const t of [a, b]) expect(await t.call('items.get', { id: item.id })).toMatchObject({ name: 'Desi Ghee', salePricePaise: 62_000 });
    await a.call('items.delete', { id: item.id });
    ship(a, b);
    expect((await b.call('items.list', {})).total).toBe(0);
  });
});
