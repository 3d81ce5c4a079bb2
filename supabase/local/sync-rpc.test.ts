import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { startLocalSupabase, type LocalSupabase } from './index';
import {
  addMember,
  claim,
  customerCreate,
  edit,
  newId,
  newUser,
  push,
  pushOk,
  stamp,
  transactionCreate,
  type Op,
} from './testkit';

let sb: LocalSupabase;
let owner: { client: SupabaseClient; id: string; email: string };
let staff: { client: SupabaseClient; id: string; email: string };
let other: { client: SupabaseClient; id: string; email: string };
const NOW = new Date().toISOString();
const X = newId(); // owner's business (staff is a member)
const Y = newId(); // other's business

const TABLES = [
  'business_settings',
  'profiles',
  'business_members',
  'customers',
  'suppliers',
  'transactions',
  'bills',
  'cashbook_entries',
  'staff',
  'attendance',
  'items',
  'stock_adjustments',
  'payment_promises',
  'reminders',
];

async function snapshot(businessId: string) {
  const counts: Record<string, number> = {};
  for (const t of TABLES) {
    const r = await sb.sql<{ n: string }>(`select count(*) as n from public.${t} where business_id = $1`, [businessId]);
    counts[t] = Number(r[0]?.n);
  }
  const seq = await sb.sql<{ seq: string }>('select seq from sync_state where business_id = $1', [businessId]);
  const ops = await sb.sql<{ n: string }>('select count(*) as n from sync_applied_ops where business_id = $1', [businessId]);
  const digest = await sb.sql<{ d: string }>(
    `select md5(string_agg(to_jsonb(c)::text, ',' order by id)) as d from public.customers c where business_id = $1`,
    [businessId],
  );
  return { counts, seq: Number(seq[0]?.seq), ops: Number(ops[0]?.n), customers: digest[0]?.d ?? null };
}

beforeAll(async () => {
  sb = await startLocalSupabase();
  owner = await newUser(sb, 'owner');
  staff = await newUser(sb, 'staff');
  other = await newUser(sb, 'other');
  await claim(owner.client, X, 'Sharma Kirana');
  await claim(other.client, Y, 'Gupta Stores', 'device-y');
  await addMember(owner.client, staff.client, X, staff.email);
});

afterAll(async () => {
  await sb?.stop();
});

