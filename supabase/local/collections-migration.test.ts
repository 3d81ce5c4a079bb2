import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { LocalSupabase } from './index';
import { eventually, serverBefore } from './migration-kit';
import { claim, customerCreate, edit, newId, newUser, push, pushOk, stamp, transactionCreate, type Op } from './testkit';

// 20261206000000_collections upgrades a server that already holds parties and entries: the
// earlier migrations run first, data goes in through sync_push, then this one is applied.

const MINE = '20261206000000_collections.sql';

let sb: LocalSupabase;
let server: Awaited<ReturnType<typeof serverBefore>>;
let owner: { client: SupabaseClient; id: string };
const B = newId();
const NOW = new Date().toISOString();
let customerId: string;
let entryId: string;

const rowOf = (table: string, fields: Record<string, unknown>): Op => {
  const id = newId();
  return { op_id: newId(), table, row_id: id, stamp: stamp(), fields: { id, business_id: B, created_at: NOW, updated_at: NOW, deleted_at: null, ...fields } };
};
const promise = (fields: Record<string, unknown> = {}) =>
  rowOf('payment_promises', { party_type: 'customer', party_id: customerId, amount_paise: 50_000, promised_on: '2026-11-20', made_on: '2026-11-16', note: 'after Diwali', ...fields });
const reminder = (fields: Record<string, unknown> = {}) =>
  rowOf('reminders', { party_type: 'customer', party_id: customerId, sent_at: '2026-11-16T05:00:00.000Z', amount_paise: 60_000, channel: 'whatsapp', due_date: '2026-11-15', ...fields });

beforeAll(async () => {
  server = await serverBefore(MINE);
  sb = server.sb;
  owner = await newUser(sb, 'owner');
  await claim(owner.client, B, 'Sharma Kirana');
  const c = customerCreate(B, { name: 'Anil' });
  customerId = c.row_id;
  const e = transactionCreate(B, customerId, { direction: 'gave', amount_paise: 60_000, entry_date: '2026-11-01' });
  entryId = e.row_id;
  await pushOk(owner.client, B, [c, e]);
  await server.upgrade();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe(`${MINE} on a server with data`, () => {
  it('keeps parties and entries, with no due date or credit period', async () => {
    expect(await sb.sql('select name, credit_days from public.customers where business_id = $1', [B])).toEqual([{ name: 'Anil', credit_days: null }]);
    expect(await sb.sql('select amount_paise::int as a, due_date from public.transactions where business_id = $1', [B])).toEqual([{ a: 60_000, due_date: null }]);
  });

  it('syncs due dates, credit periods, promises and reminders, and refuses what a device cannot store', async () => {
    const res = await eventually(() =>
      pushOk(owner.client, B, [edit('transactions', entryId, { due_date: '2026-11-15' }), edit('customers', customerId, { credit_days: 30 }), promise(), reminder()]),
    );
    expect(res.rejected).toEqual([]);
    expect(await sb.sql('select due_date from public.transactions where id = $1', [entryId])).toEqual([{ due_date: '2026-11-15' }]);
    expect(await sb.sql('select credit_days from public.customers where id = $1', [customerId])).toEqual([{ credit_days: 30 }]);
    expect(await sb.sql('select amount_paise::int as a, promised_on, note from public.payment_promises where business_id = $1', [B])).toEqual([
      { a: 50_000, promised_on: '2026-11-20', note: 'after Diwali' },
    ]);
    expect(await sb.sql('select channel, sent_at from public.reminders where business_id = $1', [B])).toEqual([{ channel: 'whatsapp', sent_at: '2026-11-16T05:00:00.000Z' }]);

    const refused = async (op: Op) => (await push(owner.client, B, [op])).data!.rejected[0]?.message;
    expect(await refused(edit('transactions', entryId, { due_date: '2026-02-30' }))).toMatch(/transactions.due_date must be a date/);
    expect(await refused(edit('customers', customerId, { credit_days: 4000 }))).toMatch(/customers.credit_days must be an integer from 0 to 3650/);
    expect(await refused(promise({ amount_paise: 0 }))).toMatch(/payment_promises.amount_paise must be an integer/);
    expect(await refused(promise({ promised_on: null }))).toMatch(/payment_promises.promised_on must not be null/);
    expect(await refused(reminder({ channel: 'sms' }))).toMatch(/reminders.channel must be one of whatsapp/);

    const pulled = await owner.client.rpc('sync_pull', { p_business_id: B, p_since: 0, p_limit: 1000 });
    const rows = (pulled.data as { rows: { table: string; row: Record<string, unknown> }[] }).rows;
    expect(rows.filter((r) => r.table === 'payment_promises').map((r) => r.row.amount_paise)).toEqual([50_000]);
    expect(rows.filter((r) => r.table === 'reminders').map((r) => r.row.due_date)).toEqual(['2026-11-15']);
    expect(rows.find((r) => r.table === 'transactions')?.row.due_date).toBe('2026-11-15');
    // The digest counts the new tables.
    const digest = await owner.client.rpc('sync_digest', { p_business_id: B });
    expect(digest.error).toBeNull();
    expect((digest.data as { counts: Record<string, number> }).counts).toMatchObject({ payment_promises: 1, reminders: 1 });
  });
});
