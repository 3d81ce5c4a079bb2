import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { inspectCopy } from '../backup/inspect';
import { applyMigration, migrationTags, rowsOf } from './migration-kit';
import { openDatabase, type Sqlite } from './open';
import { BALANCES_HELD } from './party-balances';
import { repoMigrationsFolder } from './paths';

// 0016 (held balances) changes no table: it marks a database, and its backups, as one whose
// balances a pull may have held back (sync/held-balances.ts), so an app that would never rebuild
// them refuses such a backup.
const TAG = '0016_held_balances';
const journal = JSON.parse(fs.readFileSync(path.join(repoMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
const DATA = ['customers', 'transactions', 'party_balances'];
const whenOf = (tag: string) => journal.entries.find((e) => e.tag === tag)!.when;

/** A database file in a folder of its own, closed and removed when the test ends. */
function scratch(open: (file: string) => Sqlite): { db: Sqlite; file: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-held-'));
  const file = path.join(folder, 'shop.db');
  const db = open(file);
  onTestFinished(() => {
    db.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  return { db, file };
}

describe(`${TAG} on a database with data`, () => {
  it('keeps every row and balance as they were, and records the balances format', () => {
    expect(migrationTags).toContain(TAG);
    const { db } = scratch((file) => new Database(file));
    for (const t of migrationTags.slice(0, migrationTags.indexOf(TAG))) applyMigration(db, t);
    db.prepare(`INSERT INTO customers (id, business_id, created_at, updated_at, name, phone) VALUES ('c1', 'b', 'x', 'x', 'Anil', '98')`).run();
    for (const [id, direction, amount] of [['e1', 'gave', 100000], ['e2', 'got', 40000]] as const) {
      db.prepare(
        `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date) VALUES (?, 'b', 'x', 'x', 'customer', 'c1', ?, ?, '2026-11-01')`,
      ).run(id, direction, amount);
    }
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('business_id', 'b')").run();
    const before = rowsOf(db, DATA);
    expect(before.party_balances).toMatchObject([{ party_id: 'c1', balance_paise: 60000, entry_count: 2 }]);
    applyMigration(db, TAG);
    expect(rowsOf(db, DATA)).toEqual(before);
    expect(db.prepare("SELECT value FROM sync_state WHERE key = 'balances_format'").get()).toEqual({ value: 'held' });
    // Run again (a copy restored and migrated twice): nothing changes.
    db.exec(fs.readFileSync(path.join(repoMigrationsFolder(), `${TAG}.sql`), 'utf8'));
    expect(db.prepare("SELECT count(*) AS n FROM sync_state WHERE key = 'balances_format'").get()).toEqual({ n: 1 });
  });

  it('makes a backup taken while balances were held one that an app knowing only the migrations before it refuses', () => {
    const { db, file } = scratch((at) => openDatabase(at, { migrationsFolder: repoMigrationsFolder() }));
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('business_id', 'b') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    db.prepare("INSERT INTO business_settings (id, business_id, created_at, updated_at, name) VALUES ('b', 'b', 'x', 'x', 'Shop')").run();
    db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)').run(BALANCES_HELD, '1');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const previous = migrationTags[migrationTags.indexOf(TAG) - 1]!;
    expect(() => inspectCopy(file, file, { expectedBusinessId: 'b', latestMigrationAt: whenOf(previous) })).toThrow(/newer version of Lenden/);
    // This app (every migration up to the latest) restores it.
    expect(inspectCopy(file, file, { expectedBusinessId: 'b', latestMigrationAt: whenOf(migrationTags.at(-1)!) }).businessId).toBe('b');
  });
});
