import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { PullPage } from '../../src-main/core/sync/wire';
import type { LocalSupabase } from './index';
import { eventually, serverBefore } from './migration-kit';
import { claim, newId, newUser, pushInterleavedShop } from './testkit';

// 20261213000000_pull_tables_once: sync_pull turns each table of a page into JSON once (the
// subquery that gathered them was merged into its outer query, and lenden.page_rows then ran
// twice per table). It upgrades a server holding rows in several tables and checks that every
// page, in both compact formats, is exactly the page it was before, and that page_rows now runs
// once for each table of a page where it ran twice before.

const MINE = '20261213000000_pull_tables_once.sql';

let sb: LocalSupabase;
let server: Awaited<ReturnType<typeof serverBefore>>;
let owner: { client: SupabaseClient; id: string };
const B = newId();
const T = Date.parse('2026-11-25T10:00:00.000Z');
type Ask = { since: number; limit: number; history: boolean; format: 3 | null };
let asks: Ask[] = [];
let before: PullPage[] = [];
let callsBefore: { tables: number; calls: number }[];

const args = ({ since, limit, history, format }: Ask) => ({
  p_business_id: B, p_since: since, p_limit: limit, p_device_id: 'device-a', p_compact: true, p_history: history, ...(format ? { p_format: format } : {}),
});

const pull = async (ask: Ask): Promise<PullPage> => {
  const { data, error } = await owner.client.rpc('sync_pull', args(ask));
  if (error) throw new Error(error.message);
  return data as PullPage;
};

/** One page asked for as the owner, in one transaction that counts how often page_rows ran. */
async function countPageRows(ask: Ask): Promise<{ tables: number; calls: number }> {
  const client = new pg.Client({ connectionString: sb.databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`set local track_functions = 'all'`);
    await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: owner.id, role: 'authenticated' })]);
    const a = args(ask);
    const values = [a.p_business_id, a.p_since, a.p_limit, a.p_device_id, a.p_compact, a.p_history];
    // Format 3 (seven arguments), or the compact format 2 of devices that ask for none (six).
    const { rows } = ask.format
      ? await client.query<{ page: PullPage }>('select public.sync_pull($1, $2, $3, $4, $5, $6, $7) as page', [...values, ask.format])
      : await client.query<{ page: PullPage }>('select public.sync_pull($1, $2, $3, $4, $5, $6) as page', values);
    const [count] = (await client.query<{ n: string }>(`select pg_stat_get_xact_function_calls('lenden.page_rows(text, text, bigint, bigint, integer)'::regprocedure) as n`)).rows;
    await client.query('commit');
    return { tables: rows[0]!.page.tables.length, calls: Number(count!.n) };
  } finally {
    await client.end();
  }
}

const headSeq = async () => Number((await sb.sql<{ seq: string }>('select seq from public.sync_state where business_id = $1', [B]))[0]!.seq);
const tablesOf = (page: PullPage) => page.tables.map((t) => t.table);

beforeAll(async () => {
  server = await serverBefore(MINE);
  sb = server.sb;
  owner = await newUser(sb, 'owner');
  await claim(owner.client, B, 'Sharma Kirana');
  // Rows in two tables, interleaved in seq order, with edits that move rows to later seqs.
  await pushInterleavedShop(owner.client, B, T);
  const head = await headSeq();
  asks = [];
  for (const format of [3, null] as const) {
    asks.push(
      { since: 0, limit: 10_000, history: false, format },
      { since: 0, limit: 5, history: false, format },
      { since: 5, limit: 7, history: true, format },
      { since: 13, limit: 1, history: false, format },
      { since: head - 2, limit: 10_000, history: true, format },
      { since: head, limit: 10_000, history: true, format },
    );
  }
  before = [];
  for (const ask of asks) before.push(await pull(ask));
  callsBefore = [await countPageRows(asks[0]!), await countPageRows(asks[6]!)];
  await server.upgrade();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe(`${MINE} on a server with data`, () => {
  it('answers every page, in both formats, from every cursor and at every size, exactly as before', async () => {
    await eventually(() => pull(asks[0]!));
    for (const [i, ask] of asks.entries()) expect(await pull(ask), JSON.stringify(ask)).toEqual(before[i]);
    // The pages were real ones: several tables, several pages, and both formats.
    expect(tablesOf(before[0]!)).toEqual(['business_members', 'customers', 'transactions']);
    expect(before[0]!.format).toBe(3);
    expect(before[6]!.format).toBeUndefined();
    expect(before[1]!.more).toBe(true);
  });

  it('turns each table of a page into JSON once', async () => {
    // Before the upgrade: twice per table (the filter and the aggregate each ran page_rows).
    expect(callsBefore).toEqual([{ tables: 3, calls: 6 }, { tables: 3, calls: 6 }]);
    for (const i of [0, 6]) expect(await countPageRows(asks[i]!), `format ${asks[i]!.format ?? 2}`).toEqual({ tables: 3, calls: 3 });
    expect(await countPageRows(asks[3]!)).toEqual({ tables: 1, calls: 1 });
    expect(await countPageRows(asks[9]!)).toEqual({ tables: 1, calls: 1 });
  });
});
