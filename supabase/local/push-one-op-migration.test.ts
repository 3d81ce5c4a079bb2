import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { LocalSupabase } from './index';
import { eventually, serverBefore } from './migration-kit';
import { claim, customerCreate, edit, newId, newUser, push, pushOk, stamp, transactionCreate, type Op } from './testkit';

// 20261215000000_push_one_op: a push of one op goes to lenden.push_op directly instead of
// through lenden.push_fast. Nothing a device sees may change: the same single-op pushes
// (new rows, newer and older edits, a repeated op, refusals of many kinds, a unit of one, a
// deletion) are made in one shop before the upgrade and in another after it, and the answers,
// the rows and the edit history must be the same. A server that already holds a shop's rows
// is upgraded in place, and batches of two or more ops still take the set-based path.

const MINE = '20261215000000_push_one_op.sql';
const T = Date.parse('2026-11-25T10:00:00.000Z');
const AT = '2026-11-25T10:00:00.000Z';

let sb: LocalSupabase;
let server: Awaited<ReturnType<typeof serverBefore>>;
let owner: { client: SupabaseClient; id: string };
const before = { business: newId(), tag: 'b4_' };
const after = { business: newId(), tag: 'af_' };
let beforeAnswers: unknown[];
// A shop that has rows before the upgrade and keeps pushing after it.
const kept = newId();
let keptCustomer: Op;

/** The single-op pushes, with ids made from `tag` so the two shops' can be compared. */
function scenario(tag: string, business: string): Op[][] {
  const id = (label: string) => `${tag}${label}`;
  const op = (o: Op, label: string): Op => ({ ...o, op_id: id(`op-${label}`) });
  const ramesh = { ...customerCreate(business, { id: id('ramesh'), created_at: AT, updated_at: AT, name: 'Ramesh' }, stamp(T)), row_id: id('ramesh') };
  const entry = { ...transactionCreate(business, ramesh.row_id, { id: id('entry'), created_at: AT, updated_at: AT, amount_paise: 1_000 }, stamp(T)), row_id: id('entry') };
  const newer = op(edit('transactions', entry.row_id, { amount_paise: 2_000 }, stamp(T + 5)), 'newer');
  return [
    [op(ramesh, 'ramesh')],
    [op(entry, 'entry')],
    [newer],
    // An older edit: accepted, changes nothing.
    [op(edit('transactions', entry.row_id, { amount_paise: 3_000 }, stamp(T + 1)), 'older')],
    // The same op again (a lost answer): accepted once more, applied once.
    [newer],
    // Refused: a bad amount, a column that does not exist, a row that is not there, a row for
    // another shop, stamps sent as a field, a stamp from the future.
    [op(edit('transactions', entry.row_id, { amount_paise: -5 }, stamp(T + 6)), 'negative')],
    [op(edit('transactions', entry.row_id, { colour: 'red' }, stamp(T + 6)), 'column')],
    [op(edit('transactions', id('ghost'), { amount_paise: 10 }, stamp(T + 6)), 'ghost')],
    [op({ ...transactionCreate(newId(), ramesh.row_id, { id: id('stray'), created_at: AT, updated_at: AT }, stamp(T + 6)), row_id: id('stray') }, 'stray')],
    [op(edit('customers', ramesh.row_id, { field_stamps: { name: stamp(T + 9) } }, stamp(T + 6)), 'stamps')],
    [op(edit('customers', ramesh.row_id, { name: 'Later' }, stamp(Date.parse('2099-01-01T00:00:00.000Z'))), 'future')],
    // A unit of one op, and a deletion.
    [{ ...op(edit('customers', ramesh.row_id, { phone: '9000000001' }, stamp(T + 7)), 'unit'), unit: id('unit') } as Op],
    [op(edit('transactions', entry.row_id, { deleted_at: '2026-11-25T10:00:08.000Z' }, stamp(T + 8)), 'delete')],
    // Two ops: the set-based path, before and after.
    [
      op({ ...transactionCreate(business, ramesh.row_id, { id: id('pair'), created_at: AT, updated_at: AT, amount_paise: 500 }, stamp(T + 9)), row_id: id('pair') }, 'pair'),
      op(edit('transactions', id('pair'), { note: 'second' }, stamp(T + 10)), 'pair-edit'),
    ],
  ];
}

/** A shop's answers as comparable values: its id and tag replaced, the server's clock left out. */
async function run(shop: { business: string; tag: string }): Promise<unknown[]> {
  await claim(owner.client, shop.business, 'Sharma Kirana');
  const answers: unknown[] = [];
  for (const batch of scenario(shop.tag, shop.business)) {
    const { data, error } = await push(owner.client, shop.business, batch, { protocol: 2 });
    answers.push(error ? { error: error.message } : { ...data, server_time: undefined });
  }
  return normalized(shop, answers);
}

