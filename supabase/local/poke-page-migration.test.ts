import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { LocalSupabase } from './index';
import { REALTIME_CHANNEL } from './bootstrap';
import { eventually, serverBefore } from './migration-kit';
import { addMember, claim, customerCreate, makeClient, newId, newUser, pushInterleavedShop, pushOk, stamp, transactionCreate, waitFor } from './testkit';

// 20261214000000_poke_page: a push of a few changes also sends the page a pull would return
// right after it, to a topic named with a key only a live device of a member can ask for; the
// key changes when a member or a computer is removed. It upgrades a server holding two shops,
// a member and several computers, then checks who gets the topic, what each push sends, and
// that a removal leaves the old topic silent and unreadable.

const MINE = '20261214000000_poke_page.sql';

let sb: LocalSupabase;
let server: Awaited<ReturnType<typeof serverBefore>>;
let owner: Awaited<ReturnType<typeof newUser>>;
let staff: Awaited<ReturnType<typeof newUser>>;
let other: Awaited<ReturnType<typeof newUser>>;
let listener: pg.Client;
const B = newId();
const OTHER_SHOP = newId();
const T = Date.parse('2026-11-25T10:00:00.000Z');
let customerId: string;

interface Sent {
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}
let sent: Sent[] = [];

const rpc = async <T>(client: SupabaseClient, name: string, args: Record<string, unknown>): Promise<T> => {
  const { data, error } = await client.rpc(name, args);
  if (error) throw new Error(error.message);
  return data as T;
};
const rpcError = async (client: SupabaseClient, name: string, args: Record<string, unknown>) => (await client.rpc(name, args)).error?.message ?? null;
const topicOf = (client: SupabaseClient, device: string) => rpc<{ topic: string; generation: number }>(client, 'sync_page_topic', { p_business_id: B, p_device_id: device });

/** The notifications one push of `ops` sends (it has committed when pushOk returns; the poke comes last). */
async function sends(ops: Parameters<typeof pushOk>[2], device = 'device-a') {
  sent = [];
  const result = await pushOk(owner.client, B, ops, device);
  await waitFor(() => sent.some((s) => s.event === 'poke' && s.payload.seq === result.seq), 5000, 'the poke');
  return { result: result as typeof result & { seq_before: number }, sent: sent.filter((s) => s.topic.includes(B)) };
}

/** Whether `client` may join `topic` on Realtime (a private channel, as the app joins it). */
function joins(client: SupabaseClient, topic: string): Promise<string> {
  return new Promise((resolve) => {
    const channel = client.channel(topic, { config: { private: true } });
    channel.subscribe((status) => {
      if (status !== 'SUBSCRIBED' && status !== 'CHANNEL_ERROR') return;
      resolve(status);
      void channel.unsubscribe();
    });
  });
}

beforeAll(async () => {
  server = await serverBefore(MINE);
  sb = server.sb;
  owner = await newUser(sb, 'owner');
  staff = await newUser(sb, 'staff');
  other = await newUser(sb, 'other');
  await claim(owner.client, B, 'Sharma Kirana');
  await claim(other.client, OTHER_SHOP, 'Gupta Stores', 'device-o');
  await addMember(owner.client, staff.client, B, staff.email);
  await rpc(staff.client, 'sync_register_device', { p_business_id: B, p_device_id: 'device-s' });
  await rpc(owner.client, 'sync_register_device', { p_business_id: B, p_device_id: 'device-b' });
  await pushInterleavedShop(owner.client, B, T);
  const ramesh = customerCreate(B, { name: 'Ramesh' }, stamp(T + 10));
  customerId = ramesh.row_id;
  await pushOk(owner.client, B, [ramesh]);
  await server.upgrade();
  listener = new pg.Client({ connectionString: sb.databaseUrl });
  await listener.connect();
  // In order; a message too large for a notification is read from realtime.messages (bootstrap.ts).
  let inOrder = Promise.resolve();
  listener.on('notification', (n) => {
    if (n.channel !== REALTIME_CHANNEL || !n.payload) return;
    const message = JSON.parse(n.payload) as Sent & { message_id?: number };
    inOrder = inOrder.then(async () => {
      if (message.message_id === undefined) sent.push(message);
      else sent.push((await sb.sql<Sent>('select topic, event, payload from realtime.messages where id = $1', [message.message_id]))[0]!);
    });
  });
  await listener.query(`listen ${REALTIME_CHANNEL}`);
}, 120_000);

