import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { decodePage } from '../../src-main/core/sync/page';
import type { PullPage } from '../../src-main/core/sync/wire';
import type { LocalSupabase } from './index';
import { eventually, serverBefore } from './migration-kit';
import { claim, customerCreate, edit, newId, newUser, pushOk, stamp, transactionCreate, type Op } from './testkit';

// 20261210000000_pull_stamps: a row whose stamped fields share one stamp travels as that stamp
// and the set of columns carrying it (format 3 pages), not as its whole field_stamps object.
// It upgrades a server that already holds rows stamped every way: every column (one stamp),
// some columns (a create that leaves fields out), and mixed stamps (edited later).

const MINE = '20261210000000_pull_stamps.sql';

let sb: LocalSupabase;
let server: Awaited<ReturnType<typeof serverBefore>>;
let owner: { client: SupabaseClient; id: string };
const B = newId();
const T = Date.parse('2026-11-25T10:00:00.000Z');
let ramesh: Op;
let sita: Op;
let before: PullPage;

const pull = async (format?: number, since = 0): Promise<PullPage> => {
  const args = { p_business_id: B, p_since: since, p_limit: 10_000, p_device_id: 'device-a', p_compact: true, p_history: false };
  const { data, error } = await owner.client.rpc('sync_pull', format === undefined ? args : { ...args, p_format: format });
  if (error) throw new Error(error.message);
  return data as PullPage;
};

/** A decoded row's field stamps: JSON text when rebuilt from one stamp, else the object as sent. */
const stampsOf = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value);
const ours = (table: string) => table === 'customers' || table === 'transactions';

/** Every party's and entry's field stamps as the server holds them, by id. */
const serverStamps = async () =>
  new Map(
    (await sb.sql<{ id: string; field_stamps: Record<string, string> }>(
      `select id, field_stamps from public.customers where business_id = $1
       union all select id, field_stamps from public.transactions where business_id = $1`,
      [B],
    )).map((r) => [r.id, r.field_stamps]),
  );