function normalized(shop: { business: string; tag: string }, value: unknown): unknown[] {
  const text = JSON.stringify(value)
    .replaceAll(shop.business, 'BUSINESS')
    .replaceAll(shop.tag, 'TAG')
    // The server's clock, which a refusal for a stamp from the future quotes.
    .replace(/"server_time":"[^"]*"/g, '"server_time":"NOW"')
    .replace(/server clock \([^)]*\)/g, 'server clock (NOW)');
  return JSON.parse(text) as unknown[];
}

/** The shop's rows and edit history, comparable across shops. */
async function stored(shop: { business: string; tag: string }): Promise<unknown[]> {
  const rows = await sb.sql(
    `select 'customers' as t, to_jsonb(c) - 'business_id' as row from public.customers c where c.business_id = $1
     union all select 'transactions', to_jsonb(x) - 'business_id' from public.transactions x where x.business_id = $1
     order by 1, 2`,
    [shop.business],
  );
  // The devices' ops (the server's own, for the owner's membership, carry its clock).
  const history = await sb.sql(
    `select op_id, device_id, table_name, row_id, stamp, fields, old_values, seq from public.sync_applied_ops
      where business_id = $1 and device_id <> 'server' order by seq nulls first, op_id`,
    [shop.business],
  );
  const state = await sb.sql('select seq from public.sync_state where business_id = $1', [shop.business]);
  return normalized(shop, [rows, history, state]);
}

/**
 * A push made in SQL as the owner (as PostgREST makes it), and how often it ran push_op and
 * push_fast: this transaction's own function counts, read before they are reported.
 */
async function routeOf(ops: Op[]): Promise<{ answer: { accepted: string[] }; op: number; fast: number }> {
  const client = new pg.Client({ connectionString: sb.databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query("set local track_functions = 'all'");
    await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: owner.id, role: 'authenticated' })]);
    const { rows } = await client.query<{ answer: { accepted: string[] } }>('select public.sync_push($1, $2, 2, $3::jsonb) as answer', [kept, 'device-a', JSON.stringify(ops)]);
    await client.query('reset role');
    const counts = await client.query<{ op: string | null; fast: string | null }>(
      `select pg_stat_get_xact_function_calls('lenden.push_op(text, text, uuid, text, integer, jsonb, text, bigint)'::regprocedure) as op,
              pg_stat_get_xact_function_calls('lenden.push_fast(text, text, uuid, text, jsonb, text[], bigint)'::regprocedure) as fast`,
    );
    await client.query('commit');
    return { answer: rows[0]!.answer, op: Number(counts.rows[0]!.op ?? 0), fast: Number(counts.rows[0]!.fast ?? 0) };
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  server = await serverBefore(MINE);
  sb = server.sb;
  owner = await newUser(sb, 'owner');
  // Rows on the server before the upgrade.
  await claim(owner.client, kept, 'Old Shop');
  keptCustomer = customerCreate(kept, { name: 'Kept' }, stamp(T));
  await pushOk(owner.client, kept, [keptCustomer, transactionCreate(kept, keptCustomer.row_id, {}, stamp(T))], 'device-a');
  beforeAnswers = await run(before);
  await server.upgrade();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('20261215000000_push_one_op', () => {
  it('answers every single-op push exactly as before, and stores the same rows and history', async () => {
    const afterAnswers = await eventually(() => run(after));
    expect(afterAnswers).toEqual(beforeAnswers);
    // The scenario means something: accepted changes, a repeat, and refusals of several kinds.
    const codes = new Set((afterAnswers as { rejected?: { code: string }[] }[]).flatMap((a) => (a.rejected ?? []).map((r) => r.code)));
    expect([...codes].sort()).toEqual(expect.arrayContaining(['CLOCK', 'NOT_FOUND', 'VALIDATION']));
    expect((afterAnswers[4] as { accepted: string[] }).accepted).toEqual(['TAGop-newer']);
    expect(await stored(after)).toEqual(await stored(before));
    const [, history] = (await stored(after)) as [unknown[], { op_id: string }[]];
    expect(history.filter((h) => h.op_id === 'TAGop-newer')).toHaveLength(1);
  });

  it('sends a batch of one op to push_op and a larger batch through push_fast', async () => {
    const one = await routeOf([edit('customers', keptCustomer.row_id, { phone: '9000000002' }, stamp(T + 20))]);
    expect(one).toMatchObject({ op: 1, fast: 0 });
    expect(one.answer.accepted).toHaveLength(1);
    const two = await routeOf([
      edit('customers', keptCustomer.row_id, { phone: '9000000003' }, stamp(T + 21)),
      edit('customers', keptCustomer.row_id, { name: 'Kept Again' }, stamp(T + 22)),
    ]);
    expect(two).toMatchObject({ op: 0, fast: 1 });
    expect(two.answer.accepted).toHaveLength(2);
    const [row] = await sb.sql<{ name: string; phone: string }>('select name, phone from public.customers where id = $1', [keptCustomer.row_id]);
    expect(row).toEqual({ name: 'Kept Again', phone: '9000000003' });
  });
});