afterAll(async () => {
  await listener?.end();
  await server?.stop();
});

describe(`${MINE} on a server with data`, () => {
  it('gives every shop a pages topic, told only to a live computer of a member', async () => {
    const rows = await sb.sql<{ business_id: string; key: string; generation: number }>('select business_id, key, generation from lenden.page_topics order by business_id');
    expect(rows.map((r) => r.business_id).sort()).toEqual([B, OTHER_SHOP].sort());
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key) && r.generation === 1)).toBe(true);
    expect(rows[0]!.key).not.toBe(rows[1]!.key);

    const mine = await eventually(() => topicOf(owner.client, 'device-a'));
    expect(mine).toEqual({ topic: `pages:${B}:${rows.find((r) => r.business_id === B)!.key}`, generation: 1 });
    expect(await topicOf(staff.client, 'device-s')).toEqual(mine);
    expect(await rpcError(other.client, 'sync_page_topic', { p_business_id: B, p_device_id: 'device-o' })).toMatch(/not a member/);
    expect(await rpcError(owner.client, 'sync_page_topic', { p_business_id: OTHER_SHOP, p_device_id: 'device-a' })).toMatch(/not a member/);
    expect(await rpcError(owner.client, 'sync_page_topic', { p_business_id: 'no such shop!', p_device_id: 'device-a' })).toMatch(/^VALIDATION/);
    expect(await rpcError(owner.client, 'sync_page_topic', { p_business_id: B, p_device_id: '' })).toMatch(/^VALIDATION/);
    expect(await rpcError(makeClient(sb), 'sync_page_topic', { p_business_id: B, p_device_id: 'device-a' })).not.toBeNull();
  });

  it('sends a small push its page, the one a pull right after it returns, before the poke', async () => {
    const { topic } = await topicOf(owner.client, 'device-a');
    const entry = transactionCreate(B, customerId, { amount_paise: 4_200, note: 'by page' }, stamp(T + 20));
    const { result, sent: out } = await sends([entry, transactionCreate(B, customerId, { amount_paise: 99 }, stamp(T + 21))]);
    expect(out.map((s) => [s.event, s.topic])).toEqual([
      ['page', topic],
      ['poke', `business:${B}`],
    ]);
    const [page, poke] = out;
    expect(poke!.payload).toEqual({ business_id: B, seq: result.seq, pages: 1 });
    const pulled = await rpc<Record<string, unknown>>(owner.client, 'sync_pull', { p_business_id: B, p_since: result.seq_before, p_limit: 1000, p_device_id: 'device-b', p_compact: true, p_history: true, p_format: 3 });
    expect(page!.payload).toEqual({ business_id: B, since: result.seq_before, page: pulled });
    expect(pulled).toMatchObject({ last_seq: result.seq, head_seq: result.seq, more: false, format: 3 });
    expect((pulled.history as unknown[]).length).toBe(2);
    expect(JSON.stringify(pulled)).toContain('by page');
  });

  it('sends only the poke for more than 50 changes or 64 KB, and its page for a bill-sized push', async () => {
    const many = Array.from({ length: 51 }, (_, i) => transactionCreate(B, customerId, { amount_paise: 100 + i }, stamp(T + 30)));
    expect((await sends(many)).sent.map((s) => s.event)).toEqual(['poke']);
    // 15 entries with long notes (about 45 KB of rows and history in all): one page.
    const note = 'नमस्ते '.repeat(50);
    const big = await sends(Array.from({ length: 15 }, (_, i) => transactionCreate(B, customerId, { amount_paise: 200 + i, note }, stamp(T + 31))));
    expect(big.sent.map((s) => s.event)).toEqual(['page', 'poke']);
    const bytes = Buffer.byteLength(JSON.stringify(big.sent[0]!.payload));
    expect(bytes).toBeGreaterThan(8_000);
    expect(bytes).toBeLessThan(65_536);
    expect((big.sent[0]!.payload.page as { tables: { rows: unknown[] }[] }).tables[0]!.rows).toHaveLength(15);
    // 30 of them are more than 64 KB: only the poke, and the push is accepted as ever.
    const { result, sent: out } = await sends(Array.from({ length: 30 }, (_, i) => transactionCreate(B, customerId, { amount_paise: 300 + i, note }, stamp(T + 32))));
    expect(out.map((s) => s.event)).toEqual(['poke']);
    expect(result.accepted).toHaveLength(30);
  });

  it('keeps the push when its page cannot be made: only the poke goes out, and devices pull', async () => {
    await sb.sql('alter table lenden.page_topics rename column key to key_away');
    try {
      const { result, sent: out } = await sends([transactionCreate(B, customerId, { amount_paise: 77 }, stamp(T + 35))]);
      expect(result.accepted).toHaveLength(1);
      expect(result.rejected).toEqual([]);
      expect(out.map((s) => s.event)).toEqual(['poke']);
    } finally {
      await sb.sql('alter table lenden.page_topics rename column key_away to key');
    }
    expect((await sends([transactionCreate(B, customerId, { amount_paise: 78 }, stamp(T + 36))])).sent.map((s) => s.event)).toEqual(['page', 'poke']);
  });

  it('makes a new key when a member or a computer is removed: the old topic hears nothing and cannot be joined', async () => {
    const first = await topicOf(owner.client, 'device-a');
    expect(await joins(owner.client, first.topic)).toBe('SUBSCRIBED');
    expect(await joins(staff.client, first.topic)).toBe('SUBSCRIBED');
    expect(await joins(other.client, first.topic)).toBe('CHANNEL_ERROR');
    expect(await joins(owner.client, `pages:${B}:${'0'.repeat(64)}`)).toBe('CHANNEL_ERROR');

    await rpc(owner.client, 'sync_remove_member', { p_business_id: B, p_user_id: staff.id });
    const second = await topicOf(owner.client, 'device-a');
    expect(second.generation).toBe(2);
    expect(second.topic).not.toBe(first.topic);
    expect(await rpcError(staff.client, 'sync_page_topic', { p_business_id: B, p_device_id: 'device-s' })).toMatch(/REMOVED|not a member/);
    expect(await joins(staff.client, second.topic)).toBe('CHANNEL_ERROR');

    sent = [];
    await rpc(owner.client, 'sync_remove_device', { p_business_id: B, p_device_id: 'device-b' });
    const third = await topicOf(owner.client, 'device-a');
    expect(third.generation).toBe(3);
    // Removing a computer changes no row, but the others hear the new generation at once.
    await waitFor(() => sent.some((s) => s.event === 'poke' && s.payload.pages === 3), 5000, 'the poke saying generation 3');
    expect(await rpcError(owner.client, 'sync_page_topic', { p_business_id: B, p_device_id: 'device-b' })).toMatch(/^REMOVED/);
    // The owner is still a member, but the keys it had are no longer the shop's.
    expect(await joins(owner.client, first.topic)).toBe('CHANNEL_ERROR');
    expect(await joins(owner.client, second.topic)).toBe('CHANNEL_ERROR');
    expect(await joins(owner.client, third.topic)).toBe('SUBSCRIBED');

    const { result, sent: out } = await sends([transactionCreate(B, customerId, { amount_paise: 5 }, stamp(T + 40))]);
    expect(out.map((s) => [s.event, s.topic])).toEqual([
      ['page', third.topic],
      ['poke', `business:${B}`],
    ]);
    expect(out[1]!.payload).toEqual({ business_id: B, seq: result.seq, pages: 3 });
    // Another shop's key did not change.
    expect((await sb.sql<{ generation: number }>('select generation from lenden.page_topics where business_id = $1', [OTHER_SHOP]))[0]!.generation).toBe(1);
  });
});