beforeAll(async () => {
  server = await serverBefore(MINE);
  sb = server.sb;
  owner = await newUser(sb, 'owner');
  await claim(owner.client, B, 'Sharma Kirana');
  ramesh = customerCreate(B, { name: 'Ramesh' }, stamp(T));
  sita = customerCreate(B, { name: 'Sita', credit_days: 15 }, stamp(T));
  const some = Array.from({ length: 20 }, (_, i) => transactionCreate(B, ramesh.row_id, { amount_paise: 1_000 + i }, stamp(T + 1)));
  const every = Array.from({ length: 5 }, (_, i) => transactionCreate(B, sita.row_id, { amount_paise: 2_000 + i, mode: 'cash', mode_ref: null, due_date: null }, stamp(T + 1)));
  await pushOk(owner.client, B, [ramesh, sita, ...some, ...every, edit('transactions', some[0]!.row_id, { note: 'later' }, stamp(T + 5))]);
  before = await pull();
  await server.upgrade();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe(`${MINE} on a server with data`, () => {
  it('gives devices that ask as before exactly the page they got before', async () => {
    expect(await eventually(() => pull())).toEqual(before);
  });

  it('sends format 3 pages that rebuild every row exactly, in fewer bytes', async () => {
    const page = await eventually(() => pull(3));
    expect(page.format).toBe(3);
    const stamps = await serverStamps();
    const rows = decodePage(page, B).rows.filter((r) => ours(r.table));
    const old = new Map(decodePage(before, B).rows.map((r) => [r.row.id, r]));
    expect(rows).toHaveLength(27);
    for (const r of rows) {
      expect(stampsOf(r.row.field_stamps), r.row.id).toEqual(stamps.get(r.row.id));
      const { field_stamps: _a, ...values } = r.row;
      const { field_stamps: _b, ...oldValues } = old.get(r.row.id)!.row;
      expect(values).toEqual(oldValues);
      expect(r.seq).toBe(old.get(r.row.id)!.seq);
    }
    // How each kind travelled: one stamp, [stamp, keys], or the whole object (the edited entry).
    const kinds = page.tables.filter((t) => ours(t.table)).flatMap((t) => t.rows.map((v) => v[t.columns.indexOf('field_stamps')])).map((s) => (typeof s === 'string' ? 'one' : Array.isArray(s) ? 'some' : 'object'));
    expect(kinds.filter((k) => k === 'one')).toHaveLength(6); // Sita and the 5 entries that set every field
    expect(kinds.filter((k) => k === 'object')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'some')).toHaveLength(20);
    expect(JSON.stringify(page).length).toBeLessThan(JSON.stringify(before).length * 0.6);
  });

  it('keeps the one stamp right as rows are created and edited after it', async () => {
    const fresh = Array.from({ length: 10 }, (_, i) => transactionCreate(B, ramesh.row_id, { amount_paise: 3_000 + i }, stamp(T + 10)));
    // One edit with the create's own stamp keeps one stamp, over more columns; one with a
    // later stamp mixes them; a deletion with a later stamp on a row that had one.
    await pushOk(owner.client, B, [
      ...fresh,
      edit('transactions', fresh[0]!.row_id, { mode: 'upi' }, stamp(T + 10)),
      edit('transactions', fresh[1]!.row_id, { note: 'rice' }, stamp(T + 11)),
      edit('customers', sita.row_id, { deleted_at: new Date(T + 12).toISOString() }, stamp(T + 12)),
    ]);
    const page = await pull(3);
    const stamps = await serverStamps();
    for (const r of decodePage(page, B).rows.filter((x) => ours(x.table))) expect(stampsOf(r.row.field_stamps), r.row.id).toEqual(stamps.get(r.row.id));
    const row = (id: string) => sb.sql<{ row_stamp: string | null; stamp_keys: string | null }>('select row_stamp, stamp_keys::text from public.transactions where id = $1', [id]);
    expect((await row(fresh[0]!.row_id))[0]!.row_stamp).toBe(stamp(T + 10));
    expect((await row(fresh[1]!.row_id))[0]).toEqual({ row_stamp: null, stamp_keys: null });
  });

  it('keeps the one stamp on rows the service role writes directly, as an admin tool would', async () => {
    const admin = createClient(sb.url, sb.serviceRoleKey, { auth: { persistSession: false }, realtime: { transport: WebSocket as never } });
    const id = newId();
    const at = new Date(T).toISOString();
    const { error } = await admin.from('transactions').insert({
      id, business_id: B, created_at: at, updated_at: at, party_type: 'customer', party_id: ramesh.row_id, direction: 'gave',
      amount_paise: 100, entry_date: '2026-11-25', field_stamps: { created_at: stamp(T + 30), amount_paise: stamp(T + 30) }, seq: 0,
    });
    expect(error).toBeNull();
    const [row] = await sb.sql<{ row_stamp: string | null; stamp_keys: string | null }>('select row_stamp, stamp_keys::text from public.transactions where id = $1', [id]);
    expect(row!.row_stamp).toBe(stamp(T + 30));
    expect(row!.stamp_keys).not.toBeNull();
    await sb.sql('delete from public.transactions where id = $1', [id]);
  });

  it('answers a page asked from a cursor with only the rows after it', async () => {
    const all = await pull(3);
    const half = Math.floor(all.last_seq / 2);
    const rest = decodePage(await pull(3, half), B).rows;
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((r) => r.seq > half)).toBe(true);
    expect(rest.every((r) => r.row.business_id === B)).toBe(true);
    // At the head (and past it) the answer is an empty page that stays where it was asked.
    for (const since of [all.head_seq, all.head_seq + 5]) {
      const { data } = await owner.client.rpc('sync_pull', { p_business_id: B, p_since: since, p_limit: 100, p_device_id: 'device-a', p_compact: true, p_history: true, p_format: 3 });
      expect(data).toEqual({ tables: [], history: [], last_seq: since, head_seq: all.head_seq, more: false, format: 3 });
    }
  });
});
