import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Sqlite } from './open';
import { repoMigrationsFolder } from './paths';
import { DEFERRABLE_INDEXES, deferIndexes, deferredIndexNames, rebuildDeferredIndexes } from './deferred-indexes';
import { createTestCore, manualClock } from '../testing';

// Lookup indexes a large pull leaves out and builds once its rows are in. Nothing may be lost
// on the way: the same indexes come back (to the letter), a unique index is never dropped,
// queries answer the same meanwhile, and a database closed while they are out (a crash) gets
// them back when it opens again, even when what was recorded is damaged.

const dirs: string[] = [];
const open = (file?: string): { db: Sqlite; file: string } => {
  const at = file ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-idx-')), 'lenden.db');
  if (!file) dirs.push(path.dirname(at));
  return { db: openDatabase(at, { migrationsFolder: repoMigrationsFolder() }), file: at };
};
const indexes = (db: Sqlite) =>
  db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[];
const ALL = [...DEFERRABLE_INDEXES.books, ...DEFERRABLE_INDEXES.history];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A party with entries on several days, straight into SQLite. */
function someBooks(db: Sqlite): void {
  db.prepare("INSERT INTO customers (id, business_id, name, created_at, updated_at, field_stamps) VALUES ('p1', 'b1', 'Ramesh', 't', 't', '{}')").run();
  const add = db.prepare(
    "INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date, field_stamps) VALUES (?, 'b1', ?, ?, 'customer', 'p1', ?, ?, ?, '{}')",
  );
  for (let i = 0; i < 40; i++) add.run(`e${i}`, `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`, 't', i % 3 ? 'gave' : 'got', 100 + i, `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`);
}

const ledger = (db: Sqlite) =>
  db.prepare("SELECT id, amount_paise FROM transactions WHERE party_id = 'p1' AND deleted_at IS NULL ORDER BY entry_date, created_at, id").all();

describe('deferred lookup indexes', () => {
  it('leaves the listed lookups out, answers the same meanwhile, and builds exactly the same ones again', () => {
    const { db } = open();
    someBooks(db);
    const before = indexes(db);
    const answer = ledger(db);
    for (const name of ALL) expect(before.map((i) => i.name)).toContain(name);

    expect(deferIndexes(db, ALL).sort()).toEqual([...ALL].sort());
    expect(deferredIndexNames(db).sort()).toEqual([...ALL].sort());
    const during = indexes(db).map((i) => i.name);
    for (const name of ALL) expect(during).not.toContain(name);
    // The pull's own lookups stay (bills are recomputed from their entries by bill_id).
    expect(during).toContain('transactions_bill_idx');
    expect(ledger(db)).toEqual(answer);

    // The books first, the history after: each set comes back on its own.
    expect(rebuildDeferredIndexes(db, DEFERRABLE_INDEXES.books).sort()).toEqual([...DEFERRABLE_INDEXES.books].sort());
    expect(deferredIndexNames(db)).toEqual([...DEFERRABLE_INDEXES.history]);
    expect(rebuildDeferredIndexes(db)).toEqual([...DEFERRABLE_INDEXES.history]);
    expect(indexes(db)).toEqual(before);
    expect(deferredIndexNames(db)).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM sync_state WHERE key = 'deferred_indexes'").get()).toEqual({ n: 0 });
    // Nothing left to build: nothing happens.
    expect(rebuildDeferredIndexes(db)).toEqual([]);
    db.close();
  });

  it('never drops a unique index, whatever it is asked', () => {
    const { db } = open();
    const before = indexes(db);
    expect(deferIndexes(db, ['audit_op_idx', 'sync_quarantine_pk', 'no_such_index'])).toEqual([]);
    expect(indexes(db)).toEqual(before);
    expect(deferredIndexNames(db)).toEqual([]);
    db.close();
  });

  it('builds them again when a database closed while they were out opens (a crash mid-pull)', () => {
    const first = open();
    someBooks(first.db);
    const before = indexes(first.db);
    deferIndexes(first.db, ALL);
    first.db.close();

    const again = open(first.file);
    expect(indexes(again.db)).toEqual(before);
    expect(deferredIndexNames(again.db)).toEqual([]);
    expect(ledger(again.db)).toHaveLength(40);
    again.db.close();
  });

  it('opens a database whose record of them is damaged or altered, runs none of it, and drops only that record', () => {
    const first = open();
    someBooks(first.db);
    const before = indexes(first.db);
    const altered = [
      'not json',
      '{"name":"x"}',
      JSON.stringify([{ name: 'evil', sql: 'DROP TABLE transactions' }, 42, null]),
      // A listed name, but more than its index: never run.
      JSON.stringify([{ name: 'transactions_party_idx', sql: 'CREATE INDEX `transactions_party_idx` ON `transactions` (`party_id`); DELETE FROM transactions' }]),
      // A listed name with another index's SQL, and an index this module never leaves out.
      JSON.stringify([{ name: 'transactions_party_idx', sql: 'CREATE INDEX `other` ON `transactions` (`note`)' }, { name: 'customers_name', sql: 'CREATE INDEX `customers_name` ON `customers` (`name`)' }]),
    ];
    for (const value of altered) {
      first.db.prepare("INSERT INTO sync_state (key, value) VALUES ('deferred_indexes', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(value);
      first.db.close();
      first.db = open(first.file).db;
      expect(indexes(first.db), value).toEqual(before);
      expect(first.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 40 });
      expect(first.db.prepare("SELECT count(*) AS n FROM sync_state WHERE key = 'deferred_indexes'").get()).toEqual({ n: 0 });
    }
    first.db.close();
  });

  it('lets no query name a listed index with a written INDEXED BY (SQLite refuses it while the index is out): only through indexedBy', () => {
    const root = path.resolve(repoMigrationsFolder(), '..', 'src-main');
    const named = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const at = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(at);
        else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
          const text = fs.readFileSync(at, 'utf8');
          for (const m of text.matchAll(/INDEXED BY\s+(\w+)/gi)) named.add(m[1]!);
          // A hint built from a value is only indexedBy's own (it checks the index is there).
          if (/INDEXED BY\s*\$\{/i.test(text) && !at.endsWith(path.join('db', 'deferred-indexes.ts'))) named.add(`template in ${entry.name}`);
        }
      }
    };
    walk(root);
    // The scan finds the ones there are (collections name their reminders' index).
    expect(named).toContain('reminders_party_idx');
    for (const name of ALL) expect(named).not.toContain(name);
    expect([...named].filter((n) => n.startsWith('template in'))).toEqual([]);
  });
});

