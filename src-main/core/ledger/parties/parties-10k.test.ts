import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Party } from '../../../contract';
import { createTestCore, type TestCore } from '../../testing';
import { insertEntry } from '../entries/entries';

// Correctness (not speed) of listing and searching a big party list: every page, sort, filter
// and search is checked against the same answer computed in plain TypeScript.

const N = 10_000;
const first = ['Ramesh', 'suresh', 'ANITA', 'Mohan', 'Geeta', 'रमेश', 'सीता', 'Zoë', 'Abdul', 'Kiran'];
const last = ['Kumar', 'Traders', 'स्टोर्स', 'and Sons', '50% Mart', 'a_b', 'Patel', 'Singh'];

interface Expected {
  id: string;
  name: string;
  fold: string;
  phone: string | null;
  balance: number;
  lastDate: string | null;
  created: string;
}

let t: TestCore;
let all: Expected[];
const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
const byNameThenId = (a: Expected, b: Expected) => (a.fold < b.fold ? -1 : a.fold > b.fold ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

beforeAll(async () => {
  t = createTestCore();
  const rows = Array.from({ length: N }, (_, i) => ({
    name: `${first[i % first.length]} ${last[(i * 7) % last.length]} ${i}`,
    phone: i % 3 === 0 ? null : `9${String(i * 7919).padStart(9, '0')}`,
  }));
  const created: Party[] = [];
  for (let i = 0; i < N; i += 5000) created.push(...(await t.call('parties.batchCreate', { type: 'customer', parties: rows.slice(i, i + 5000) })));
  expect(created).toHaveLength(N);
  // entries for a third of the parties: some end positive, some negative, some settled
  const balance = new Map<string, number>();
  const lastDate = new Map<string, string>();
  t.core.ctx.transact(() => {
    created.forEach((p, i) => {
      if (i % 3 !== 1) return;
      const date = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      const gave = 100 + (i % 977);
      const got = i % 5 === 1 ? gave : (i * 31) % 1500;
      insertEntry(t.core.ctx, { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: gave, date, note: null });
      if (got > 0) insertEntry(t.core.ctx, { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: got, date, note: null });
      balance.set(p.id, gave - got);
      lastDate.set(p.id, date);
    });
  });
  all = created.map((p) => ({
    id: p.id,
    name: p.name,
    fold: asciiLower(p.name),
    phone: p.phone,
    balance: balance.get(p.id) ?? 0,
    lastDate: lastDate.get(p.id) ?? null,
    created: p.createdAt.slice(0, 10),
  }));
}, 120_000);
afterAll(() => t.close());

async function listAll(input: { search?: string; filter?: 'all' | 'get' | 'give' | 'settled'; sort?: 'name' | 'balance-desc' | 'balance-asc' | 'recent' }) {
  const items: Party[] = [];
  let total = -1;
  for (let offset = 0; ; offset += 1000) {
    const page = await t.call('parties.list', { type: 'customer', ...input, offset, limit: 1000 });
    total = page.total;
    items.push(...page.items);
    if (page.items.length < 1000) break;
  }
  expect(items).toHaveLength(total);
  return items;
}

describe('10,000 parties', () => {
  it('lists every party once, by name, across pages', async () => {
    const items = await listAll({ sort: 'name' });
    expect(items.map((p) => p.id)).toEqual([...all].sort(byNameThenId).map((e) => e.id));
  });

  it('sorts by balance both ways and by recent activity, consistently with the balances', async () => {
    const want = new Map(all.map((e) => [e.id, e]));
    const desc = await listAll({ sort: 'balance-desc' });
    expect(desc).toHaveLength(N);
    const outOfOrder = (items: Party[], before: (a: Expected, b: Expected) => boolean) =>
      items.slice(1).flatMap((p, i) => (before(want.get(items[i]!.id)!, want.get(p.id)!) ? [] : [`${items[i]!.name} / ${p.name}`]));
    expect(outOfOrder(desc, (a, b) => a.balance > b.balance || (a.balance === b.balance && a.fold <= b.fold))).toEqual([]);
    expect(outOfOrder(await listAll({ sort: 'balance-asc' }), (a, b) => a.balance < b.balance || (a.balance === b.balance && a.fold <= b.fold))).toEqual([]);
    const activity = (e: Expected) => e.lastDate ?? e.created;
    expect(outOfOrder(await listAll({ sort: 'recent' }), (a, b) => activity(a) >= activity(b))).toEqual([]);
    expect(desc.filter((p) => p.balancePaise !== want.get(p.id)!.balance)).toEqual([]);
  });

  it('filters and totals agree with a recomputation', async () => {
    const get = all.filter((e) => e.balance > 0);
    const give = all.filter((e) => e.balance < 0);
    const settled = all.filter((e) => e.balance === 0);
    expect(get.length * give.length * settled.length).toBeGreaterThan(0);
    expect(new Set((await listAll({ filter: 'get' })).map((p) => p.id))).toEqual(new Set(get.map((e) => e.id)));
    expect(new Set((await listAll({ filter: 'give' })).map((p) => p.id))).toEqual(new Set(give.map((e) => e.id)));
    expect(new Set((await listAll({ filter: 'settled' })).map((p) => p.id))).toEqual(new Set(settled.map((e) => e.id)));
    const page = await t.call('parties.list', { type: 'customer', limit: 1 });
    expect(page.totals).toEqual({
      youWillGetPaise: get.reduce((s, e) => s + e.balance, 0),
      youWillGivePaise: give.reduce((s, e) => s - e.balance, 0),
    });
  });

  it.each(['ramesh', 'RAMESH', 'रमेश', 'स्टोर', 'zoë', '50%', 'a_b', '%', '_', ' 123', '9000', '79190', 'nobody-has-this', 'Sons 99'])(
    'search %j finds exactly the matching parties',
    async (search) => {
      const q = asciiLower(search.normalize('NFC').trim());
      const digits = search.replace(/[\s+-]/g, '');
      const byPhone = /^\d{3,}$/.test(digits);
      const expected = all.filter((e) => e.fold.includes(q) || (byPhone && e.phone !== null && e.phone.includes(digits))).sort(byNameThenId);
      const items = await listAll({ search, sort: 'name' });
      expect(items.map((p) => p.id)).toEqual(expected.map((e) => e.id));
    },
  );
});
