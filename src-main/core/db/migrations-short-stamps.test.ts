import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { inspectCopy } from '../backup/inspect';
import { applyMigration, migrationTags, rowsOf } from './migration-kit';
import { openDatabase, type Sqlite } from './open';
import { repoMigrationsFolder } from './paths';
import { rowStamps } from './stamps';

// 0015 (short stamps) changes no table: it marks a database, and its backups, as one whose
// pulled rows may keep their stamps short, so an app that does not know that form refuses them.
const TAG = '0015_short_stamps';
const journal = JSON.parse(fs.readFileSync(path.join(repoMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
const DATA = ['customers', 'transactions', 'party_balances'];
const whenOf = (tag: string) => journal.entries.find((e) => e.tag === tag)!.when;

/** A database file in a folder of its own, closed and removed when the test ends. */
function scratch(open: (file: string) => Sqlite): Sqlite {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-stamps-'));
  const handle = open(path.join(folder, 'shop.db'));
  onTestFinished(() => {
    handle.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  return handle;
}

describe(`${TAG} on a database with data`, () => {
  it('keeps every row and its stamps as they were, and records the stamps format', () => {
    expect(migrationTags).toContain(TAG);
    const db = scratch((file) => new Database(file));
    for (const t of migrationTags.slice(0, migrationTags.indexOf(TAG))) applyMigration(db, t);
    const S = '2026-11-25T10:00:00.000Z-0001-00000000000000a1';
    const long = JSON.stringify({ created_at: S, updated_at: S, name: S, phone: S });
    db.prepare(`INSERT INTO customers (id, business_id, created_at, updated_at, name, phone, field_stamps) VALUES ('c1', 'b', 'x', 'x', 'Anil', '98', ?)`).run(long);
    db.prepare(
      `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date, field_stamps) VALUES ('e1', 'b', 'x', 'x', 'customer', 'c1', 'gave', 100000, '2026-11-01', ?)`,
    ).run(long);
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('business_id', 'b')").run();
    const before = rowsOf(db, DATA);
    applyMigration(db, TAG);
    expect(rowsOf(db, DATA)).toEqual(before);
    expect(rowStamps(db, 'customers', (db.prepare('SELECT field_stamps FROM customers').get() as { field_stamps: string }).field_stamps)).toEqual(JSON.parse(long));
    expect(db.prepare("SELECT value FROM sync_state WHERE key = 'field_stamps_format'").get()).toEqual({ value: 'short' });
    // Run again (a copy restored and migrated twice): nothing changes.
    db.exec(fs.readFileSync(path.join(repoMigrationsFolder(), `${TAG}.sql`), 'utf8'));
    expect(db.prepare("SELECT count(*) AS n FROM sync_state WHERE key = 'field_stamps_format'").get()).toEqual({ n: 1 });
  });

  it('makes a backup of such a database one that an app knowing only the migrations before it refuses', () => {
    let file = '';
    const db = scratch((at) => openDatabase((file = at), { migrationsFolder: repoMigrationsFolder() }));
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('business_id', 'b') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    db.prepare("INSERT INTO business_settings (id, business_id, created_at, updated_at, name) VALUES ('b', 'b', 'x', 'x', 'Shop')").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const previous = migrationTags[migrationTags.indexOf(TAG) - 1]!;
    expect(() => inspectCopy(file, file, { expectedBusinessId: 'b', latestMigrationAt: whenOf(previous) })).toThrow(/newer version of Lenden/);
    // This app (every migration up to the latest) restores it.
    expect(inspectCopy(file, file, { expectedBusinessId: 'b', latestMigrationAt: whenOf(migrationTags.at(-1)!) }).businessId).toBe('b');
  });
});
