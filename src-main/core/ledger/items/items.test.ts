import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { itemListQuery } from './items';

let t: TestCore;
beforeEach(() => {
  t = createTestCore({ now: manualClock('2026-11-25T04:30:00.000Z').now });
});
afterEach(() => t.close());

const rice = { name: 'Basmati Rice', hsn: '1006', unit: 'kg' as const, salePricePaise: 9000, purchasePricePaise: 7500, gstRateBp: 500, barcode: '8901234567890', openingQtyMilli: 50_000, lowStockMilli: 10_000 };

describe('item master', () => {
  it('creates, reads, edits and lists items with their stock', async () => {
    const item = await t.call('items.create', rice);
    expect(item).toMatchObject({ name: 'Basmati Rice', unit: 'kg', stockMilli: 50_000, low: false, openingQtyMilli: 50_000 });
    const soap = await t.call('items.create', { name: 'साबुन', salePricePaise: 4000, gstRateBp: 1800 });
    expect(soap).toMatchObject({ unit: 'pcs', hsn: null, barcode: null, stockMilli: 0, lowStockMilli: null, low: false });
    const edited = await t.call('items.update', { id: item.id, patch: { salePricePaise: 9500, lowStockMilli: 60_000 } });
    expect(edited).toMatchObject({ salePricePaise: 9500, stockMilli: 50_000, low: true });
    const page = await t.call('items.list', {});
    expect(page.total).toBe(2);
    expect(page.items.map((i) => i.name)).toEqual(['Basmati Rice', 'साबुन']);
  });

  it('finds by any part of the name in any case, Devanagari too, and by exact barcode', async () => {
    await t.call('items.create', rice);
    await t.call('items.create', { name: 'बासमती चावल' });
    await t.call('items.create', { name: 'Brown Rice', barcode: '111' });
    const names = async (search: string) => (await t.call('items.list', { search })).items.map((i) => i.name);
    expect(await names('RICE')).toEqual(['Basmati Rice', 'Brown Rice']);
    expect(await names('चावल')).toEqual(['बासमती चावल']);
    expect(await names('8901234567890')).toEqual(['Basmati Rice']);
    expect(await names('890123')).toEqual([]);
    expect(await names('50%')).toEqual([]);
  });

  it('filters low and out-of-stock items', async () => {
    await t.call('items.create', rice);
    const low = await t.call('items.create', { name: 'Ghee', openingQtyMilli: 2_000, lowStockMilli: 5_000 });
    const out = await t.call('items.create', { name: 'Salt' });
    expect((await t.call('items.list', { filter: 'low' })).items.map((i) => i.id)).toEqual([low.id]);
    expect((await t.call('items.list', { filter: 'out' })).items.map((i) => i.id)).toEqual([out.id]);
    expect(await t.call('stock.summary', {})).toEqual({ itemCount: 3, lowCount: 1, outCount: 1, stockValuePaise: 375_000 });
  });

  it('deletes as a tombstone and restores; a deleted item leaves the list and cannot be billed', async () => {
    const item = await t.call('items.create', rice);
    const gone = await t.call('items.delete', { id: item.id });
    expect(gone.deletedAt).not.toBeNull();
    expect(t.core.db.prepare('SELECT deleted_at FROM items WHERE id = ?').get(item.id)).toEqual({ deleted_at: gone.deletedAt });
    expect((await t.call('items.list', {})).total).toBe(0);
    expect((await t.call('items.list', { includeDeleted: true })).total).toBe(1);
    await expect(t.call('items.get', { id: item.id })).rejects.toThrow(/NOT_FOUND/);
    const party = await t.call('parties.create', { type: 'customer', name: 'Asha' });
    await expect(
      t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines: [{ name: 'Rice', qtyMilli: 1000, ratePaise: 100, gstRateBp: 0, itemId: item.id }] }),
    ).rejects.toThrow(/NOT_FOUND: Line 1/);
    expect((await t.call('items.restore', { id: item.id })).deletedAt).toBeNull();
  });

  it('refuses a second live item with the same barcode, and bad input with clear messages', async () => {
    await t.call('items.create', rice);
    await expect(t.call('items.create', { name: 'Other', barcode: rice.barcode })).rejects.toThrow(/CONFLICT: Barcode 8901234567890 is already used by Basmati Rice/);
    await expect(t.call('items.create', { name: '' })).rejects.toThrow(/Item name is required/);
    await expect(t.call('items.create', { name: 'X', unit: 'kgs' as never })).rejects.toThrow(/Unit must be/);
    await expect(t.call('items.create', { name: 'X', gstRateBp: 1700 })).rejects.toThrow(/GST rate must be/);
    await expect(t.call('items.create', { name: 'X', hsn: '12a' })).rejects.toThrow(/HSN\/SAC must be 2 to 8 digits/);
    await expect(t.call('items.create', { name: 'X', openingQtyMilli: -1 })).rejects.toThrow(/Opening stock cannot be negative/);
    await expect(t.call('items.update', { id: rice.barcode as never, patch: {} })).rejects.toThrow(/VALIDATION/);
    // Stock is never an editable number.
    await expect(t.call('items.update', { id: (await t.call('items.list', {})).items[0]!.id, patch: { stockMilli: 5 } as never })).rejects.toThrow(/VALIDATION/);
  });

  it('writes each change through the outbox', async () => {
    const item = await t.call('items.create', rice);
    await t.call('items.update', { id: item.id, patch: { name: 'Basmati Rice 1kg' } });
    const ops = t.core.db.prepare("SELECT fields FROM outbox WHERE table_name = 'items' ORDER BY seq").all() as { fields: string }[];
    expect(ops).toHaveLength(2);
    expect(JSON.parse(ops[0]!.fields)).toMatchObject({ name: 'Basmati Rice', opening_qty_milli: 50_000, barcode: rice.barcode });
    expect(JSON.parse(ops[1]!.fields)).toMatchObject({ name: 'Basmati Rice 1kg' });
  });

  it('the list, the type-ahead (trigram index or barcode) and the low-stock list ride indexes', () => {
    const plan = (search: string, filter: 'all' | 'low') => {
      const q = itemListQuery(t.core.ctx, { search, filter, includeDeleted: false, offset: 0, limit: 50 });
      return (t.core.db.prepare(`EXPLAIN QUERY PLAN ${q.rowsSql}`).all(...q.params, 50, 0) as { detail: string }[]).map((r) => r.detail).join('\n');
    };
    expect(plan('', 'all')).toMatch(/items_list_idx/);
    expect(plan('', 'all')).not.toMatch(/TEMP B-TREE/);
    expect(plan('rice', 'all')).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
    expect(plan('rice', 'all')).not.toMatch(/SCAN i\b/);
    expect(plan('', 'low')).toMatch(/items_low_idx/);
    expect(plan('', 'low')).not.toMatch(/TEMP B-TREE/);
  });

  it('the type-ahead finds short and long searches, renamed items and quotes in names', async () => {
    const item = await t.call('items.create', { name: 'Amul "Gold" Milk 500ml' });
    const names = async (search: string) => (await t.call('items.list', { search })).items.map((i) => i.name);
    expect(await names('"gold"')).toEqual(['Amul "Gold" Milk 500ml']);
    expect(await names('mi')).toEqual(['Amul "Gold" Milk 500ml']);
    await t.call('items.update', { id: item.id, patch: { name: 'Amul Taaza 1L' } });
    expect(await names('gold')).toEqual([]);
    expect(await names('taaza')).toEqual(['Amul Taaza 1L']);
  });
});
