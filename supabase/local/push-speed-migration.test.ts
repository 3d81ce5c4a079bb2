import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { LocalSupabase } from './index';
import { eventually, serverBefore } from './migration-kit';
import { claim, customerCreate, edit, newId, newUser, pushOk, stamp, transactionCreate, type Op } from './testkit';

// 20261209000000_push_speed replaces lenden.push_fast (typed arrays between its statements)
// and the date/stamp checks (plain SQL). It upgrades a server that already holds a shop's
// parties, entries and their history; what the set-based push writes must stay what it wrote.
// supabase/local/push-fast.test.ts checks the new push_fast against op-by-op push_op.

const MINE = '20261209000000_push_speed.sql';

let sb: LocalSupabase;
let server: Awaited<ReturnType<typeof serverBefore>>;
let owner: { client: SupabaseClient; id: string };
const B = newId();
let ramesh: Op;
let sita: Op;
const T = Date.parse('2026-11-25T10:00:00.000Z');

const history = (rowId: string) =>
  sb.sql<{ seq: string; fields: Record<string, unknown>; old_values: Record<string, unknown> }>(
    'select seq, fields, old_values from public.sync_applied_ops where business_id = $1 and row_id = $2 order by seq',
    [B, rowId],
  );

beforeAll(async () => {
  server = await serverBefore(MINE);
  sb = server.sb;
  owner = await newUser(sb, 'owner');
  await claim(owner.client, B, 'Sharma Kirana');
  ramesh = customerCreate(B, { name: 'Ramesh' }, stamp(T));
  sita = customerCreate(B, { name: 'Sita' }, stamp(T));
  const entries = Array.from({ length: 40 }, (_, i) => transactionCreate(B, ramesh.row_id, { amount_paise: 1_000 + i }, stamp(T + 1)));
  await pushOk(owner.client, B, [ramesh, sita, ...entries, edit('customers', sita.row_id, { phone: '9000000001' }, stamp(T + 2))]);
  await server.upgrade();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe(`${MINE} on a server with data`, () => {
  it('keeps the rows and history written before it', async () => {
    expect(await sb.sql('select count(*)::int as n, sum(amount_paise)::int as total from public.transactions where business_id = $1', [B])).toEqual([{ n: 40, total: 40 * 1_000 + 780 }]);
    const h = await history(sita.row_id);
    expect(h.map((x) => x.fields.name ?? x.fields.phone)).toEqual(['Sita', '9000000001']);
  });

  it('pushes new rows, edits of old rows and repeated ops as before, push after push on the same connections', async () => {
    const seqBefore = Number((await sb.sql<{ seq: string }>('select seq::text from public.sync_state where business_id = $1', [B]))[0]!.seq);
    for (let round = 0; round < 4; round++) {
      const fresh = Array.from({ length: 30 }, (_, i) => transactionCreate(B, sita.row_id, { amount_paise: 500 + i, note: `round ${round}` }, stamp(T + 10 + round)));
      const rename = edit('customers', ramesh.row_id, { name: `Ramesh ${round}` }, stamp(T + 10 + round));
      // A stale edit: loses to the stored value, is accepted and changes nothing.
      const stale = edit('customers', sita.row_id, { phone: '9111111111' }, stamp(T + 1));
      const res = await eventually(() => pushOk(owner.client, B, [...fresh, rename, stale]));
      expect(res.rejected).toEqual([]);
      expect(res.accepted).toHaveLength(32);
      // The same batch again: every op already applied, nothing new written.
      const again = await pushOk(owner.client, B, [...fresh, rename, stale]);
      expect(again.accepted).toHaveLength(32);
      expect(again.seq).toBe(res.seq);
    }
    const seqAfter = Number((await sb.sql<{ seq: string }>('select seq::text from public.sync_state where business_id = $1', [B]))[0]!.seq);
    // 4 rounds x (30 new entries + 1 rename); stale edits take no seq.
    expect(seqAfter - seqBefore).toBe(4 * 31);
    expect(await sb.sql('select name from public.customers where id = $1', [ramesh.row_id])).toEqual([{ name: 'Ramesh 3' }]);
    expect(await sb.sql('select phone from public.customers where id = $1', [sita.row_id])).toEqual([{ phone: '9000000001' }]);
    const renames = await history(ramesh.row_id);
    expect(renames.map((x) => [x.fields.name, x.old_values.name ?? null])).toEqual([
      ['Ramesh', null],
      ['Ramesh 0', 'Ramesh'],
      ['Ramesh 1', 'Ramesh 0'],
      ['Ramesh 2', 'Ramesh 1'],
      ['Ramesh 3', 'Ramesh 2'],
    ]);
    // New rows carry every field's stamp.
    const rows = await sb.sql<{ n: number; stamped: number }>(
      "select count(*)::int as n, count(*) filter (where field_stamps ->> 'amount_paise' = field_stamps ->> 'note')::int as stamped from public.transactions where business_id = $1 and note like 'round %'",
      [B],
    );
    expect(rows).toEqual([{ n: 120, stamped: 120 }]);
  });

  it('runs twice in one transaction without mixing the two batches', async () => {
    const client = new pg.Client({ connectionString: sb.databaseUrl });
    await client.connect();
    try {
      const seq = Number((await client.query('select seq from public.sync_state where business_id = $1', [B])).rows[0].seq);
      const one = [transactionCreate(B, sita.row_id, { note: 'one' }, stamp(T + 20))];
      const two = [transactionCreate(B, sita.row_id, { note: 'two' }, stamp(T + 20)), transactionCreate(B, sita.row_id, { note: 'two' }, stamp(T + 20))];
      await client.query('begin');
      const call = (ops: Op[], at: number) =>
        client.query<{ r: { seq: number; accepted: string[] } }>(
          "select lenden.push_fast($1, 'device-a', $2::uuid, 'owner', $3::jsonb, array_fill(null::text, array[$4::int]), $5) as r",
          [B, owner.id, JSON.stringify(ops), ops.length, at],
        );
      const first = (await call(one, seq)).rows[0]!.r;
      const second = (await call(two, first.seq)).rows[0]!.r;
      await client.query('rollback');
      expect([first.seq, first.accepted.length]).toEqual([seq + 1, 1]);
      expect([second.seq, second.accepted.length]).toEqual([seq + 3, 2]);
    } finally {
      await client.end();
    }
  });

  it('date, timestamp and stamp checks give the same answers', async () => {
    const rows = await sb.sql<{ v: string; d: boolean; ts: boolean; st: boolean }>(
      `select v, lenden.valid_date(v) as d, lenden.valid_ts(v) as ts, lenden.valid_stamp(v) as st
         from unnest($1::text[]) as v order by v`,
      [[
        '2026-11-25', '2026-02-29', '2028-02-29', '2026-13-01', '26-11-25', '2026-11-25T10:00:00.000Z', '2026-11-25T25:00:00.000Z',
        '2026-02-30T10:00:00.000Z', '2026-11-25T10:00:00.000Z-0001-00000000000000a1', '2026-11-25T10:00:00.000Z-0001-00000000000000A1', '',
      ]],
    );
    const answers = Object.fromEntries(rows.map((r) => [r.v, [r.d, r.ts, r.st]]));
    expect(answers).toEqual({
      '': [false, false, false],
      '2026-11-25': [true, false, false],
      '2026-02-29': [false, false, false],
      '2028-02-29': [true, false, false],
      '2026-13-01': [false, false, false],
      '26-11-25': [false, false, false],
      '2026-11-25T10:00:00.000Z': [false, true, false],
      '2026-11-25T25:00:00.000Z': [false, false, false],
      '2026-02-30T10:00:00.000Z': [false, false, false],
      '2026-11-25T10:00:00.000Z-0001-00000000000000a1': [false, false, true],
      '2026-11-25T10:00:00.000Z-0001-00000000000000A1': [false, false, false],
    });
    expect((await sb.sql<{ d: boolean }>('select lenden.valid_date(null) as d'))[0]!.d).toBe(false);
  });
});
