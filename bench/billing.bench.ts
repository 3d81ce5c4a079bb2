import { createTestCore } from '../src-main/core/testing';
import { newId } from '../src-main/core/util/ids';
import { round, summarize, timeMany, type Figure } from './stats';

/**
 * Counter billing: a sale of 20 item lines with a payment, saved through the core (validation,
 * GST, the bill row, its posting entry and payment, outbox ops, audit, and the stock triggers),
 * then the lists the counter screens run at 100k rows.
 */
export async function benchBilling(): Promise<Figure[]> {
  const saved = await benchSale(true);
  // The same with synchronous=OFF (never used by Lenden): how much of the time is the disk's fsync.
  const cpu = await benchSale(false);
  const lists = await benchCounterLists();
  return [
    { name: 'save a sale of 20 item lines + payment, stock updated: median', value: round(saved.median), unit: 'ms', target: '< 20 ms' },
    { name: 'save a sale of 20 item lines + payment, stock updated: p99', value: round(saved.p99), unit: 'ms', target: '< 20 ms' },
    { name: 'same without fsync (synchronous=OFF, CPU only): median', value: round(cpu.median), unit: 'ms', note: 'not a setting Lenden uses' },
    { name: 'same without fsync (synchronous=OFF, CPU only): p99', value: round(cpu.p99), unit: 'ms' },
    ...lists,
  ];
}

async function benchSale(durable: boolean): Promise<{ median: number; p99: number }> {
  const t = createTestCore();
  if (!durable) t.core.db.pragma('synchronous = OFF');
  await t.call('settings.update', { stateCode: '27' });
  const party = await t.call('parties.create', { type: 'customer', name: 'Counter Sale', stateCode: '27' });
  const items = [];
  for (let i = 0; i < 20; i++) {
    items.push(await t.call('items.create', { name: `Item ${i}`, hsn: '1006', unit: 'kg', salePricePaise: 1000 + i * 37, gstRateBp: [0, 500, 1200, 1800][i % 4]!, openingQtyMilli: 1_000_000_000 }));
  }
  const lines = items.map((it, i) => ({ itemId: it.id, name: it.name, hsn: it.hsn, unit: it.unit, qtyMilli: 1000 + i * 250, ratePaise: it.salePricePaise, gstRateBp: it.gstRateBp }));
  const sale = (i: number) =>
    t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines, discountPaise: i % 3 ? 0 : 500, payment: { amountPaise: 1000, mode: i % 2 ? 'upi' : 'cash' } });
  // Warm up and build some history first, as a shop that has billed for a while.
  for (let i = 0; i < 300; i++) await sale(i);
  const before = (await t.call('items.get', { id: items[19]!.id })).stockMilli;
  const runs = 500;
  const times = summarize(await timeMany(runs, sale));
  const after = (await t.call('items.get', { id: items[19]!.id })).stockMilli;
  if (before - after !== runs * lines[19]!.qtyMilli) throw new Error(`stock did not follow the bills: ${before} -> ${after}`);
  await t.close();
  return times;
}

/** The counter's lists at 100k rows: item type-ahead, low-stock list, cashbook day. */
async function benchCounterLists(): Promise<Figure[]> {
  const t = createTestCore();
  const party = await t.call('parties.create', { type: 'customer', name: 'Counter Sale' });

  // 100k items and 100k ledger payments, straight into SQLite (the triggers keep the stock).
  const db = t.core.db;
  const business = t.core.businessId;
  const now = new Date().toISOString();
  db.transaction(() => {
    const ins = db.prepare(
      `INSERT INTO items (id, business_id, created_at, updated_at, name, unit, sale_price_paise, gst_rate_bp, barcode, opening_qty_milli, low_stock_milli, field_stamps)
       VALUES (?, ?, ?, ?, ?, 'pcs', ?, 500, ?, ?, ?, '{}')`,
    );
    for (let i = 0; i < 100_000; i++) ins.run(newId(), business, now, now, `${['Rice', 'Dal', 'Soap', 'तेल', 'Atta', 'Salt'][i % 6]} ${i}`, 100 + (i % 900), `89${String(i).padStart(11, '0')}`, (i % 50) * 1000, i % 7 ? null : 20_000);
  })();
  db.transaction(() => {
    const tx = db.prepare(
      `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date, mode, field_stamps)
       VALUES (?, ?, ?, ?, 'customer', ?, ?, ?, ?, ?, '{}')`,
    );
    for (let j = 0; j < 100_000; j++) {
      const day = `2025-${String((j % 12) + 1).padStart(2, '0')}-${String((j % 28) + 1).padStart(2, '0')}`;
      tx.run(newId(), business, now, now, party.id, j % 4 ? 'got' : 'gave', 100 + (j % 5000), day, ['cash', 'upi', 'card', 'bank'][j % 4]);
    }
  })();
  db.pragma('optimize');
  const search = summarize(await timeMany(30, (i) => t.call('items.list', { search: ['rice 12', 'तेल', 'soap 9', '8900000012345'][i % 4]!, limit: 8 })));
  const low = summarize(await timeMany(10, () => t.call('items.list', { filter: 'low', limit: 200 })));
  const day = summarize(await timeMany(30, () => t.call('cashbook.day', { date: '2025-12-28' })));
  await t.close();
  return [
    { name: 'item type-ahead search (100k items): median', value: round(search.median), unit: 'ms', target: '< 50 ms' },
    { name: 'low-stock list (100k items): median', value: round(low.median), unit: 'ms' },
    { name: 'cashbook day with ledger payments (100k payments): median', value: round(day.median), unit: 'ms', target: '< 50 ms' },
  ];
}
