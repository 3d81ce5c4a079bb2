import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sqlite } from './open';
import { repoMigrationsFolder } from './paths';

// 0006 (items, stock adjustments, payment modes, bank/UPI settings) and 0007 (stock triggers)
// upgrade a database that already holds parties, entries and bills from the schema before them.
const folder = repoMigrationsFolder();
const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
const tags = [...journal.entries].sort((a, b) => a.idx - b.idx).map((e) => e.tag);
const statements = (tag: string) =>
  fs
    .readFileSync(path.join(folder, `${tag}.sql`), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);
const apply = (db: Sqlite, tag: string) => db.transaction(() => statements(tag).forEach((s) => db.exec(s)))();

const dirs: string[] = [];
const dbs: Sqlite[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function databaseBefore(tag: string): Sqlite {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-mig-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'l.db'));
  dbs.push(db);
  db.pragma('foreign_keys = ON');
  for (const t of tags.slice(0, tags.indexOf(tag))) apply(db, t);
  return db;
}

const line = (extra: Record<string, unknown> = {}) => ({
  name: 'Rice',
  hsn: '1006',
  qty_milli: 2000,
  unit: 'kg',
  rate_paise: 5000,
  gst_rate_bp: 500,
  taxable_paise: 10000,
  cgst_paise: 250,
  sgst_paise: 250,
  igst_paise: 0,
  total_paise: 10500,
  ...extra,
});

function seedOldData(db: Sqlite): void {
  db.prepare(`INSERT INTO business_settings (id, business_id, created_at, updated_at, name) VALUES ('b', 'b', 'x', 'x', 'Shop')`).run();
  db.prepare(`INSERT INTO customers (id, business_id, created_at, updated_at, name) VALUES ('c1', 'b', 'x', 'x', 'Asha')`).run();
  db.prepare(
    `INSERT INTO bills (id, business_id, created_at, updated_at, kind, party_type, party_id, invoice_number, invoice_series, invoice_seq, bill_date, items, total_paise)
     VALUES ('bill1', 'b', 'x', 'x', 'sale', 'customer', 'c1', 'INV-1-0001', 1, 1, '2026-11-01', ?, 10500)`,
  ).run(JSON.stringify([line()]));
  const entry = db.prepare(
    `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date, bill_id)
     VALUES (?, 'b', 'x', 'x', 'customer', 'c1', ?, ?, '2026-11-01', ?)`,
  );
  entry.run('t1', 'gave', 10500, 'bill1');
  entry.run('t2', 'got', 4000, 'bill1');
}

