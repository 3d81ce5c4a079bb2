import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { LocalSupabase } from './index';
import { eventually, serverBefore } from './migration-kit';
import { claim, customerCreate, edit, newId, newUser, pushOk, stamp, transactionCreate, type Op } from './testkit';

// 20261212000000_push_checks: cheaper id, date, timestamp and stamp checks and a row-stamp
// trigger without a query per row. Every answer must stay what it was: the checks are asked
// the same thousands of edge cases and garbage strings before and after the upgrade, the
// trigger's summaries are compared with lenden.stamp_summary (the way it worked before) on
// odd field_stamps objects, and a server holding a shop's rows keeps pushing as before.

const MINE = '20261212000000_push_checks.sql';

let sb: LocalSupabase;
let server: Awaited<ReturnType<typeof serverBefore>>;
let owner: { client: SupabaseClient; id: string };
const B = newId();
const T = Date.parse('2026-11-25T10:00:00.000Z');
let ramesh: Op;
let before: Map<string, [boolean, boolean, boolean, boolean]>;

/** A small seeded generator, so a failure names the same strings on every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
}

/** Strings at and around every edge of the four checks. */
function corpus(): string[] {
  const out = new Set<string>(['', ' ', '-', '_', 'a', 'Z', '0']);
  const years = ['0000', '0001', '0099', '0999', '1000', '1582', '1899', '1900', '1999', '2000', '2024', '2026', '2100', '2400', '9998', '9999'];
  const two = (n: number) => String(n).padStart(2, '0');
  for (const y of years) for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) {
    out.add(`${y}-${two(m)}-${two(d)}`);
    out.add(`${y}-${two(m)}-${two(d)}T10:00:00.000Z`);
  }
  for (const day of ['2026-11-25', '2024-02-29', '2026-02-29', '2026-12-31', '9999-12-31', '0001-01-01', '2026-04-31']) {
    for (const h of [0, 9, 23, 24, 25, 99]) for (const mi of [0, 59, 60]) for (const s of [0, 59, 60, 61]) out.add(`${day}T${two(h)}:${two(mi)}:${two(s)}.000Z`);
  }
  // Every character swapped in at every position of a good date, timestamp, stamp and id.
  const chars = ['0', '5', '9', 'a', 'f', 'g', 'A', 'F', 'T', 'Z', 'z', 't', ' ', '-', '_', ':', '.', '+', '/', '\n', '\t', 'é', '٣', '５', '0̸', 'x'];
  const good = ['2026-11-25', '2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z-0001-00000000000000a1', 'b_9-Zz'];
  for (const g of good) {
    for (let i = 0; i <= g.length; i++) {
      for (const c of chars) {
        out.add(g.slice(0, i) + c + g.slice(i + 1)); // replaced
        out.add(g.slice(0, i) + c + g.slice(i)); // inserted
      }
      out.add(g.slice(0, i) + g.slice(i + 1)); // dropped
    }
    out.add(g.toUpperCase());
    out.add(` ${g}`);
    out.add(`${g}\n`);
  }
  // Ids of every length around the limit, and every ASCII character in one.
  for (const n of [1, 2, 63, 64, 65, 100]) out.add('x'.repeat(n));
  for (let code = 1; code < 128; code++) out.add(`id${String.fromCharCode(code)}x`);
  // Random strings over the characters the checks care about.
  const next = random(20261212);
  const alphabet = '0123456789abcdefABCDEF-T:.Z_ xé';
  for (let i = 0; i < 3_000; i++) {
    const len = Math.floor(next() * 50);
    let s = '';
    for (let j = 0; j < len; j++) s += alphabet[Math.floor(next() * alphabet.length)];
    out.add(s);
  }
  return [...out];
}

const STRINGS = corpus();

async function answers(): Promise<Map<string, [boolean, boolean, boolean, boolean]>> {
  const rows = await sb.sql<{ v: string; id: boolean; d: boolean; ts: boolean; st: boolean }>(
    `select v, lenden.valid_id(v) as id, lenden.valid_date(v) as d, lenden.valid_ts(v) as ts, lenden.valid_stamp(v) as st
       from unnest($1::text[]) as v`,
    [STRINGS],
  );
  return new Map(rows.map((r) => [r.v, [r.id, r.d, r.ts, r.st]]));
}