describe('businesses, devices and members', () => {
  it('claims a business once and gives each device a stable, unique invoice series', async () => {
    const again = await claim(owner.client, X, 'Sharma Kirana', 'device-a');
    expect(again).toEqual({ business_id: X, role: 'owner', invoice_series: 1, last_invoice_seq: 0 });
    const b = await owner.client.rpc('sync_register_device', { p_business_id: X, p_device_id: 'device-b' });
    expect(b.error).toBeNull();
    expect(b.data).toEqual({ invoice_series: 2, last_invoice_seq: 0 });
    const b2 = await owner.client.rpc('sync_register_device', { p_business_id: X, p_device_id: 'device-b' });
    expect(b2.data).toEqual({ invoice_series: 2, last_invoice_seq: 0 });
    const s = await staff.client.rpc('sync_register_device', { p_business_id: X, p_device_id: 'staff-device' });
    expect(s.data).toEqual({ invoice_series: 3, last_invoice_seq: 0 });
    const viaClaim = await claim(staff.client, X, 'ignored', 'staff-device-2');
    expect(viaClaim).toEqual({ business_id: X, role: 'staff', invoice_series: 4, last_invoice_seq: 0 });
  });

  it('refuses to claim or register devices in a business of someone else', async () => {
    const c = await other.client.rpc('sync_claim_business', { p_business_id: X, p_name: 'Mine now', p_device_id: 'd' });
    expect(c.error?.message).toMatch(/^AUTH: /);
    const r = await other.client.rpc('sync_register_device', { p_business_id: X, p_device_id: 'd' });
    expect(r.error?.message).toMatch(/^AUTH: /);
  });

  it('lists my businesses with my role', async () => {
    const mine = await owner.client.rpc('sync_my_businesses');
    expect(mine.data).toEqual([{ business_id: X, name: 'Sharma Kirana', role: 'owner' }]);
    const theirs = await staff.client.rpc('sync_my_businesses');
    expect(theirs.data).toEqual([{ business_id: X, name: 'Sharma Kirana', role: 'staff' }]);
  });

  it('lets only the owner add members', async () => {
    const late = await newUser(sb, 'late');
    const byStaff = await staff.client.rpc('sync_add_member', { p_business_id: X, p_email: late.email, p_role: 'staff' });
    expect(byStaff.error?.message).toMatch(/^FORBIDDEN: /);
    const byOther = await other.client.rpc('sync_add_member', { p_business_id: X, p_email: late.email, p_role: 'staff' });
    expect(byOther.error?.message).toMatch(/^AUTH: /);
    // An email nobody uses gets the same answer as one with an account: nothing tells a
    // stranger whether an account exists.
    const unknown = await owner.client.rpc('sync_add_member', { p_business_id: X, p_email: 'nobody@example.com', p_role: 'staff' });
    const known = await owner.client.rpc('sync_add_member', { p_business_id: X, p_email: late.email, p_role: 'staff' });
    expect(unknown.error).toBeNull();
    expect(unknown.data).toEqual({ business_id: X, email: 'nobody@example.com', role: 'staff', status: 'invited' });
    expect(known.data).toEqual({ business_id: X, email: late.email, role: 'staff', status: 'invited' });
    const badRole = await owner.client.rpc('sync_add_member', { p_business_id: X, p_email: late.email, p_role: 'admin' });
    expect(badRole.error?.message).toMatch(/^VALIDATION: /);
    const self = await owner.client.rpc('sync_add_member', { p_business_id: X, p_email: owner.email, p_role: 'staff' });
    expect(self.error?.message).toMatch(/^VALIDATION: /);
  });

  it('rejects anonymous calls', async () => {
    const { makeClient } = await import('./testkit');
    const anon = makeClient(sb);
    const r = await anon.rpc('sync_my_businesses');
    expect(r.error).not.toBeNull();
    const p = await anon.rpc('sync_pull', { p_business_id: X, p_since: 0, p_limit: 10 });
    expect(p.error).not.toBeNull();
    const t = await anon.from('customers').select('*');
    expect(t.error).not.toBeNull();
  });
});

describe('row level security', () => {
  let xCustomer: Op;
  beforeAll(async () => {
    xCustomer = customerCreate(X, { name: 'Secret customer of X' });
    const res = await pushOk(owner.client, X, [xCustomer]);
    expect(res.accepted).toEqual([xCustomer.op_id]);
  });

  it('members read their business; others see nothing through .from()', async () => {
    const mine = await owner.client.from('customers').select('*').eq('id', xCustomer.row_id);
    expect(mine.error).toBeNull();
    expect(mine.data).toHaveLength(1);
    const staffSees = await staff.client.from('customers').select('*').eq('id', xCustomer.row_id);
    expect(staffSees.data).toHaveLength(1);
    for (const t of [...TABLES, 'sync_state', 'sync_devices', 'sync_applied_ops']) {
      const r = await other.client.from(t).select('*').eq('business_id', X);
      expect(r.error, t).toBeNull();
      expect(r.data, t).toEqual([]);
    }
  });

  it('nobody writes tables directly, not even the owner', async () => {
    const before = await snapshot(X);
    const row = { ...xCustomer.fields, field_stamps: {}, seq: 999, id: newId() };
    const ins = await other.client.from('customers').insert(row);
    expect(ins.error?.code).toBe('42501');
    const insOwn = await owner.client.from('customers').insert(row);
    expect(insOwn.error?.code).toBe('42501');
    const upd = await other.client.from('customers').update({ name: 'hacked' }).eq('id', xCustomer.row_id);
    expect(upd.error?.code).toBe('42501');
    const updOwn = await owner.client.from('customers').update({ name: 'direct' }).eq('id', xCustomer.row_id);
    expect(updOwn.error?.code).toBe('42501');
    const del = await other.client.from('customers').delete().eq('id', xCustomer.row_id);
    expect(del.error?.code).toBe('42501');
    const seqHack = await owner.client.from('sync_state').update({ seq: 0 }).eq('business_id', X);
    expect(seqHack.error?.code).toBe('42501');
    const members = await staff.client.from('business_members').update({ role: 'owner' }).eq('user_id', staff.id);
    expect(members.error?.code).toBe('42501');
    expect(await snapshot(X)).toEqual(before);
  });

  it('a member of Y can neither push, pull nor digest business X', async () => {
    const before = await snapshot(X);
    const p = await push(other.client, X, [customerCreate(X)]);
    expect(p.error?.message).toMatch(/^AUTH: /);
    expect(p.error?.code).toBe('42501');
    const pull = await other.client.rpc('sync_pull', { p_business_id: X, p_since: 0, p_limit: 100 });
    expect(pull.error?.message).toMatch(/^AUTH: /);
    const dig = await other.client.rpc('sync_digest', { p_business_id: X });
    expect(dig.error?.message).toMatch(/^AUTH: /);
    expect(await snapshot(X)).toEqual(before);
  });

  it('forged business ids and foreign row ids in ops are rejected without leaking rows', async () => {
    const beforeX = await snapshot(X);
    const beforeY = await snapshot(Y);
    const forged = customerCreate(X); // pushed to Y, claims to belong to X
    const editForeign = edit('customers', xCustomer.row_id, { name: 'hijack' });
    const createForeign = customerCreate(Y);
    createForeign.row_id = xCustomer.row_id;
    createForeign.fields.id = xCustomer.row_id;
    const res = await pushOk(other.client, Y, [forged, editForeign, createForeign]);
    expect(res.accepted).toEqual([]);
    expect(res.rejected.map((r) => [r.op_id, r.code, r.row])).toEqual([
      [forged.op_id, 'VALIDATION', null],
      [editForeign.op_id, 'NOT_FOUND', null],
      [createForeign.op_id, 'CONFLICT', null],
    ]);
    expect(res.rejected[0]?.message).toMatch(/^VALIDATION: fields\.business_id/);
    expect(await snapshot(X)).toEqual(beforeX);
    expect(await snapshot(Y)).toEqual(beforeY);
  });
});

