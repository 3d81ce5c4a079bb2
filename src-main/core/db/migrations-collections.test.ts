import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sqlite } from './open';
import { applyMigration, migrationTags } from './migration-kit';

// 0014 (collections) upgrades a database that already holds parties and entries from the
// schema before it: everything stays, due dates and credit periods start empty, the promise
// and reminder tables are there, and To collect's walk has its index.
const tags = migrationTags;
const TAG = '0014_collections';
const apply = applyMigration;

let dir: string | null = null;
let db: Sqlite | null = null;
afterEach(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  db = null;
  dir = null;
});

describe(`${TAG} on a database with data`, () => {
  it('keeps parties, entries and balances; adds empty due dates, credit periods, promises and reminders', () => {
    expect(tags).toContain(TAG);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-mig-'));
    db = new Database(path.join(dir, 'l.db'));
    for (const t of tags.slice(0, tags.indexOf(TAG))) apply(db, t);
    db.prepare(`INSERT INTO customers (id, business_id, created_at, updated_at, name) VALUES ('c1', 'b', 'x', 'x', 'Anil')`).run();
    db.prepare(`INSERT INTO suppliers (id, business_id, created_at, updated_at, name) VALUES ('s1', 'b', 'x', 'x', 'Gupta Traders')`).run();
    const entry = db.prepare(
      `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date) VALUES (?, 'b', ?, ?, ?, ?, ?, ?, ?)`,
    );
    entry.run('e1', 'a', 'a', 'customer', 'c1', 'gave', 100_000, '2026-11-01');
    entry.run('e2', 'b', 'b', 'customer', 'c1', 'got', 40_000, '2026-11-05');
    entry.run('e3', 'c', 'c', 'supplier', 's1', 'got', 70_000, '2026-11-02');
    expect(() => db!.prepare('SELECT due_date FROM transactions').all()).toThrow(/no such column/);

    apply(db, TAG);

    expect(db.prepare('SELECT id, direction, amount_paise, entry_date, due_date FROM transactions ORDER BY id').all()).toEqual([
      { id: 'e1', direction: 'gave', amount_paise: 100_000, entry_date: '2026-11-01', due_date: null },
      { id: 'e2', direction: 'got', amount_paise: 40_000, entry_date: '2026-11-05', due_date: null },
      { id: 'e3', direction: 'got', amount_paise: 70_000, entry_date: '2026-11-02', due_date: null },
    ]);
    expect(db.prepare('SELECT party_id, balance_paise FROM party_balances ORDER BY party_id').all()).toEqual([
      { party_id: 'c1', balance_paise: 60_000 },
      { party_id: 's1', balance_paise: -70_000 },
    ]);
    expect(db.prepare('SELECT name, credit_days FROM customers').all()).toEqual([{ name: 'Anil', credit_days: null }]);
    expect(db.prepare('SELECT name, credit_days FROM suppliers').all()).toEqual([{ name: 'Gupta Traders', credit_days: null }]);
    db.prepare(`UPDATE transactions SET due_date = '2026-11-15' WHERE id = 'e1'`).run();
    db.prepare(`UPDATE customers SET credit_days = 15 WHERE id = 'c1'`).run();
    db.prepare(
      `INSERT INTO payment_promises (id, business_id, created_at, updated_at, party_type, party_id, amount_paise, promised_on, made_on) VALUES ('p1', 'b', 'x', 'x', 'customer', 'c1', 60000, '2026-11-20', '2026-11-16')`,
    ).run();
    db.prepare(
      `INSERT INTO reminders (id, business_id, created_at, updated_at, party_type, party_id, sent_at, amount_paise, channel) VALUES ('r1', 'b', 'x', 'x', 'customer', 'c1', '2026-11-16T05:00:00.000Z', 60000, 'whatsapp')`,
    ).run();
    // The walk To collect makes reads only the credit index (covering: no table lookups).
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT entry_date, amount_paise, due_date FROM transactions INDEXED BY transactions_credit_idx
          WHERE party_id = ? AND direction = 'gave' AND deleted_at IS NULL ORDER BY entry_date DESC, created_at DESC`,
      )
      .all('c1') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/COVERING INDEX transactions_credit_idx/);
    expect(db.prepare('SELECT entry_date, due_date FROM transactions INDEXED BY transactions_credit_idx WHERE party_id = ? AND direction = \'gave\' AND deleted_at IS NULL').all('c1')).toEqual([
      { entry_date: '2026-11-01', due_date: '2026-11-15' },
    ]);
  });
});
