import type { Item } from '../src-main/contract';
import { createTestCore } from '../src-main/core/testing';
import { newId } from '../src-main/core/util/ids';
import { round, summarize, timeMany, type Figure } from './stats';

/**
 * Month-end at 100k bills (a year of a busy counter, about 8,300 a month, 1-3 lines each), 100k
 * ledger payments and 50k cashbook entries: GSTR-1, GSTR-3B, profit and loss and the Tally
 * export of one month, each read through its indexes (bills_date_idx and bill_items_pk,
 * transactions_day_idx / transactions_money_idx, cashbook_day_idx).
 */
export async function benchMonthEnd(): Promise<Figure[]> {
  const t = createTestCore();
  await t.call('settings.update', { name: 'Bench Stores', gstin: '27AAACS1234K1ZH', stateCode: '27' });
  const customers = await Promise.all(
    [
      { name: 'Mehta Traders', gstin: '27AAPFU0939F1ZV' },
      { name: 'Rao Stores', gstin: '29AABCR5678L1ZN' },
      { name: 'Walk-in', stateCode: '27' },
      { name: 'Patel Kirana', stateCode: '24' },
    ].map((p) => t.call('parties.create', { type: 'customer', ...p })),
  );
  const supplier = await t.call('parties.create', { type: 'supplier', name: 'Agarwal Wholesale', gstin: '24AADFM4321P1Z8' });
  const items: Item[] = [];
  for (let i = 0; i < 50; i++) items.push(await t.call('items.create', { name: `Item ${i}`, hsn: ['1006', '3401', '0405', '0702'][i % 4]!, unit: 'kg', purchasePricePaise: 5000 + i, gstRateBp: [500, 1800, 1200, 0][i % 4]!, openingQtyMilli: 1_000_000 }));
  const db = t.core.db;
  const business = t.core.businessId;
  const now = new Date().toISOString();
  db.transaction(() => {
    const bill = db.prepare(
      `INSERT INTO bills (id, business_id, created_at, updated_at, deleted_at, kind, party_type, party_id, invoice_number, invoice_series, invoice_seq, bill_date, place_of_supply, items,
                          taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise, field_stamps)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, '[]', ?, ?, ?, ?, ?, '{}')`,
    );
    const line = db.prepare(
      `INSERT INTO bill_items (bill_id, line_no, business_id, name, hsn, qty_milli, unit, rate_paise, gst_rate_bp, taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise, item_id, stock_milli)
       VALUES (?, ?, ?, ?, ?, 1000, 'kg', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < 100_000; i++) {
      const id = newId();
      const purchase = i % 10 === 9;
      const party = purchase ? supplier : customers[i % 4]!;
      const pos = purchase ? '24' : ['27', '29', '27', '24'][i % 4]!;
      const inter = pos !== '27';
      const date = `2025-${String(Math.floor(i / 8334) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      let taxable = 0;
      let tax = 0;
      const rows: unknown[][] = [];
      for (let n = 0; n < 1 + (i % 3); n++) {
        const it = items[(i + n) % 50]!;
        const value = 10_000 + ((i * 7 + n) % 9000);
        const half = Math.round((value * it.gstRateBp) / 20_000);
        taxable += value;
        tax += 2 * half;
        rows.push([id, n + 1, business, it.name, it.hsn, value, it.gstRateBp, value, inter ? 0 : half, inter ? 0 : half, inter ? 2 * half : 0, value + 2 * half, it.id, purchase ? 1000 : -1000]);
      }
      const cg = inter ? 0 : tax / 2;
      bill.run(id, business, now, now, i % 500 === 7 ? now : null, purchase ? 'purchase' : 'sale', purchase ? 'supplier' : 'customer', party.id, `INV-1-${String(i + 1).padStart(6, '0')}`, i + 1, date, pos, taxable, cg, cg, inter ? tax : 0, taxable + tax);
      for (const r of rows) line.run(...r);
    }
  })();
  db.transaction(() => {
    const tx = db.prepare(
      `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date, mode, field_stamps) VALUES (?, ?, ?, ?, 'customer', ?, 'got', ?, ?, ?, '{}')`,
    );
    const cash = db.prepare(
      `INSERT INTO cashbook_entries (id, business_id, created_at, updated_at, direction, amount_paise, mode, entry_date, category, field_stamps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')`,
    );
    for (let j = 0; j < 100_000; j++) {
      const day = `2025-${String((j % 12) + 1).padStart(2, '0')}-${String((j % 28) + 1).padStart(2, '0')}`;
      tx.run(newId(), business, now, now, customers[j % 4]!.id, 100 + (j % 5000), day, ['cash', 'upi', 'card', 'bank'][j % 4]);
      if (j % 2) cash.run(newId(), business, now, now, j % 5 ? 'out' : 'in', 100 + (j % 900), j % 3 ? 'cash' : 'online', day, [null, 'rent', 'salary', 'electricity', 'transport', 'other'][j % 6]);
    }
  })();
  db.pragma('optimize');
  const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM bills WHERE business_id = ? AND bill_date BETWEEN ? AND ?`).all(business, '2025-06-01', '2025-06-30') as { detail: string }[]).map((r) => r.detail).join('; ');
  if (!/bills_date_idx/.test(plan)) throw new Error(`month-end bills query does not use bills_date_idx: ${plan}`);
  const june = { month: '2025-06' };
  const range = { from: '2025-06-01', to: '2025-06-30' };
  const g1 = summarize(await timeMany(5, () => t.call('returns.gstr1', june)));
  const g3 = summarize(await timeMany(5, () => t.call('returns.gstr3b', june)));
  const json = summarize(await timeMany(3, () => t.call('returns.export', { what: 'gstr1', format: 'json', period: june })));
  const pl = summarize(await timeMany(5, () => t.call('returns.profitLoss', range)));
  const cf = summarize(await timeMany(5, () => t.call('returns.cashFlowByMode', range)));
  const tally = summarize(await timeMany(3, () => t.call('returns.export', { what: 'tally', range })));
  await t.close();
  return [
    { name: 'GSTR-1 of a month (100k bills, ~7,500 sales that month): median', value: round(g1.median), unit: 'ms', target: '< 1000 ms' },
    { name: 'GSTR-3B of the same month: median', value: round(g3.median), unit: 'ms', target: '< 1000 ms' },
    { name: 'GSTR-1 portal JSON file of the month: median', value: round(json.median), unit: 'ms' },
    { name: 'profit and loss of a month (stock valued at its ends): median', value: round(pl.median), unit: 'ms', target: '< 500 ms' },
    { name: 'cash flow by mode of a month: median', value: round(cf.median), unit: 'ms', target: '< 200 ms' },
    { name: 'Tally XML of a month (~8,300 vouchers + payments): median', value: round(tally.median), unit: 'ms' },
  ];
}