describe('the screens while the lookups are out', () => {
  it('answer the party ledger, dues and To collect exactly as with them', async () => {
    // The clock stands still: entries of a day are made at the same moment, so the dues take
    // them in the credit index's order, or in the same order written out when it is out.
    const t = createTestCore({ now: manualClock('2026-11-29T06:00:00.000Z').now });
    try {
      const ramesh = await t.call('parties.create', { type: 'customer', name: 'Ramesh' });
      for (let i = 0; i < 30; i++) {
        const dueDate = ['2026-11-20', '2026-11-29', '2026-12-03', null][i % 4];
        await t.call('entries.add', { partyType: 'customer', partyId: ramesh.id, direction: i % 5 ? 'gave' : 'got', amountPaise: 5_000 - 100 * i, date: `2026-11-${String(1 + (i % 3)).padStart(2, '0')}`, ...(dueDate && i % 5 ? { dueDate } : {}) });
      }
      const screens = async () => ({
        ledger: await t.call('entries.ledger', { partyType: 'customer', partyId: ramesh.id }),
        dues: await t.call('collections.party', { partyType: 'customer', partyId: ramesh.id }),
        toCollect: await t.call('collections.list', {}),
        party: await t.call('parties.get', { type: 'customer', id: ramesh.id }),
      });
      const before = await screens();
      expect(before.ledger.rows.length).toBe(30);
      // Real answers: something overdue, due today and upcoming, split by payments across entries made at one moment.
      expect([before.toCollect.overdue.length, before.toCollect.dueToday.length, before.toCollect.upcoming.length]).toEqual([1, 1, 1]);
      expect(deferIndexes(t.core.db, ALL).sort()).toEqual([...ALL].sort());
      expect(await screens()).toEqual(before);
      rebuildDeferredIndexes(t.core.db);
      expect(await screens()).toEqual(before);
    } finally {
      await t.close();
    }
  });
});
