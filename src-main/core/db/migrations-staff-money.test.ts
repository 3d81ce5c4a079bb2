import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sqlite } from './open';
import { applyMigration, migrationTags } from './migration-kit';

// 0013 (staff money) upgrades a database that already holds cashbook entries (a salary paid
// before staff payments existed among them): the entries stay as they were, unlinked, and new
// entries can name a staff member, salary or advance, and a month, found by cashbook_staff_idx.
const tags = migrationTags;
const TAG = tags.find((t) => t.endsWith('_staff_money'))!;
const apply = applyMigration;

let dir: string | null = null;
let db: Sqlite | null = null;
afterEach(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  db = null;
  dir = null;
});

describe('staff money migration on a database with data', () => {
  it('keeps every cashbook entry unlinked and lets new ones name a staff payment', () => {
    expect(TAG).toBeDefined();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-mig-'));
    db = new Database(path.join(dir, 'l.db'));
    for (const t of tags.slice(0, tags.indexOf(TAG))) apply(db, t);
    const insert = db.prepare(
      `INSERT INTO cashbook_entries (id, business_id, created_at, updated_at, direction, amount_paise, mode, entry_date, note, category) VALUES (?, 'b', 'x', 'x', ?, ?, ?, ?, ?, ?)`,
    );
    insert.run('e1', 'out', 1_500_000, 'cash', '2026-11-01', 'Ramesh salary', 'salary');
    insert.run('e2', 'in', 20_000, 'online', '2026-11-02', null, null);
    expect(() => db!.prepare('SELECT staff_id FROM cashbook_entries').all()).toThrow(/no such column/);

    apply(db, TAG);

    expect(db.prepare('SELECT id, direction, amount_paise, mode, entry_date, note, category, staff_id, staff_pay, pay_month FROM cashbook_entries ORDER BY id').all()).toEqual([
      { id: 'e1', direction: 'out', amount_paise: 1_500_000, mode: 'cash', entry_date: '2026-11-01', note: 'Ramesh salary', category: 'salary', staff_id: null, staff_pay: null, pay_month: null },
      { id: 'e2', direction: 'in', amount_paise: 20_000, mode: 'online', entry_date: '2026-11-02', note: null, category: null, staff_id: null, staff_pay: null, pay_month: null },
    ]);
    db.prepare(`UPDATE cashbook_entries SET staff_id = 's1', staff_pay = 'salary', pay_month = '2026-10' WHERE id = 'e1'`).run();
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM cashbook_entries WHERE business_id = 'b' AND staff_id IS NOT NULL`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/cashbook_staff_idx/);
    expect(db.prepare(`SELECT id, pay_month FROM cashbook_entries WHERE business_id = 'b' AND staff_id IS NOT NULL`).all()).toEqual([{ id: 'e1', pay_month: '2026-10' }]);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cashbook_entries'`).all()).toContainEqual({ name: 'cashbook_day_idx' });
  });
});
