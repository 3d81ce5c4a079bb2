import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { PullPage } from '../../src-main/core/sync/wire';
import type { LocalSupabase } from './index';
import { eventually, serverBefore } from './migration-kit';
import { claim, newId, newUser, pushInterleavedShop } from './testkit';

// 20261211000000_pull_page_end: sync_pull finds where a page ends with lenden.page_end, a
// function generated from the synced tables (planned once per connection) instead of a query
// built as text at every call. It upgrades a server holding rows in several tables and checks
// that every page, from every cursor and at every size, is exactly the page it was before;
// that a table added later is paged; and that a table registered without remaking page_end is
// still paged (the old way).

const MINE = '20261211000000_pull_page_end.sql';

let sb: LocalSupabase;
let server: Awaited<ReturnType<typeof serverBefore>>;
let owner: { client: SupabaseClient; id: string };
const B = newId();
const T = Date.parse('2026-11-25T10:00:00.000Z');
type Ask = { since: number; limit: number; history: boolean };
let asks: Ask[] = [];
let before: PullPage[] = [];

const pull = async ({ since, limit, history }: Ask): Promise<PullPage> => {
  const { data, error } = await owner.client.rpc('sync_pull', {
    p_business_id: B, p_since: since, p_limit: limit, p_device_id: 'device-a', p_compact: true, p_history: history, p_format: 3,
  });
  if (error) throw new Error(error.message);
  return data as PullPage;
};

const headSeq = async () => Number((await sb.sql<{ seq: string }>('select seq from public.sync_state where business_id = $1', [B]))[0]!.seq);

/** A row written straight into a synced table, as the next change of the shop. */
async function writeDirectly(table: string, note: string): Promise<number> {
  const [row] = await sb.sql<{ seq: string }>('update public.sync_state set seq = seq + 1 where business_id = $1 returning seq', [B]);
  const at = new Date(T).toISOString();
  await sb.sql(`insert into public.${table} (id, business_id, created_at, updated_at, seq, note) values ($1, $2, $3, $3, $4, $5)`, [newId(), B, at, row!.seq, note]);
  return Number(row!.seq);
}

const tablesOf = (page: PullPage) => page.tables.map((t) => t.table);

beforeAll(async () => {
  server = await serverBefore(MINE);
  sb = server.sb;
  owner = await newUser(sb, 'owner');
  await claim(owner.client, B, 'Sharma Kirana');
  // Rows in two tables, interleaved in seq order, with edits that move rows to later seqs.
  await pushInterleavedShop(owner.client, B, T);
  const head = await headSeq();
  asks = [
    { since: 0, limit: 10_000, history: false },
    { since: 0, limit: 5, history: false },
    { since: 5, limit: 7, history: true },
    { since: 13, limit: 1, history: false },
    { since: head - 2, limit: 10_000, history: true },
    { since: head - 1, limit: 1, history: false },
    { since: head, limit: 10_000, history: true },
  ];
  before = [];
  for (const ask of asks) before.push(await pull(ask));
  await server.upgrade();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe(`${MINE} on a server with data`, () => {
  it('answers every page, from every cursor and at every size, exactly as before', async () => {
    await eventually(() => pull(asks[0]!));
    for (const [i, ask] of asks.entries()) expect(await pull(ask), JSON.stringify(ask)).toEqual(before[i]);
    // The pages were real ones: several tables, several pages, and an end that is not the head.
    expect(tablesOf(before[0]!)).toEqual(['business_members', 'customers', 'transactions']);
    expect(before[1]!.more).toBe(true);
    expect(before[1]!.last_seq).toBeLessThan(before[1]!.head_seq);
  });

  it('pages a synced table added after it', async () => {
    await sb.sql(`select lenden.add_synced_table('probe_notes', 'note text', 900)`);
    const since = await headSeq();
    const seq = await writeDirectly('probe_notes', 'from a later table');
    const page = await pull({ since, limit: 10_000, history: false });
    expect(tablesOf(page)).toEqual(['probe_notes']);
    expect(page.last_seq).toBe(seq);
    const [made] = await sb.sql<{ made_for: string[] }>(`select made_for from lenden.page_end($1, 0, 0, 1)`, [B]);
    expect(made!.made_for).toContain('probe_notes');
  });

  it('still pages a table registered without making page_end again', async () => {
    await sb.sql(`select lenden.add_synced_table('probe_tags', 'note text', 901)`);
    // page_end made while probe_tags was not registered: it does not know that table.
    const [row] = await sb.sql<Record<string, unknown>>(`delete from lenden.synced_tables where table_name = 'probe_tags' returning *`);
    await sb.sql('select lenden.make_page_end()');
    await sb.sql(
      `insert into lenden.synced_tables (table_name, position, pushable, audited, owner_only, owner_deletes) values ($1, $2, $3, $4, $5, $6)`,
      [row!.table_name, row!.position, row!.pushable, row!.audited, row!.owner_only, row!.owner_deletes],
    );
    const [made] = await sb.sql<{ made_for: string[] }>(`select made_for from lenden.page_end($1, 0, 0, 1)`, [B]);
    expect(made!.made_for).not.toContain('probe_tags');
    const since = await headSeq();
    const first = await writeDirectly('probe_tags', 'one');
    await writeDirectly('probe_notes', 'two');
    const page = await pull({ since, limit: 10_000, history: false });
    expect(tablesOf(page)).toEqual(['probe_notes', 'probe_tags']);
    // And the page end still counts that table's changes.
    const one = await pull({ since, limit: 1, history: false });
    expect(one.last_seq).toBe(first);
    expect(tablesOf(one)).toEqual(['probe_tags']);
  });
});
