import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Sqlite } from './open';
import { repoMigrationsFolder } from './paths';

// Every migration in drizzle/ gets its own test, read from the journal at run time, so a new
// migration is covered the moment it is generated.
const folder = repoMigrationsFolder();
const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
const migrations = [...journal.entries].sort((a, b) => a.idx - b.idx);
const statementsOf = (tag: string) =>
  fs
    .readFileSync(path.join(folder, `${tag}.sql`), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);

/** Objects a migration creates, read from its own SQL. */
function createdBy(tag: string): { type: string; name: string }[] {
  const created: { type: string; name: string }[] = [];
  const re = /CREATE\s+(?:UNIQUE\s+|VIRTUAL\s+)?(TABLE|INDEX|TRIGGER|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"]?(\w+)[`"]?/gi;
  for (const statement of statementsOf(tag)) {
    // strip comments so commented-out SQL is not counted
    const code = statement.replace(/--[^\n]*\n?/g, '\n');
    for (const m of code.matchAll(re)) {
      created.push({ type: m[1]!.toLowerCase(), name: m[2]! });
      // An FTS5 table brings its shadow tables with it.
      if (/CREATE\s+VIRTUAL\s+TABLE/i.test(m[0]) && /USING\s+fts5/i.test(code)) {
        for (const shadow of ['data', 'idx', 'docsize', 'config']) created.push({ type: 'table', name: `${m[2]!}_${shadow}` });
      }
    }
    // A column added to an existing table counts as an object of its own ("table.column").
    for (const m of code.matchAll(/ALTER\s+TABLE\s+[`"]?(\w+)[`"]?\s+ADD\s+(?:COLUMN\s+)?[`"]?(\w+)[`"]?/gi)) created.push({ type: 'column', name: `${m[1]!}.${m[2]!}` });
  }
  return created;
}
/** Objects a migration drops, which later objects may legitimately lack. */
function droppedBy(tag: string): Set<string> {
  const dropped = new Set<string>();
  for (const statement of statementsOf(tag)) for (const m of statement.matchAll(/DROP\s+(?:TABLE|INDEX|TRIGGER|VIEW)\s+(?:IF\s+EXISTS\s+)?[`"]?(\w+)[`"]?/gi)) dropped.add(m[1]!);
  return dropped;
}

const open: Sqlite[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-migrations-'));
  dirs.push(dir);
  return path.join(dir, 'lenden.db');
};
const track = (db: Sqlite) => (open.push(db), db);

/** Apply the first `upTo + 1` migrations by hand, statement by statement, as drizzle does. */
function applyByHand(upTo: number): Sqlite {
  const db = track(new Database(tempFile()));
  db.pragma('foreign_keys = ON');
  for (const m of migrations.slice(0, upTo + 1)) db.transaction(() => statementsOf(m.tag).forEach((s) => db.exec(s)))();
  return db;
}

const objects = (db: Sqlite) =>
  db
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY type, name")
    .all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
const has = (db: Sqlite, type: string, name: string) => {
  if (type !== 'column') return !!db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get(type, name);
  const [table, column] = name.split('.') as [string, string];
  return (db.pragma(`table_info(${table})`) as { name: string }[]).some((c) => c.name === column);
};

describe('migrations', () => {
  it('the journal lists every SQL file in drizzle/ and nothing else', () => {
    const files = fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.replace(/\.sql$/, ''))
      .sort();
    expect(migrations.map((m) => m.tag).sort()).toEqual(files);
    expect(migrations.map((m) => m.idx)).toEqual(migrations.map((_, i) => i));
  });

  // Migrations that create no object, with what they do instead.
  const CREATES_NOTHING: Record<string, (db: Database.Database) => void> = {
    // A marker of the short field-stamps form (migrations-short-stamps.test.ts upgrades data).
    '0015_short_stamps': (db) => expect(db.prepare("SELECT value FROM sync_state WHERE key = 'field_stamps_format'").get()).toEqual({ value: 'short' }),
    // A marker of balances a pull may hold back (migrations-held-balances.test.ts upgrades data).
    '0016_held_balances': (db) => expect(db.prepare("SELECT value FROM sync_state WHERE key = 'balances_format'").get()).toEqual({ value: 'held' }),
  };

  describe.each(migrations.map((m, i) => [m.tag, i] as const))('%s', (tag, index) => {
    it('applies on top of the ones before it and creates its objects', () => {
      const created = createdBy(tag);
      const own = CREATES_NOTHING[tag];
      if (own) {
        expect(created).toEqual([]);
        const db = applyByHand(index);
        own(db);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        return;
      }
      expect(created.length, 'a migration that creates nothing needs its own checks here').toBeGreaterThan(0);
      const before = index > 0 ? applyByHand(index - 1) : track(new Database(tempFile()));
      // An object the migration drops first (to re-create it differently) may exist before it.
      const replaced = droppedBy(tag);
      for (const o of created) if (!replaced.has(o.name)) expect(has(before, o.type, o.name), `${o.type} ${o.name} exists before ${tag}`).toBe(false);
      const db = applyByHand(index);
      for (const o of created) expect(has(db, o.type, o.name), `${o.type} ${o.name}`).toBe(true);
      for (const o of created.filter((c) => replaced.has(c.name))) {
        const sql = (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(o.name) as { sql: string }).sql;
        const was = (before.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(o.name) as { sql: string } | undefined)?.sql;
        expect(sql, `${o.name} is re-created differently by ${tag}`).not.toBe(was);
      }
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
  });

  it('the party balance triggers of 0001 keep party_balances right on a hand-migrated database', () => {
    const index = migrations.findIndex((m) => m.tag.startsWith('0001_'));
    expect(index).toBeGreaterThanOrEqual(0);
    const db = applyByHand(index);
    const insert = db.prepare(
      `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date)
       VALUES (?, 'b', 'x', 'x', 'customer', 'p', ?, ?, ?)`,
    );
    insert.run('t1', 'gave', 1000, '2026-01-01');
    insert.run('t2', 'got', 300, '2026-02-01');
    db.prepare("UPDATE transactions SET deleted_at = 'now' WHERE id = 't2'").run();
    expect(db.prepare("SELECT balance_paise, entry_count, last_entry_date FROM party_balances WHERE party_id = 'p'").get()).toEqual({
      balance_paise: 1000,
      entry_count: 1,
      last_entry_date: '2026-01-01',
    });
  });

  it('0006 gives changes already waiting to the signed-in user, and bills their units', () => {
    const index = migrations.findIndex((m) => m.tag.startsWith('0006_'));
    expect(index).toBeGreaterThan(0);
    const db = applyByHand(index - 1);
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('user_id', 'u-1')").run();
    const op = db.prepare('INSERT INTO outbox (op_id, table_name, row_id, fields, stamp, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    op.run('o1', 'bills', 'bill-1', '{"kind":"sale"}', 's', 'x');
    op.run('o2', 'transactions', 'posting-1', '{"bill_id":"bill-1","amount_paise":100}', 's', 'x');
    op.run('o3', 'transactions', 'entry-1', '{"amount_paise":5}', 's', 'x');
    db.prepare(
      `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date, bill_id)
       VALUES ('pay-1', 'b', 'x', 'x', 'customer', 'p', 'got', 50, '2026-01-01', 'bill-1')`,
    ).run();
    op.run('o4', 'transactions', 'pay-1', '{"amount_paise":50}', 's', 'x');
    op.run('o5', 'customers', 'c-1', '{"name":"A"}', 's', 'x');
    for (const s of statementsOf(migrations[index]!.tag)) db.exec(s);
    expect(db.prepare('SELECT op_id, user_id, unit FROM outbox ORDER BY op_id').all()).toEqual([
      { op_id: 'o1', user_id: 'u-1', unit: 'bill-1' },
      { op_id: 'o2', user_id: 'u-1', unit: 'bill-1' },
      { op_id: 'o3', user_id: 'u-1', unit: null },
      { op_id: 'o4', user_id: 'u-1', unit: 'bill-1' },
      { op_id: 'o5', user_id: 'u-1', unit: null },
    ]);
  });

  it('0011 gives every party a balance row, for parties already there and parties made later', () => {
    const index = migrations.findIndex((m) => m.tag.startsWith('0011_'));
    expect(index).toBeGreaterThan(0);
    const db = applyByHand(index - 1);
    const party = db.prepare(`INSERT INTO customers (id, business_id, created_at, updated_at, name, field_stamps) VALUES (?, 'b', 'x', 'x', ?, '{}')`);
    party.run('c-no-entries', 'Quiet');
    party.run('c-with-entry', 'Busy');
    db.prepare(`INSERT INTO suppliers (id, business_id, created_at, updated_at, name, field_stamps) VALUES ('s-1', 'b', 'x', 'x', 'Supplier', '{}')`).run();
    db.prepare(
      `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date)
       VALUES ('t1', 'b', 'x', 'x', 'customer', 'c-with-entry', 'gave', 500, '2026-01-01')`,
    ).run();
    for (const s of statementsOf(migrations[index]!.tag)) db.exec(s);
    party.run('c-later', 'Later');
    expect(db.prepare('SELECT party_id, party_type, balance_paise, entry_count FROM party_balances ORDER BY party_id').all()).toEqual([
      { party_id: 'c-later', party_type: 'customer', balance_paise: 0, entry_count: 0 },
      { party_id: 'c-no-entries', party_type: 'customer', balance_paise: 0, entry_count: 0 },
      { party_id: 'c-with-entry', party_type: 'customer', balance_paise: 500, entry_count: 1 },
      { party_id: 's-1', party_type: 'supplier', balance_paise: 0, entry_count: 0 },
    ]);
  });

  it('every object of the final schema is created by some migration and not dropped later', () => {
    const db = applyByHand(migrations.length - 1);
    const made = new Set(migrations.flatMap((m) => createdBy(m.tag).map((o) => `${o.type}:${o.name}`)));
    const dropped = new Set(migrations.flatMap((m) => [...droppedBy(m.tag)]));
    for (const o of objects(db)) expect(made.has(`${o.type}:${o.name}`) || o.sql === null, `${o.type} ${o.name}`).toBe(true);
    for (const key of made) {
      const [type, name] = key.split(':') as [string, string];
      if (!dropped.has(name)) expect(has(db, type, name), key).toBe(true);
    }
  });

  it("the hand-applied schema equals what drizzle's migrator produces", () => {
    const byHand = applyByHand(migrations.length - 1);
    const migrated = track(openDatabase(tempFile(), { migrationsFolder: folder }));
    expect(objects(migrated)).toEqual(objects(byHand));
    const applied = migrated.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(migrations.length);
  });

  it('opening an existing database again is a no-op that keeps its data', () => {
    const file = tempFile();
    const first = track(openDatabase(file, { migrationsFolder: folder }));
    first.prepare("INSERT INTO sync_state (key, value) VALUES ('k', 'v')").run();
    const schema = objects(first);
    const applied = first.prepare('SELECT * FROM __drizzle_migrations ORDER BY id').all();
    first.close();
    for (let i = 0; i < 2; i++) {
      const again = track(openDatabase(file, { migrationsFolder: folder }));
      expect(objects(again)).toEqual(schema);
      expect(again.prepare('SELECT * FROM __drizzle_migrations ORDER BY id').all()).toEqual(applied);
      expect(again.prepare("SELECT value FROM sync_state WHERE key = 'k'").get()).toEqual({ value: 'v' });
      again.close();
    }
  });

  it('opens with the durability pragmas', () => {
    const db = track(openDatabase(tempFile(), { migrationsFolder: folder }));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    // Statement journals in memory: a write that fires a trigger (every entry, every party)
    // would otherwise open a temporary file, about three times its cost.
    expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
  });
});