describe('0007_items_stock_payment_modes on a database with data', () => {
  it('keeps parties, entries, bills and their lines; new columns start empty', () => {
    const db = databaseBefore('0007_items_stock_payment_modes');
    seedOldData(db);
    apply(db, '0007_items_stock_payment_modes');
    expect(db.prepare('SELECT id, amount_paise, mode, mode_ref FROM transactions ORDER BY id').all()).toEqual([
      { id: 't1', amount_paise: 10500, mode: null, mode_ref: null },
      { id: 't2', amount_paise: 4000, mode: null, mode_ref: null },
    ]);
    expect(db.prepare("SELECT name, upi_id, bank_account FROM business_settings WHERE id = 'b'").get()).toEqual({ name: 'Shop', upi_id: null, bank_account: null });
    expect(db.prepare('SELECT bill_id, name, qty_milli, item_id, stock_milli FROM bill_items').all()).toEqual([
      { bill_id: 'bill1', name: 'Rice', qty_milli: 2000, item_id: null, stock_milli: 0 },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('0008_stock_triggers on a database with data', () => {
  function upgraded(): Sqlite {
    const db = databaseBefore('0007_items_stock_payment_modes');
    seedOldData(db);
    apply(db, '0007_items_stock_payment_modes');
    apply(db, '0008_stock_triggers');
    return db;
  }
  const stock = (db: Sqlite, id: string) => (db.prepare('SELECT qty_milli FROM stock_levels WHERE item_id = ?').get(id) as { qty_milli: number } | undefined)?.qty_milli;

  it('keeps old bill lines as free lines and derives stock from new ones', () => {
    const db = upgraded();
    expect(db.prepare('SELECT count(*) AS n FROM bill_items').get()).toEqual({ n: 1 });
    db.prepare(`INSERT INTO items (id, business_id, created_at, updated_at, name, opening_qty_milli) VALUES ('i1', 'b', 'x', 'x', 'Rice', 10000)`).run();
    expect(stock(db, 'i1')).toBe(10000);
    // The old bill gains an item link (as an edit would): its line now takes stock out.
    db.prepare("UPDATE bills SET items = ? WHERE id = 'bill1'").run(JSON.stringify([line({ item_id: 'i1' })]));
    expect(stock(db, 'i1')).toBe(8000);
    db.prepare(
      `INSERT INTO bills (id, business_id, created_at, updated_at, kind, party_type, party_id, invoice_number, invoice_series, invoice_seq, bill_date, items)
       VALUES ('p1', 'b', 'x', 'x', 'purchase', 'supplier', 's1', 'P-1', 1, 2, '2026-11-02', ?)`,
    ).run(JSON.stringify([line({ item_id: 'i1', qty_milli: 5000 }), line({ name: 'Free line' })]));
    expect(stock(db, 'i1')).toBe(13000);
    db.prepare("UPDATE bills SET deleted_at = 'now' WHERE id = 'p1'").run();
    expect(stock(db, 'i1')).toBe(8000);
    db.prepare("UPDATE bills SET deleted_at = NULL WHERE id = 'p1'").run();
    expect(stock(db, 'i1')).toBe(13000);
    db.prepare(`INSERT INTO stock_adjustments (id, business_id, created_at, updated_at, item_id, qty_milli, reason, adj_date) VALUES ('a1', 'b', 'x', 'x', 'i1', -500, 'damage', '2026-11-03')`).run();
    expect(stock(db, 'i1')).toBe(12500);
    db.prepare("UPDATE stock_adjustments SET deleted_at = 'now' WHERE id = 'a1'").run();
    expect(stock(db, 'i1')).toBe(13000);
    db.prepare("UPDATE items SET opening_qty_milli = 0 WHERE id = 'i1'").run();
    expect(stock(db, 'i1')).toBe(3000);
    // A hard delete of a bill (a refused create rolled back) cascades to its lines and their stock.
    db.prepare("DELETE FROM bills WHERE id = 'p1'").run();
    expect(stock(db, 'i1')).toBe(-2000);
    const derived = db
      .prepare(
        `SELECT (SELECT opening_qty_milli FROM items WHERE id = 'i1')
              + coalesce((SELECT sum(stock_milli) FROM bill_items WHERE item_id = 'i1'), 0)
              + coalesce((SELECT sum(qty_milli) FROM stock_adjustments WHERE item_id = 'i1' AND deleted_at IS NULL), 0) AS q`,
      )
      .get() as { q: number };
    expect(stock(db, 'i1')).toBe(derived.q);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});

describe('0009_item_search on a database with items', () => {
  it('indexes the items already there for the type-ahead, and keeps up with later writes', () => {
    const db = databaseBefore('0009_item_search');
    db.prepare(`INSERT INTO items (id, business_id, created_at, updated_at, name, low_stock_milli) VALUES ('i1', 'b', 'x', 'x', 'Basmati Rice 5kg', 1000), ('i2', 'b', 'x', 'x', 'सरसों तेल', NULL)`).run();
    apply(db, '0009_item_search');
    const find = (q: string) => (db.prepare('SELECT i.id FROM items_search s JOIN items i ON i.rowid = s.rowid WHERE items_search MATCH ? ORDER BY i.id').all(`"${q}"`) as { id: string }[]).map((r) => r.id);
    expect(find('rice')).toEqual(['i1']);
    expect(find('तेल')).toEqual(['i2']);
    db.prepare("UPDATE items SET name = 'Brown Rice' WHERE id = 'i2'").run();
    db.prepare("INSERT INTO items (id, business_id, created_at, updated_at, name) VALUES ('i3', 'b', 'x', 'x', 'Rice Bran Oil')").run();
    expect(find('rice')).toEqual(['i1', 'i2', 'i3']);
    expect(find('तेल')).toEqual([]);
    db.prepare("DELETE FROM items WHERE id = 'i1'").run();
    expect(find('basmati')).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'items_low_idx'").get()).toEqual({ name: 'items_low_idx' });
    db.exec("INSERT INTO items_search(items_search) VALUES ('integrity-check')");
  });
});
