import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { LocalSupabase } from './index';
import { eventually, serverBefore } from './migration-kit';
import { claim, edit, newId, newUser, push, pushOk, stamp, type Op } from './testkit';

// 20261207000000_staff_money upgrades a server that already holds cashbook entries: the
// earlier migrations run first, entries go in through sync_push, then this one is applied.

const MINE = '20261207000000_staff_money.sql';

let sb: LocalSupabase;
let server: Awaited<ReturnType<typeof serverBefore>>;
let owner: { client: SupabaseClient; id: string };
const B = newId();
const STAFF = newId();
const NOW = new Date().toISOString();
let oldEntry: string;

const cashCreate = (fields: Record<string, unknown> = {}): Op => {
  const id = newId();
  return {
    op_id: newId(),
    table: 'cashbook_entries',
    row_id: id,
    stamp: stamp(),
    fields: { id, business_id: B, created_at: NOW, updated_at: NOW, deleted_at: null, direction: 'out', amount_paise: 1_500_000, mode: 'cash', entry_date: '2026-11-01', note: 'Ramesh salary', category: 'salary', ...fields },
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
  it('keeps the entries, unlinked', async () => {
    expect(await sb.sql('select amount_paise::int as a, note, staff_id, staff_pay, pay_month from public.cashbook_entries where business_id = $1', [B])).toEqual([
      { a: 1_500_000, note: 'Ramesh salary', staff_id: null, staff_pay: null, pay_month: null },
    ]);
  });

  it('syncs staff payments on new and old entries, and refuses what a device cannot store', async () => {
    const advance = cashCreate({ amount_paise: 500_000, note: 'Advance', staff_id: STAFF, staff_pay: 'advance' });
    const res = await eventually(() => pushOk(owner.client, B, [advance, edit('cashbook_entries', oldEntry, { staff_id: STAFF, staff_pay: 'salary', pay_month: '2026-10' })]));
    expect(res.rejected).toEqual([]);
    expect(await sb.sql('select note, staff_id, staff_pay, pay_month from public.cashbook_entries where business_id = $1 order by note', [B])).toEqual([
      { note: 'Advance', staff_id: STAFF, staff_pay: 'advance', pay_month: null },
      { note: 'Ramesh salary', staff_id: STAFF, staff_pay: 'salary', pay_month: '2026-10' },
    ]);
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ staff_pay: 'bonus' }, /cashbook_entries.staff_pay must be one of/],
      [{ pay_month: '2026-13' }, /cashbook_entries.pay_month/],
      [{ staff_id: 'ramesh kumar' }, /cashbook_entries.staff_id/],
    ];
    for (const [fields, message] of bad) {
      const { data, error } = await push(owner.client, B, [cashCreate(fields)]);
      expect(error).toBeNull();
      expect(data!.rejected[0]?.message).toMatch(message);
    }
    // An old client's create without the columns still goes in.
    expect((await pushOk(owner.client, B, [cashCreate({ note: 'Old client', category: 'rent' })])).rejected).toEqual([]);
    const pulled = await owner.client.rpc('sync_pull', { p_business_id: B, p_since: 0, p_limit: 1000 });
    const rows = (pulled.data as { rows: { table: string; row: Record<string, unknown> }[] }).rows.filter((r) => r.table === 'cashbook_entries');
    expect(rows.map((r) => r.row.staff_pay ?? 'none').sort()).toEqual(['advance', 'none', 'salary']);
  });
});
