import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { startLocalSupabase, type LocalSupabase } from './index';
import { eventually } from './migration-kit';
import { claim, customerCreate, edit, newId, newUser, push, pushOk, stamp, transactionCreate, type Op } from './testkit';

// 20261203000000_items_stock_payment_modes upgrades a server that already holds a shop's data:
// the earlier migrations run first, data goes in through the RPCs, then this one is applied.
// Afterwards the data is intact, new clients sync items, stock adjustments and payment modes,
// and an old client (protocol 1, bill lines without item_id) keeps syncing.

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MIGRATIONS = path.resolve(HERE, '..', 'migrations');
const MINE = '20261203000000_items_stock_payment_modes.sql';

let sb: LocalSupabase;
let dir: string;
let owner: { client: SupabaseClient; id: string };
const B = newId();
const NOW = new Date().toISOString();
let customerId: string;
let billId: string;
let itemId: string;

const line = (extra: Record<string, unknown> = {}) => ({
  name: 'Basmati Rice',
  hsn: '1006',
  qty_milli: 2000,
  unit: 'kg',
  rate_paise: 9000,
  gst_rate_bp: 500,
  taxable_paise: 18000,
  cgst_paise: 450,
  sgst_paise: 450,
  igst_paise: 0,
  total_paise: 18900,
  ...extra,
});

function billCreate(items: unknown[], seq: number): Op {
  const id = newId();
  return {
    op_id: newId(),
    table: 'bills',
    row_id: id,
    stamp: stamp(),
    fields: {
      id,
      business_id: B,
      created_at: NOW,
      updated_at: NOW,
      deleted_at: null,
      kind: 'sale',
      party_type: 'customer',
      party_id: customerId,
      invoice_number: `INV-1-000${seq}`,
      invoice_series: 1,
      invoice_seq: seq,
      bill_date: '2026-11-25',
      due_date: null,
      place_of_supply: '27',
      items,
      discount_paise: 0,
      taxable_paise: 18000,
      cgst_paise: 450,
      sgst_paise: 450,
      igst_paise: 0,
      round_off_paise: 0,
      total_paise: 18900,
      note: null,
    },
  };
}

const pull = async (client: SupabaseClient, since = 0) => {
  const { data, error } = await client.rpc('sync_pull', { p_business_id: B, p_since: since, p_limit: 1000 });
  if (error) throw new Error(error.message);
  return data as { rows: { table: string; row: Record<string, unknown> }[] };
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-mig-'));
  for (const f of fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql') && f < MINE)) fs.copyFileSync(path.join(MIGRATIONS, f), path.join(dir, f));
  sb = await startLocalSupabase({ migrationsDir: dir });
  owner = await newUser(sb, 'owner');
  await claim(owner.client, B, 'Sharma Kirana');
  // The shop's data before the upgrade, as a client of the time wrote it.
  const customer = customerCreate(B);
  customerId = customer.row_id;
  const bill = billCreate([line()], 1);
  billId = bill.row_id;
  await pushOk(owner.client, B, [customer, bill, transactionCreate(B, customerId, { amount_paise: 18900, bill_id: billId })]);
  await sb.sql(fs.readFileSync(path.join(MIGRATIONS, MINE), 'utf8'));
  await sb.sql(`notify pgrst, 'reload schema'`);
}, 120_000);

