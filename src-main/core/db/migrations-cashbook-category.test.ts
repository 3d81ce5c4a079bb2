import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sqlite } from './open';
import { applyMigration, migrationTags } from './migration-kit';

// 0012 (cashbook categories) upgrades a database that already holds cashbook entries from the
// schema before it: the entries stay, their category is empty, and new entries can carry one.
const tags = migrationTags;
const TAG = '0012_cashbook_category';
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
  it('keeps every cashbook entry and adds an empty category that new rows can set', () => {
    expect(tags).toContain(TAG);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-mig-'));
    db = new Database(path.join(dir, 'l.db'));
    for (const t of tags.slice(0, tags.indexOf(TAG))) apply(db, t);
    const insert = db.prepare(
      `INSERT INTO cashbook_entries (id, business_id, created_at, updated_at, direction, amount_paise, mode, entry_date, note) VALUES (?, 'b', 'x', 'x', ?, ?, ?, ?, ?)`,
    );
    insert.run('e1', 'out', 1_500_000, 'cash', '2026-11-01', 'Shop rent');
    insert.run('e2', 'in', 20_000, 'online', '2026-11-02', null);
    expect(() => db!.prepare('SELECT category FROM cashbook_entries').all()).toThrow(/no such column/);

    apply(db, TAG);

    expect(db.prepare('SELECT id, direction, amount_paise, mode, entry_date, note, category FROM cashbook_entries ORDER BY id').all()).toEqual([
      { id: 'e1', direction: 'out', amount_paise: 1_500_000, mode: 'cash', entry_date: '2026-11-01', note: 'Shop rent', category: null },
      { id: 'e2', direction: 'in', amount_paise: 20_000, mode: 'online', entry_date: '2026-11-02', note: null, category: null },
    ]);
    db.prepare(`UPDATE cashbook_entries SET category = 'rent' WHERE id = 'e1'`).run();
    expect(db.prepare(`SELECT category FROM cashbook_entries WHERE id = 'e1'`).get()).toEqual({ category: 'rent' });
    // The day index the cashbook and the profit and loss read is still there.
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cashbook_entries'`).all()).toContainEqual({ name: 'cashbook_day_idx' });
  });
});
