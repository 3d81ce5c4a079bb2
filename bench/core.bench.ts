import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestCore } from '../src-main/core/testing';
import { newId } from '../src-main/core/util/ids';
import { round, summarize, timeMany, type Figure } from './stats';

/** "Add an entry" through the core (validation, row, outbox op, audit, balance trigger) vs a raw insert. */
export async function benchAddEntry(): Promise<Figure[]> {
  const t = createTestCore();
  const party = await t.call('parties.create', { type: 'customer', name: 'Bench' });
  for (let i = 0; i < 200; i++) await t.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 100 + i });
  const core = await timeMany(2000, (i) => t.call('entries.add', { partyType: 'customer', partyId: party.id, direction: i % 2 ? 'got' : 'gave', amountPaise: 100 + i }));
  await t.close();

  // Raw: one row, same durability (WAL + synchronous=FULL), same table shape, no outbox.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-raw-'));
  const db = new Database(path.join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, business_id TEXT, party_id TEXT, direction TEXT, amount_paise INTEGER, entry_date TEXT, note TEXT, created_at TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const raw = await timeMany(2000, (i) => insert.run(newId(), 'b', 'p', 'gave', 100 + i, '2026-11-25', null, new Date().toISOString()));
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const c = summarize(core);
  const r = summarize(raw);
  return [
    { name: 'add entry via core: median', value: round(c.median), unit: 'ms' },
    { name: 'add entry via core: p99', value: round(c.p99), unit: 'ms' },
    { name: 'raw better-sqlite3 insert: median', value: round(r.median), unit: 'ms' },
    { name: 'raw better-sqlite3 insert: p99', value: round(r.p99), unit: 'ms' },
    { name: 'core / raw (median)', value: round(c.median / r.median, 2), unit: 'x', target: '<= 3x' },
  ];
}

/** Seed parties and entries straight into SQLite (the triggers keep balances), fast. */
export function seedLedger(t: ReturnType<typeof createTestCore>, parties: number, entries: number, oneParty?: { id: string; entries: number }) {
  const db = t.core.db;
  const business = t.core.businessId;
  const now = new Date().toISOString();
  const ids: string[] = [];
  const names = ['Ramesh', 'Suresh', 'Sita', 'Gita', 'Mohan', 'रमेश', 'सीता', 'Anil', 'Kavita', 'Imran', 'Joseph', 'Harpreet'];
  db.transaction(() => {
    const ins = db.prepare('INSERT INTO customers (id, business_id, created_at, updated_at, name, phone, field_stamps) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < parties; i++) {
      const id = newId();
      ids.push(id);
      ins.run(id, business, now, now, `${names[i % names.length]} ${i}`, `9${String(100000000 + i).padStart(9, '0')}`, '{}');
    }
  })();
  const tx = db.prepare(
    'INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date, note, field_stamps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const chunk = 100_000;
  for (let done = 0; done < entries; done += chunk) {
    db.transaction(() => {
      for (let j = done; j < Math.min(entries, done + chunk); j++) {
        const day = `2025-${String((j % 12) + 1).padStart(2, '0')}-${String((j % 28) + 1).padStart(2, '0')}`;
        tx.run(newId(), business, now, now, 'customer', ids[j % ids.length], j % 3 ? 'gave' : 'got', 100 + (j % 5000), day, null, '{}');
      }
    })();
  }
  if (oneParty) {
    db.transaction(() => {
      for (let j = 0; j < oneParty.entries; j++) {
        const day = `2024-${String((j % 12) + 1).padStart(2, '0')}-${String((j % 28) + 1).padStart(2, '0')}`;
        tx.run(newId(), business, new Date(Date.now() + j).toISOString(), now, 'customer', oneParty.id, j % 3 ? 'gave' : 'got', 100 + j, day, null, '{}');
      }
    })();
  }
  db.pragma('optimize');
  return ids;
}

export async function benchLists(): Promise<Figure[]> {
  const t = createTestCore();
  const big = await t.call('parties.create', { type: 'customer', name: 'Big Ledger' });
  const t0 = performance.now();
  seedLedger(t, 10_000, 1_000_000, { id: big.id, entries: 20_000 });
  const seedMs = performance.now() - t0;
  const list = summarize(await timeMany(30, () => t.call('parties.list', { type: 'customer', sort: 'balance-desc', limit: 200 })));
  const byName = summarize(await timeMany(30, () => t.call('parties.list', { type: 'customer', sort: 'name', limit: 200 })));
  const search = summarize(await timeMany(30, (i) => t.call('parties.list', { type: 'customer', search: ['ramesh 12', 'सीता', 'kav', '91000004'][i % 4]! })));
  const ledger = summarize(await timeMany(30, () => t.call('entries.ledger', { partyType: 'customer', partyId: big.id, limit: 200 })));
  const page = await t.call('entries.ledger', { partyType: 'customer', partyId: big.id, limit: 200 });
  const deep = summarize(await timeMany(30, () => t.call('entries.ledger', { partyType: 'customer', partyId: big.id, limit: 200, after: page.next! })));
  await t.close();
  return [
    { name: 'seed 10k parties + 1.02M entries', value: round(seedMs / 1000, 1), unit: 's', note: 'setup, not a target' },
    { name: 'customer list with balances, sorted by balance (10k / 1M): median', value: round(list.median), unit: 'ms', target: '< 50 ms' },
    { name: 'customer list with balances, sorted by balance: p99', value: round(list.p99), unit: 'ms' },
    { name: 'customer list sorted by name: median', value: round(byName.median), unit: 'ms', target: '< 50 ms' },
    { name: 'name / phone search (10k / 1M): median', value: round(search.median), unit: 'ms', target: '< 50 ms' },
    { name: 'name / phone search: p99', value: round(search.p99), unit: 'ms' },
    { name: 'open ledger of 20k entries, first 200 rows with running balance: median', value: round(ledger.median), unit: 'ms', target: '< 30 ms' },
    { name: 'ledger next page (rows 201-400): median', value: round(deep.median), unit: 'ms' },
  ];
}