beforeAll(async () => {
  server = await serverBefore(MINE);
  sb = server.sb;
  owner = await newUser(sb, 'owner');
  await claim(owner.client, B, 'Sharma Kirana');
  ramesh = customerCreate(B, { name: 'Ramesh' }, stamp(T));
  const entries = Array.from({ length: 20 }, (_, i) => transactionCreate(B, ramesh.row_id, { amount_paise: 1_000 + i }, stamp(T + 1)));
  await pushOk(owner.client, B, [ramesh, ...entries]);
  before = await answers();
  await server.upgrade();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe(`${MINE} on a server with data`, () => {
  it('answers every id, date, timestamp and stamp check exactly as before', async () => {
    const after = await answers();
    const differ = STRINGS.filter((s) => JSON.stringify(before.get(s)) !== JSON.stringify(after.get(s)));
    expect(differ.map((s) => [s, before.get(s), after.get(s)])).toEqual([]);
    // The corpus reaches both answers of every check.
    for (let k = 0; k < 4; k++) {
      const yes = STRINGS.filter((s) => after.get(s)![k]).length;
      expect(yes).toBeGreaterThan(0);
      expect(yes).toBeLessThan(STRINGS.length);
    }
    expect(await sb.sql('select lenden.valid_id(null) as id, lenden.valid_date(null) as d, lenden.valid_ts(null) as ts, lenden.valid_stamp(null) as st')).toEqual([
      { id: false, d: false, ts: false, st: false },
    ]);
  });

  it('sums up field stamps in the trigger exactly as stamp_summary does, on insert and on update', async () => {
    const [spec] = await sb.sql<{ names: string[]; bits: number[] }>("select names, bits from lenden.stamped_column_bits('customers')");
    const s1 = stamp(T + 5);
    const s2 = stamp(T + 6);
    const all = Object.fromEntries(spec!.names.map((n) => [n, s1]));
    const cases: Record<string, unknown>[] = [
      {},
      all,
      { name: s1 },
      { name: s1, phone: s1 },
      { name: s1, phone: s2 },
      { ...all, name: s2 },
      { name: s1, not_a_column: s1 },
      { not_a_column: s1 },
      { name: s1, phone: null },
      { name: null },
      { name: 5, phone: 5 },
      { name: 5, phone: '5' },
      { name: s1, phone: { s: s1 } },
      { name: [s1], phone: [s1] },
      { name: '', phone: '' },
      { id: s1, name: s1 },
    ];
    const ids: string[] = [];
    for (const fs of cases) {
      const id = newId();
      ids.push(id);
      await sb.sql(
        `insert into public.customers (id, business_id, created_at, updated_at, name, seq, field_stamps) values ($1, $2, $3, $3, 'Stamp case', 0, $4::jsonb)`,
        [id, B, new Date(T).toISOString(), JSON.stringify(fs)],
      );
    }
    const compare = () =>
      sb.sql<{ same: boolean }>(
        `select x.row_stamp is not distinct from s.stamp and x.stamp_keys is not distinct from s.keys as same
           from public.customers x
           cross join lateral lenden.stamp_summary(x.field_stamps, $2::text[], $3::integer[]) s
          where x.id = any($1::text[])`,
        [ids, spec!.names, spec!.bits],
      );
    expect((await compare()).map((r) => r.same)).toEqual(cases.map(() => true));
    // Updates: each row takes the next case's stamps.
    for (let i = 0; i < ids.length; i++) {
      await sb.sql('update public.customers set field_stamps = $2::jsonb where id = $1', [ids[i], JSON.stringify(cases[(i + 1) % cases.length])]);
    }
    expect((await compare()).map((r) => r.same)).toEqual(cases.map(() => true));
    // The cases reach the fast path's every outcome: one stamp for all, for some, and none.
    const kinds = await sb.sql<{ kind: string }>(
      `select distinct case when row_stamp is null then 'none' when stamp_keys is null then 'all' else 'some' end as kind from public.customers where id = any($1::text[])`,
      [ids],
    );
    expect(kinds.map((k) => k.kind).sort()).toEqual(['all', 'none', 'some']);
    await sb.sql('delete from public.customers where id = any($1::text[])', [ids]);
  });

  it('lets the service role (an admin tool) write rows, on a connection no other role used first', async () => {
    const s = stamp(T + 40);
    const cases: [Record<string, string>, string | null][] = [
      [{}, null],
      [{ amount_paise: s, note: s }, s],
      [{ amount_paise: s, note: stamp(T + 41) }, null],
    ];
    for (const [fieldStamps, expected] of cases) {
      // A fresh session each time: a plan cached by another role must not hide a missing grant.
      const client = new pg.Client({ connectionString: sb.databaseUrl });
      await client.connect();
      const id = newId();
      try {
        await client.query('set role service_role');
        await client.query(
          `insert into public.transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date, field_stamps, seq)
           values ($1, $2, $3, $3, 'customer', $4, 'gave', 100, '2026-11-25', $5::jsonb, 0)`,
          [id, B, new Date(T).toISOString(), ramesh.row_id, JSON.stringify(fieldStamps)],
        );
      } finally {
        await client.end();
      }
      expect(await sb.sql('select row_stamp from public.transactions where id = $1', [id])).toEqual([{ row_stamp: expected }]);
      await sb.sql('delete from public.transactions where id = $1', [id]);
    }
  });

  it('keeps pushing new rows and edits, refusing bad ones as before', async () => {
    const fresh = Array.from({ length: 30 }, (_, i) => transactionCreate(B, ramesh.row_id, { amount_paise: 500 + i }, stamp(T + 10)));
    const rename = edit('customers', ramesh.row_id, { name: 'Ramesh Kumar' }, stamp(T + 10));
    const res = await eventually(() => pushOk(owner.client, B, [...fresh, rename]));
    expect(res.rejected).toEqual([]);
    expect(res.accepted).toHaveLength(31);
    // A new entry stamps only the fields it sets: one stamp, some columns.
    const rows = await sb.sql<{ n: number; some: number }>(
      `select count(*)::int as n, count(*) filter (where row_stamp = $2 and stamp_keys is not null)::int as some
         from public.transactions where business_id = $1 and amount_paise between 500 and 529`,
      [B, stamp(T + 10)],
    );
    expect(rows).toEqual([{ n: 30, some: 30 }]);
    // The edited party's stamps now differ: no one stamp.
    expect(await sb.sql('select name, row_stamp from public.customers where id = $1', [ramesh.row_id])).toEqual([{ name: 'Ramesh Kumar', row_stamp: null }]);

    const bad = [
      { ...transactionCreate(B, ramesh.row_id, {}, stamp(T + 11)), row_id: 'bad id!' },
      transactionCreate(B, ramesh.row_id, { entry_date: '2026-02-30' }, stamp(T + 11)),
      transactionCreate(B, ramesh.row_id, { created_at: '2026-11-25T10:00:00.000+05:30' }, stamp(T + 11)),
      { ...transactionCreate(B, ramesh.row_id, {}, stamp(T + 11)), stamp: '2026-11-25T10:00:00.000Z-0001-00000000000000A1' },
    ];
    bad[0]!.fields.id = 'bad id!';
    const { data, error } = await owner.client.rpc('sync_push', { p_business_id: B, p_device_id: 'device-a', p_protocol: 2, p_ops: bad });
    expect(error).toBeNull();
    const refused = (data as { accepted: string[]; rejected: { op_id: string; message: string }[] }).rejected;
    expect((data as { accepted: string[] }).accepted).toEqual([]);
    expect(refused.map((r) => r.op_id)).toEqual(bad.map((o) => o.op_id));
    expect(refused.map((r) => r.message).join('\n')).toMatch(/id[\s\S]*entry_date[\s\S]*created_at[\s\S]*stamp/);
  });
});