afterAll(async () => {
  await sb?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe(`${MINE} on a server with data`, () => {
  it('keeps the data: customers, bills with their lines, entries (mode empty)', async () => {
    expect(await sb.sql('select name from public.customers where business_id = $1', [B])).toEqual([{ name: 'Ramesh' }]);
    const [bill] = await sb.sql<{ items: unknown[]; total_paise: string }>('select items, total_paise from public.bills where id = $1', [billId]);
    expect(bill!.items).toEqual([line()]);
    expect(await sb.sql('select amount_paise::int as a, mode, mode_ref from public.transactions where business_id = $1', [B])).toEqual([{ a: 18900, mode: null, mode_ref: null }]);
    const registry = await sb.sql<{ table_name: string; owner_deletes: boolean }>('select table_name, owner_deletes from lenden.synced_tables where position > 100 order by position');
    expect(registry).toEqual([
      { table_name: 'items', owner_deletes: true },
      { table_name: 'stock_adjustments', owner_deletes: false },
    ]);
  });

  it('a new client syncs items, stock adjustments, payment modes, bank details and item lines', async () => {
    itemId = newId();
    const adjId = newId();
    const res = await eventually(() =>
      pushOk(owner.client, B, [
        {
          op_id: newId(),
          table: 'items',
          row_id: itemId,
          stamp: stamp(),
          fields: { id: itemId, business_id: B, created_at: NOW, updated_at: NOW, deleted_at: null, name: 'Basmati Rice', hsn: '1006', unit: 'kg', sale_price_paise: 9000, gst_rate_bp: 500, barcode: '890100', opening_qty_milli: 10000, low_stock_milli: null },
        },
        { op_id: newId(), table: 'stock_adjustments', row_id: adjId, stamp: stamp(), fields: { id: adjId, business_id: B, created_at: NOW, updated_at: NOW, deleted_at: null, item_id: itemId, qty_milli: -500, reason: 'damage', adj_date: '2026-11-25', note: null } },
        billCreate([line({ item_id: itemId }), line({ item_id: null, name: 'Carry bag' })], 2),
        transactionCreate(B, customerId, { direction: 'got', amount_paise: 5000, mode: 'cheque', mode_ref: '000123' }),
        { op_id: newId(), table: 'business_settings', row_id: B, stamp: stamp(), fields: { id: B, business_id: B, created_at: NOW, updated_at: NOW, name: 'Sharma Kirana', upi_id: 'sharma@okicici', bank_ifsc: 'SBIN0001234' } },
      ]),
    );
    expect(res.rejected).toEqual([]);
    const [item] = await sb.sql<Record<string, unknown>>('select name, unit, purchase_price_paise::int as p, opening_qty_milli::int as o from public.items where id = $1', [itemId]);
    // The device default fills what the create left out.
    expect(item).toEqual({ name: 'Basmati Rice', unit: 'kg', p: 0, o: 10000 });
    expect(await sb.sql('select upi_id, bank_ifsc from public.business_settings where id = $1', [B])).toEqual([{ upi_id: 'sharma@okicici', bank_ifsc: 'SBIN0001234' }]);
    const page = await pull(owner.client);
    const tables = new Set(page.rows.map((r) => r.table));
    expect(tables.has('items') && tables.has('stock_adjustments')).toBe(true);
    const digest = await owner.client.rpc('sync_digest', { p_business_id: B });
    expect((digest.data as { counts: Record<string, number> }).counts).toMatchObject({ items: 1, stock_adjustments: 1, bills: 2 });
  });

  it('refuses values a device cannot store', async () => {
    const bad = async (op: Op) => {
      const { data } = await push(owner.client, B, [op]);
      return data!.rejected[0]?.message ?? 'accepted';
    };
    const id = newId();
    expect(await bad({ op_id: newId(), table: 'items', row_id: id, stamp: stamp(), fields: { id, business_id: B, created_at: NOW, updated_at: NOW, name: 'X', unit: 'kgs' } })).toMatch(/items.unit must be one of/);
    expect(await bad(transactionCreate(B, customerId, { direction: 'got', mode: 'gpay' }))).toMatch(/transactions.mode must be one of/);
    expect(await bad(billCreate([line({ item_id: 'not an id!' })], 3))).toMatch(/item_id must be null or an id/);
    expect(await bad(billCreate([line({ item_no: 'x' })], 4))).toMatch(/unknown field item_no/);
    const adj = newId();
    expect(await bad({ op_id: newId(), table: 'stock_adjustments', row_id: adj, stamp: stamp(), fields: { id: adj, business_id: B, created_at: NOW, updated_at: NOW, item_id: itemId, qty_milli: 1, adj_date: '2026-11-25' } })).toMatch(/needs: reason/);
  });

  it('an old client (protocol 1) keeps syncing; its rewrite of a bill keeps each line’s item', async () => {
    const [row] = await sb.sql<{ id: string }>(`select id from public.bills where business_id = $1 and invoice_number = 'INV-1-0002'`, [B]);
    // The old client edits the note; as it does, it recomputes and sends the lines, without item_id.
    const oldLines = [line(), line({ name: 'Carry bag' })];
    const res = await pushOk(owner.client, B, [edit('bills', row!.id, { items: oldLines, note: 'Deliver Monday' })]);
    expect(res.rejected).toEqual([]);
    const [after] = await sb.sql<{ items: Record<string, unknown>[]; note: string }>('select items, note from public.bills where id = $1', [row!.id]);
    expect(after!.note).toBe('Deliver Monday');
    expect(after!.items.map((l) => [l.name, l.item_id ?? null])).toEqual([
      ['Basmati Rice', itemId],
      ['Carry bag', null],
    ]);
    // A line whose name changed is another line: it keeps no item.
    await pushOk(owner.client, B, [edit('bills', row!.id, { items: [line({ name: 'Sona Masoori' })] })]);
    const [renamed] = await sb.sql<{ items: Record<string, unknown>[] }>('select items from public.bills where id = $1', [row!.id]);
    expect(renamed!.items[0]!.item_id).toBeUndefined();
    // And the old client's pull still works (rows of tables and columns it does not know ride along).
    const page = await pull(owner.client);
    expect(page.rows.length).toBeGreaterThan(5);
  });
});