describe('role rules', () => {
  it('staff may create and edit parties and entries but not settings, staff or members', async () => {
    const cust = customerCreate(X, { name: 'Staff made' });
    const txn = transactionCreate(X, cust.row_id);
    const ok = await pushOk(staff.client, X, [cust, txn, edit('customers', cust.row_id, { phone: '9000000000' }, stamp(Date.now() + 1))]);
    expect(ok.rejected).toEqual([]);
    expect(ok.accepted).toHaveLength(3);

    const settings: Op = {
      op_id: newId(),
      table: 'business_settings',
      row_id: X,
      stamp: stamp(),
      fields: { id: X, business_id: X, name: 'Staff rename', created_at: NOW, updated_at: NOW, deleted_at: null },
    };
    const staffRow: Op = {
      op_id: newId(),
      table: 'staff',
      row_id: newId(),
      stamp: stamp(),
      fields: { business_id: X, name: 'Raju', salary_basis: 'monthly', salary_paise: 1500000, created_at: NOW, updated_at: NOW },
    };
    staffRow.fields.id = staffRow.row_id;
    const member: Op = { op_id: newId(), table: 'business_members', row_id: newId(), stamp: stamp(), fields: { role: 'owner' } };
    const before = await snapshot(X);
    const res = await pushOk(staff.client, X, [settings, staffRow, member]);
    expect(res.accepted).toEqual([]);
    expect(res.rejected.map((r) => r.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(await snapshot(X)).toEqual(before);

    const byOwner = await pushOk(owner.client, X, [settings, staffRow]);
    expect(byOwner.rejected).toEqual([]);
  });

  it('staff may not delete customers, suppliers or bills; the server row comes back', async () => {
    const cust = customerCreate(X, { name: 'Keep me' });
    await pushOk(owner.client, X, [cust]);
    const del = edit('customers', cust.row_id, { deleted_at: new Date().toISOString() }, stamp(Date.now() + 5));
    const res = await pushOk(staff.client, X, [del]);
    expect(res.rejected).toHaveLength(1);
    expect(res.rejected[0]?.code).toBe('FORBIDDEN');
    expect(res.rejected[0]?.message).toMatch(/^FORBIDDEN: /);
    expect(res.rejected[0]?.row).toMatchObject({ id: cust.row_id, name: 'Keep me', deleted_at: null });

    // Staff may delete a transaction; the owner may delete the customer.
    const txn = transactionCreate(X, cust.row_id);
    await pushOk(staff.client, X, [txn]);
    const delTxn = await pushOk(staff.client, X, [edit('transactions', txn.row_id, { deleted_at: new Date().toISOString() }, stamp(Date.now() + 5))]);
    expect(delTxn.rejected).toEqual([]);
    const ownerDel = await pushOk(owner.client, X, [del]);
    expect(ownerDel.accepted).toEqual([del.op_id]);
  });

  it('profiles: a user writes only their own profile', async () => {
    const mine: Op = {
      op_id: newId(),
      table: 'profiles',
      row_id: staff.id,
      stamp: stamp(),
      fields: { id: staff.id, business_id: X, name: 'Staff person', phone: null, language: 'hi', created_at: NOW, updated_at: NOW },
    };
    const notMine: Op = { ...mine, op_id: newId(), row_id: owner.id, fields: { ...mine.fields, id: owner.id } };
    const res = await pushOk(staff.client, X, [mine, notMine]);
    expect(res.accepted).toEqual([mine.op_id]);
    expect(res.rejected.map((r) => r.code)).toEqual(['FORBIDDEN']);
  });
});

describe('malformed pushes change nothing', () => {
  const cases: Array<{ name: string; ops: () => unknown; protocol?: number; whole?: RegExp; code?: string; msg?: RegExp }> = [
    { name: 'p_ops not an array', ops: () => ({ op_id: 'x' }), whole: /^VALIDATION: p_ops must be a JSON array/ },
    { name: 'op without fields', ops: () => [{ op_id: newId(), table: 'customers', row_id: newId(), stamp: stamp() }], whole: /^VALIDATION: op #0 is malformed/ },
    { name: 'op that is a string', ops: () => ['hello'], whole: /^VALIDATION: op #0 is malformed/ },
    { name: 'wrong protocol', ops: () => [customerCreate(X)], protocol: 3, whole: /^PROTOCOL: .*update the app/ },
    { name: 'batch of 501', ops: () => Array.from({ length: 501 }, () => customerCreate(X)), whole: /^VALIDATION: batch has 501 ops; at most 500/ },
    { name: 'unknown table', ops: () => [{ ...customerCreate(X), table: 'pg_authid' }], code: 'VALIDATION', msg: /unknown table pg_authid/ },
    { name: 'unknown column', ops: () => [customerCreate(X, { is_admin: true })], code: 'VALIDATION', msg: /unknown column is_admin for table customers/ },
    { name: 'oversize op', ops: () => [customerCreate(X, { notes: 'x'.repeat(70_000) })], code: 'VALIDATION', msg: /at most 65536 bytes/ },
    { name: 'forged business id', ops: () => [customerCreate(Y)], code: 'VALIDATION', msg: /business_id must equal/ },
    { name: 'stamp an hour ahead', ops: () => [customerCreate(X, {}, stamp(Date.now() + 3600_000))], code: 'CLOCK', msg: /^CLOCK: stamp .* more than 5 minutes ahead/ },
    { name: 'bad stamp format', ops: () => [customerCreate(X, {}, '2026-11-25 10:00:00')], code: 'VALIDATION', msg: /stamp must look like/ },
    { name: 'upper-case stamp hex', ops: () => [customerCreate(X, {}, stamp(Date.now(), 10, '00000000000000AB'))], code: 'VALIDATION', msg: /stamp must look like/ },
    { name: 'negative paise', ops: () => [transactionCreate(X, newId(), { amount_paise: -100 })], code: 'VALIDATION', msg: /amount_paise must be an integer from 1 to 9999999999999/ },
    { name: 'zero paise', ops: () => [transactionCreate(X, newId(), { amount_paise: 0 })], code: 'VALIDATION', msg: /amount_paise/ },
    { name: 'fractional paise', ops: () => [transactionCreate(X, newId(), { amount_paise: 10.5 })], code: 'VALIDATION', msg: /amount_paise/ },
    { name: 'paise as string', ops: () => [transactionCreate(X, newId(), { amount_paise: '100' })], code: 'VALIDATION', msg: /amount_paise/ },
    { name: 'paise above MAX', ops: () => [transactionCreate(X, newId(), { amount_paise: 10_000_000_000_000 })], code: 'VALIDATION', msg: /amount_paise/ },
    { name: 'bad enum', ops: () => [transactionCreate(X, newId(), { direction: 'stole' })], code: 'VALIDATION', msg: /direction must be one of gave, got/ },
    { name: 'bad date', ops: () => [transactionCreate(X, newId(), { entry_date: '2026-02-30' })], code: 'VALIDATION', msg: /entry_date must be a date/ },
    { name: 'missing required column', ops: () => { const o = customerCreate(X); delete o.fields.name; return [o]; }, code: 'VALIDATION', msg: /needs: name/ },
    { name: 'edit of a missing row', ops: () => [edit('customers', newId(), { name: 'ghost' })], code: 'NOT_FOUND', msg: /does not exist/ },
    { name: 'field_stamps in fields', ops: () => [customerCreate(X, { field_stamps: {} })], code: 'VALIDATION', msg: /field_stamps and seq/ },
    { name: 'bad bill item', ops: () => [billCreate(X, { items: [{ name: 'Rice', qty_milli: 1.5 }] })], code: 'VALIDATION', msg: /items\[0\]/ },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await snapshot(X);
      const { data, error } = await push(owner.client, X, c.ops(), { protocol: c.protocol });
      if (c.whole) {
        expect(data).toBeNull();
        expect(error?.message).toMatch(c.whole);
      } else {
        expect(error).toBeNull();
        expect(data?.accepted).toEqual([]);
        expect(data?.rejected).toHaveLength(1);
        expect(data?.rejected[0]?.code).toBe(c.code);
        expect(data?.rejected[0]?.message).toMatch(c.msg!);
      }
      expect(await snapshot(X)).toEqual(before);
    });
  }

  it('a null NOT NULL field in an edit is rejected with the current row', async () => {
    const cust = customerCreate(X, { name: 'Named' });
    await pushOk(owner.client, X, [cust]);
    const before = await snapshot(X);
    const res = await pushOk(owner.client, X, [edit('customers', cust.row_id, { name: null }, stamp(Date.now() + 1))]);
    expect(res.rejected[0]?.code).toBe('VALIDATION');
    expect(res.rejected[0]?.row).toMatchObject({ id: cust.row_id, name: 'Named' });
    expect(await snapshot(X)).toEqual(before);
  });

  it('good ops of a batch apply even when another op is rejected', async () => {
    const good = customerCreate(X);
    const bad = transactionCreate(X, good.row_id, { amount_paise: -1 });
    const res = await pushOk(owner.client, X, [good, bad]);
    expect(res.accepted).toEqual([good.op_id]);
    expect(res.rejected.map((r) => r.op_id)).toEqual([bad.op_id]);
  });
});

function billCreate(businessId: string, fields: Record<string, unknown> = {}): Op {
  const id = newId();
  return {
    op_id: newId(),
    table: 'bills',
    row_id: id,
    stamp: stamp(),
    fields: {
      id,
      business_id: businessId,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      deleted_at: null,
      kind: 'sale',
      party_type: 'customer',
      party_id: newId(),
      invoice_number: `INV-1-${id.slice(0, 6)}`,
      invoice_series: 1,
      invoice_seq: 1,
      bill_date: '2026-11-25',
      due_date: null,
      place_of_supply: '27',
      items: [
        {
          name: 'Rice 5kg',
          hsn: '1006',
          qty_milli: 2000,
          unit: 'bag',
          rate_paise: 50000,
          gst_rate_bp: 500,
          taxable_paise: 100000,
          cgst_paise: 2500,
          sgst_paise: 2500,
          igst_paise: 0,
          total_paise: 105000,
        },
      ],
      discount_paise: 0,
      taxable_paise: 100000,
      cgst_paise: 2500,
      sgst_paise: 2500,
      igst_paise: 0,
      round_off_paise: 0,
      total_paise: 105000,
      note: null,
      ...fields,
    },
  };
}

describe('bills', () => {
  it('accepts a full bill and refuses a second bill with the same invoice number', async () => {
    const a = billCreate(X, { invoice_number: 'INV-7-0001' });
    const b = billCreate(X, { invoice_number: 'INV-7-0001' });
    const res = await pushOk(owner.client, X, [a, b]);
    expect(res.accepted).toEqual([a.op_id]);
    expect(res.rejected.map((r) => [r.op_id, r.code, r.row])).toEqual([[b.op_id, 'CONFLICT', null]]);
    // The same number in another business is fine.
    const y = billCreate(Y, { invoice_number: 'INV-7-0001' });
    expect((await pushOk(other.client, Y, [y], 'device-y')).accepted).toEqual([y.op_id]);
  });
});

describe('idempotency and merge', () => {
  it('a retried batch applies once', async () => {
    const cust = customerCreate(X);
    const ops = [cust, transactionCreate(X, cust.row_id), edit('customers', cust.row_id, { notes: 'VIP' }, stamp(Date.now() + 1))];
    const first = await pushOk(owner.client, X, ops);
    expect(first.accepted).toEqual(ops.map((o) => o.op_id));
    const after = await snapshot(X);
    const second = await pushOk(owner.client, X, ops);
    expect(second.accepted).toEqual(ops.map((o) => o.op_id));
    expect(second.rejected).toEqual([]);
    expect(second.seq).toBe(first.seq);
    expect(await snapshot(X)).toEqual(after);
    const applied = await sb.sql('select * from sync_applied_ops where op_id = any($1)', [ops.map((o) => o.op_id)]);
    expect(applied).toHaveLength(3);
  });

  it('edits of different fields both survive', async () => {
    const t0 = Date.now();
    const cust = customerCreate(X, { name: 'Original', phone: '1' }, stamp(t0));
    await pushOk(owner.client, X, [cust]);
    const nameEdit = edit('customers', cust.row_id, { name: 'Renamed', updated_at: new Date(t0 + 20).toISOString() }, stamp(t0 + 20, 0, '00000000000000b1'));
    const phoneEdit = edit('customers', cust.row_id, { phone: '2', updated_at: new Date(t0 + 10).toISOString() }, stamp(t0 + 10, 0, '00000000000000c1'));
    await pushOk(owner.client, X, [nameEdit], 'device-b');
    await pushOk(staff.client, X, [phoneEdit], 'device-c');
    const row = (await sb.sql<Record<string, unknown>>('select * from customers where id = $1', [cust.row_id]))[0]!;
    expect(row.name).toBe('Renamed');
    expect(row.phone).toBe('2');
    expect(row.updated_at).toBe(new Date(t0 + 20).toISOString());
    expect(row.field_stamps).toMatchObject({ name: nameEdit.stamp, phone: phoneEdit.stamp, updated_at: nameEdit.stamp });
  });

  it('the same field resolves to the larger stamp regardless of arrival order', async () => {
    const t0 = Date.now();
    for (const order of ['newer-first', 'older-first'] as const) {
      const cust = customerCreate(X, { name: 'Start' }, stamp(t0));
      await pushOk(owner.client, X, [cust]);
      const older = edit('customers', cust.row_id, { name: 'Older' }, stamp(t0 + 50, 0, '00000000000000ff'));
      const newer = edit('customers', cust.row_id, { name: 'Newer' }, stamp(t0 + 50, 1, '0000000000000001'));
      const seqBefore = (await snapshot(X)).seq;
      if (order === 'newer-first') {
        await pushOk(owner.client, X, [newer]);
        const res = await pushOk(staff.client, X, [older]);
        expect(res.accepted).toEqual([older.op_id]); // accepted, but changes nothing
        expect(res.seq).toBe(seqBefore + 1);
      } else {
        await pushOk(staff.client, X, [older]);
        await pushOk(owner.client, X, [newer]);
      }
      const row = (await sb.sql<{ name: string }>('select name from customers where id = $1', [cust.row_id]))[0]!;
      expect(row.name, order).toBe('Newer');
    }
  });

  it('a delete is not undone by an edit of another field', async () => {
    const t0 = Date.now();
    const cust = customerCreate(X, {}, stamp(t0));
    await pushOk(owner.client, X, [cust]);
    await pushOk(owner.client, X, [edit('customers', cust.row_id, { deleted_at: new Date(t0 + 30).toISOString() }, stamp(t0 + 30))]);
    await pushOk(staff.client, X, [edit('customers', cust.row_id, { phone: '555' }, stamp(t0 + 10))]);
    const row = (await sb.sql<{ deleted_at: string | null; phone: string }>('select deleted_at, phone from customers where id = $1', [cust.row_id]))[0]!;
    expect(row.deleted_at).toBe(new Date(t0 + 30).toISOString());
    expect(row.phone).toBe('555');
  });

  it('two devices creating the same attendance row merge into one', async () => {
    const staffId = newId();
    const id = newId();
    const mk = (status: string, st: string): Op => ({
      op_id: newId(),
      table: 'attendance',
      row_id: id,
      stamp: st,
      fields: { id, business_id: X, staff_id: staffId, att_date: '2026-11-25', status, note: null, created_at: NOW, updated_at: NOW, deleted_at: null },
    });
    const t0 = Date.now();
    await pushOk(owner.client, X, [mk('present', stamp(t0 + 5))]);
    const res = await pushOk(staff.client, X, [mk('absent', stamp(t0))]);
    expect(res.rejected).toEqual([]);
    const rows = await sb.sql<{ status: string }>('select status from attendance where id = $1', [id]);
    expect(rows).toEqual([{ status: 'present' }]);
  });
});

describe('pull and digest', () => {
  it('pulls every change in seq order with paging, tombstones and members', async () => {
    const head = (await snapshot(X)).seq;
    const all: Array<{ table: string; seq: number; row: Record<string, unknown> }> = [];
    let since = 0;
    let pages = 0;
    for (;;) {
      const { data, error } = await owner.client.rpc('sync_pull', { p_business_id: X, p_since: since, p_limit: 7 });
      expect(error).toBeNull();
      const page = data as { rows: typeof all; last_seq: number; head_seq: number; more: boolean };
      expect(page.head_seq).toBe(head);
      expect(page.rows.length).toBeLessThanOrEqual(7);
      all.push(...page.rows);
      since = page.last_seq;
      pages += 1;
      if (!page.more) break;
    }
    expect(pages).toBeGreaterThan(1);
    expect(since).toBe(head);
    const seqs = all.map((r) => r.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(all.some((r) => r.table === 'business_members')).toBe(true);
    expect(all.some((r) => r.row.deleted_at !== null)).toBe(true);
    const tables = new Set(all.map((r) => r.table));
    for (const t of ['customers', 'transactions', 'bills', 'business_settings', 'staff', 'attendance', 'profiles']) expect(tables.has(t), t).toBe(true);
    const aRow = all.find((r) => r.table === 'customers')!.row;
    expect(aRow).toHaveProperty('field_stamps');
    expect(aRow).toHaveProperty('seq');
    const ids = all.map((r) => `${r.table}:${String(r.row.id)}`);
    expect(new Set(ids).size).toBe(ids.length);
    // Nothing after the head.
    const tail = await owner.client.rpc('sync_pull', { p_business_id: X, p_since: head, p_limit: 100 });
    expect(tail.data).toEqual({ rows: [], history: [], last_seq: head, head_seq: head, more: false });
  });

  it('digest counts rows (with tombstones) and sums live balances per party', async () => {
    const cust = customerCreate(X);
    const gave = transactionCreate(X, cust.row_id, { amount_paise: 100_00, direction: 'gave' });
    const got = transactionCreate(X, cust.row_id, { amount_paise: 30_00, direction: 'got' });
    const dead = transactionCreate(X, cust.row_id, { amount_paise: 999_00, direction: 'gave', deleted_at: new Date().toISOString() });
    await pushOk(owner.client, X, [cust, gave, got, dead]);
    const { data, error } = await owner.client.rpc('sync_digest', { p_business_id: X });
    expect(error).toBeNull();
    const digest = data as { counts: Record<string, number>; balances: Record<string, number> };
    expect(digest.balances[cust.row_id]).toBe(70_00);
    const snap = await snapshot(X);
    expect(digest.counts).toEqual(snap.counts);
  });

  it('every seq of the business is in the audit log exactly once', async () => {
    const head = (await snapshot(X)).seq;
    const seqs = await sb.sql<{ seq: string }>('select seq from sync_applied_ops where business_id = $1 and seq is not null order by seq', [X]);
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });
});
