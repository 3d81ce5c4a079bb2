import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { LocalSupabase } from './index';
import { eventually, serverBefore } from './migration-kit';
import { claim, edit, newId, newUser, push, pushOk, stamp, type Op } from './testkit';

// 20261205000000_cashbook_category upgrades a server that already holds cashbook entries: the
// earlier migrations run first, entries go in through sync_push, then this one is applied.

const MINE = '20261205000000_cashbook_category.sql';

let sb: LocalSupabase;
let server: Awaited<ReturnType<typeof serverBefore>>;
let owner: { client: SupabaseClient; id: string };
const B = newId();
const NOW = new Date().toISOString();
let oldEntry: string;

const cashCreate = (fields: Record<string, unknown> = {}): Op => {
  const id = newId();
  return {
    op_id: newId(),
    table: 'cashbook_entries',
    row_id: id,
    stamp: stamp(),
    fields: { id, business_id: B, created_at: NOW, updated_at: NOW, deleted_at: null, direction: 'out', amount_paise: 1_500_000, mode: 'cash', entry_date: '2026-11-01', note: 'Shop rent', ...fields },
  };
};

beforeAll(async () => {
  server = await serverBefore(MINE);
  sb = server.sb;
  owner = await newUser(sb, 'owner');
  await claim(owner.client, B, 'Sharma Kirana');
  const op = cashCreate();
  oldEntry = op.row_id;
  await pushOk(owner.client, B, [op]);
  await server.upgrade();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe(`${MINE} on a server with data`, () => {
  it('keeps the entries, with no category', async () => {
    expect(await sb.sql('select amount_paise::int as a, note, category from public.cashbook_entries where business_id = $1', [B])).toEqual([{ a: 1_500_000, note: 'Shop rent', category: null }]);
  });

  it('syncs a category on new and old entries, and refuses one a device cannot store', async () => {
    const fresh = cashCreate({ amount_paise: 250_000, note: 'Bijli bill', category: 'electricity' });
    const res = await eventually(() => pushOk(owner.client, B, [fresh, edit('cashbook_entries', oldEntry, { category: 'rent' })]));
    expect(res.rejected).toEqual([]);
    expect(await sb.sql('select note, category from public.cashbook_entries where business_id = $1 order by note', [B])).toEqual([
      { note: 'Bijli bill', category: 'electricity' },
      { note: 'Shop rent', category: 'rent' },
    ]);
    const { data } = await push(owner.client, B, [cashCreate({ category: 'food' })]);
    expect(data!.rejected[0]?.message).toMatch(/cashbook_entries.category must be one of/);
    // An old client's create without the column still goes in.
    expect((await pushOk(owner.client, B, [cashCreate({ note: 'Old client' })])).rejected).toEqual([]);
    const pulled = await owner.client.rpc('sync_pull', { p_business_id: B, p_since: 0, p_limit: 1000 });
    const rows = (pulled.data as { rows: { table: string; row: Record<string, unknown> }[] }).rows.filter((r) => r.table === 'cashbook_entries');
    expect(rows.map((r) => r.row.category).sort()).toEqual(['electricity', 'rent', null].sort());
  });
});
