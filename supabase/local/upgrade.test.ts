import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { startLocalSupabase, type LocalSupabase } from './index';
import { claim, customerCreate, newId, newUser, push, stamp, transactionCreate, type Op } from './testkit';

/**
 * Server migrations are append-only (README, DESIGN.md section 4): a shop that applied the
 * first schema and holds data upgrades in place. This applies the landed migration alone,
 * writes through the RPCs as a protocol 1 client did, then applies every later migration and
 * checks the data, the repairs, and that the old client still syncs.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ALL = path.resolve(HERE, '..', 'migrations');
const FIRST = '20261125000000_lenden_schema.sql';
const later = fs.readdirSync(ALL).filter((f) => f.endsWith('.sql') && f > FIRST).sort();

let dir: string;
let sb: LocalSupabase;
let owner: { client: SupabaseClient; id: string; email: string };
let staff: { client: SupabaseClient; id: string; email: string };
const B = newId();
const party = customerCreate(B, { name: 'Before the upgrade' });
const brokenBill = newId();

async function applyLater(): Promise<void> {
  for (const file of later) {
    if (!/^\d{14}_[a-z0-9_]+\.sql$/.test(file)) throw new Error(`unexpected migration file name ${file}`);
    // One simple-protocol query: the file and its record commit together or not at all.
    const text = `begin;\n${fs.readFileSync(path.join(ALL, file), 'utf8')}\n;insert into supabase_migrations.schema_migrations (version, name) values ('${file.split('_')[0]}', '${file}');\ncommit;`;
    try {
      await sb.sql(text);
    } catch (error) {
      await sb.sql('rollback').catch(() => undefined);
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  }
  await sb.sql(`notify pgrst, 'reload schema'`);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-upgrade-'));
  fs.copyFileSync(path.join(ALL, FIRST), path.join(dir, FIRST));
  sb = await startLocalSupabase({ migrationsDir: dir });
  owner = await newUser(sb, 'upgrade-owner');
  staff = await newUser(sb, 'upgrade-staff');
  await claim(owner.client, B, 'Old Shop', 'old-device');
  // Protocol 1 membership: added at once, without consent.
  const added = await owner.client.rpc('sync_add_member', { p_business_id: B, p_email: staff.email, p_role: 'staff' });
  if (added.error) throw new Error(added.error.message);
  await staff.client.rpc('sync_register_device', { p_business_id: B, p_device_id: 'staff-device' });
  const now = new Date().toISOString();
  const ops: Op[] = [
    party,
    transactionCreate(B, party.row_id, { amount_paise: 50_000 }),
    // What the first schema let through: a bill without party_type, settings without a name.
    {
      op_id: newId(),
      table: 'bills',
      row_id: brokenBill,
      stamp: stamp(),
      fields: {
        id: brokenBill, business_id: B, created_at: now, updated_at: now, deleted_at: null, kind: 'sale', party_id: party.row_id,
        invoice_number: 'INV-1-0001', invoice_series: 1, invoice_seq: 1, bill_date: '2026-11-25', items: [],
      },
    },
    { op_id: newId(), table: 'business_settings', row_id: B, stamp: stamp(), fields: { id: B, business_id: B, phone: '9000000001' } },
  ];
  const res = await push(owner.client, B, ops, { deviceId: 'old-device', protocol: 1 });
  if (res.error || res.data!.rejected.length) throw new Error(`seeding failed: ${res.error?.message ?? JSON.stringify(res.data!.rejected)}`);
}, 120_000);

afterAll(async () => {
  await sb?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('upgrading a server that holds data', () => {
  it('applies every later migration on top of the first one and its data', async () => {
    expect(later.length).toBeGreaterThan(0);
    const before = await sb.sql<{ seq: string }>('select seq from sync_state where business_id = $1', [B]);
    await applyLater();
    // PostgREST picks up the new functions.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const r = await owner.client.rpc('sync_my_invitations');
      if (!r.error) break;
      if (Date.now() > deadline) throw new Error(`PostgREST did not reload: ${r.error.message}`);
      await new Promise((res) => setTimeout(res, 100));
    }
    // Data kept.
    expect(await sb.sql('select name from customers where business_id = $1', [B])).toEqual([{ name: 'Before the upgrade' }]);
    expect(await sb.sql('select amount_paise from transactions where business_id = $1', [B])).toEqual([{ amount_paise: '50000' }]);
    expect((await sb.sql<{ role: string }>('select role from business_members where business_id = $1 order by role', [B])).map((r) => r.role)).toEqual(['owner', 'staff']);
    expect(await sb.sql('select device_id, invoice_series from sync_devices where business_id = $1 order by invoice_series', [B])).toEqual([
      { device_id: 'old-device', invoice_series: 1 },
      { device_id: 'staff-device', invoice_series: 2 },
    ]);
    // Rows a device could not store were repaired where the value is certain, each as a new change.
    const bill = (await sb.sql<{ party_type: string; total_paise: string; seq: string }>('select party_type, total_paise, seq from bills where id = $1', [brokenBill]))[0]!;
    expect(bill.party_type).toBe('customer');
    expect(bill.total_paise).toBe('0');
    expect(Number(bill.seq)).toBeGreaterThan(Number(before[0]!.seq));
    const settings = (await sb.sql<{ name: string; invoice_prefix: string }>('select name, invoice_prefix from business_settings where id = $1', [B]))[0]!;
    expect(settings).toEqual({ name: '', invoice_prefix: 'INV-' });
    // Every seq still appears in the applied ops exactly once.
    const gaps = await sb.sql<{ n: string }>(
      `select count(*) as n from generate_series(1, (select seq from sync_state where business_id = $1)) g
        where not exists (select 1 from sync_applied_ops a where a.business_id = $1 and a.seq = g)`,
      [B],
    );
    expect(gaps[0]!.n).toBe('0');
  });

  it('an old (protocol 1) client keeps syncing: push, pull without a device id, register', async () => {
    const more = customerCreate(B, { name: 'After the upgrade' });
    const res = await push(staff.client, B, [more], { deviceId: 'staff-device', protocol: 1 });
    expect(res.error).toBeNull();
    expect(res.data!.accepted).toEqual([more.op_id]);
    const page = await staff.client.rpc('sync_pull', { p_business_id: B, p_since: 0, p_limit: 1000 });
    expect(page.error).toBeNull();
    const rows = (page.data as { rows: { table: string; row: { id: string; party_type?: string } }[] }).rows;
    expect(rows.find((r) => r.row.id === more.row_id)).toBeTruthy();
    expect(rows.find((r) => r.row.id === brokenBill)?.row.party_type).toBe('customer');
    const again = await staff.client.rpc('sync_register_device', { p_business_id: B, p_device_id: 'staff-device' });
    expect(again.data).toMatchObject({ invoice_series: 2 });
    // An old client's bill in its own device's series is still accepted.
    const now = new Date().toISOString();
    const id = newId();
    const bill = await push(staff.client, B, [
      {
        op_id: newId(), table: 'bills', row_id: id, stamp: stamp(),
        fields: {
          id, business_id: B, created_at: now, updated_at: now, deleted_at: null, kind: 'sale', party_type: 'customer', party_id: party.row_id,
          invoice_number: 'INV-2-0001', invoice_series: 2, invoice_seq: 1, bill_date: '2026-11-26', items: [], total_paise: 0,
        },
      },
    ], { deviceId: 'staff-device', protocol: 1 });
    expect(bill.data!.rejected).toEqual([]);
  });

  it('a new (protocol 2) client pulls with its device id and sees the same rows', async () => {
    const v2 = await owner.client.rpc('sync_pull', { p_business_id: B, p_since: 0, p_limit: 1000, p_device_id: 'old-device' });
    const v1 = await owner.client.rpc('sync_pull', { p_business_id: B, p_since: 0, p_limit: 1000 });
    expect(v2.error).toBeNull();
    expect(v2.data).toEqual(v1.data);
  });
});
