import { describe, expect, it } from 'vitest';
import { createTestCore } from '../../src-main/core/testing';
import { MemorySecureStore } from '../../src-main/core/sync/secure-store';
import { SyncError, type SyncTransport } from '../../src-main/core/sync/wire';
import { expectConverged, newEmail, PASSWORD, settle, startDevice, waitFor, type Device, serverForFile } from './harness';
import WebSocket from 'ws';

/**
 * Sync-trust scenarios 1-3: nothing the server accepted stops another device; no op wedges
 * the outbox; joining never overwrites the business.
 */
const standIn = serverForFile();
const devices = standIn.devices;

async function device(name: string, email: string, signUp = false, sync: Parameters<typeof startDevice>[1]['sync'] = {}) {
  const d = await startDevice(standIn.sb, { name, email, signUp, sync: { random: () => 0, ...sync } });
  devices.push(d);
  return d;
}

const problemsOf = (d: Device) => d.core.sync.problems(false);

describe('1. nothing the server accepted can stop another device', () => {
  it('a stored row a device cannot hold is set aside as a visible problem; later pages flow; a good version replaces it', async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    const b = await device('B', email, false, { pullLimit: 2 });
    await settle([a, b]);
    const p = await a.call('parties.create', { type: 'customer', name: 'Ramesh' });
    await settle([a, b]);
    // A bill stored before the column rules existed (an older or modified client): no party_type.
    const biz = a.core.businessId;
    const billId = '0193f5a0-0000-7000-8000-0000000b0001';
    await standIn.sb.sql(
      `with s as (update sync_state set seq = seq + 1 where business_id = $1 returning seq)
       insert into bills (id, business_id, created_at, updated_at, field_stamps, seq, kind, party_type, party_id, invoice_number,
                          invoice_series, invoice_seq, bill_date, items, discount_paise, taxable_paise, cgst_paise, sgst_paise, igst_paise,
                          round_off_paise, total_paise)
       select $2, $1, '2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z', '{}'::jsonb, s.seq, 'sale', null, $3, 'OLD-1',
              1, 999, '2026-11-25', '[]'::jsonb, 0, 0, 0, 0, 0, 0, 0 from s`,
      [biz, billId, p.id],
    );
    // Later changes, in later pages.
    for (let i = 0; i < 5; i++) await a.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 100 * (i + 1) });
    await settle([a, b]);
    // B has everything after the bad row...
    expect((b.core.db.prepare('SELECT count(*) AS n FROM transactions WHERE party_id = ?').get(p.id) as { n: number }).n).toBe(5);
    expect(b.core.sync.status().state).toBe('synced');
    // ...the bad row is not stored, and the user sees why.
    expect(b.core.db.prepare('SELECT 1 FROM bills WHERE id = ?').get(billId)).toBeUndefined();
    const seen = problemsOf(b).find((x) => x.rowId === billId);
    expect(seen).toMatchObject({ code: 'UNSTORABLE', reason: 'unstorable', table: 'bills' });
    expect(seen!.message).toMatch(/party_type/);
    // The server now refuses exactly that: a new bill without party_type (protocol 1 client).
    const { makeClient } = await import('../../supabase/local/testkit');
    const api = makeClient(standIn.sb);
    await api.auth.signInWithPassword({ email, password: PASSWORD });
    const now = new Date().toISOString();
    const refused = await api.rpc('sync_push', {
      p_business_id: biz,
      p_device_id: a.core.deviceId,
      p_protocol: 1,
      p_ops: [
        {
          op_id: '0193f5a0-0000-7000-8000-0000000b0002',
          table: 'bills',
          row_id: '0193f5a0-0000-7000-8000-0000000b0003',
          stamp: `${now}-0000-00000000000000a1`,
          fields: {
            id: '0193f5a0-0000-7000-8000-0000000b0003', business_id: biz, created_at: now, updated_at: now, deleted_at: null, kind: 'sale',
            party_id: p.id, invoice_number: 'X-1', invoice_series: 1, invoice_seq: 1000, bill_date: '2026-11-25', items: [],
          },
        },
      ],
    });
    expect((refused.data as { rejected: { message: string }[] }).rejected[0]!.message).toMatch(/creating a bills row needs: party_type/);
    // A good version arrives (the server repairs it): it replaces the one set aside.
    await standIn.sb.sql(`select lenden.server_write($1, 'bills', $2, '{"party_type":"customer"}'::jsonb, created_by) from sync_state where business_id = $1`, [biz, billId]);
    await settle([a, b]);
    expect(b.core.db.prepare('SELECT party_type FROM bills WHERE id = ?').get(billId)).toEqual({ party_type: 'customer' });
    expect(problemsOf(b).find((x) => x.rowId === billId)).toBeUndefined();
    expect(b.core.db.prepare('SELECT count(*) AS n FROM sync_quarantine').get()).toEqual({ n: 0 });
    expect(await b.core.sync.verifyIntegrity()).toBeNull();
    await api.auth.signOut();
  });

  it('a row SQLite refuses is set aside too, and the rest of its page is stored', async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    const b = await device('B', email);
    await settle([a, b]);
    // Two bills with one invoice number can only exist if a server let them: the device's
    // unique index refuses the second one.
    const p = await a.call('parties.create', { type: 'customer', name: 'Suresh' });
    const bill = await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines: [{ name: 'Tea', qtyMilli: 1000, ratePaise: 5000, gstRateBp: 0 }] });
    await settle([a, b]);
    const twin = '0193f5a0-0000-7000-8000-0000000b0010';
    await standIn.sb.sql('alter table bills drop constraint bills_business_id_invoice_number_key');
    try {
      await standIn.sb.sql(
        `with s as (update sync_state set seq = seq + 1 where business_id = $1 returning seq)
         insert into bills select (jsonb_populate_record(null::bills, to_jsonb(b) || jsonb_build_object('id', $2::text, 'seq', s.seq))).*
           from bills b, s where b.id = $3`,
        [a.core.businessId, twin, bill.id],
      );
      await a.call('parties.create', { type: 'customer', name: 'After the twin' });
      await settle([a, b]);
      expect(b.core.db.prepare("SELECT 1 FROM customers WHERE name = 'After the twin'").get()).toBeTruthy();
      expect(b.core.db.prepare('SELECT 1 FROM bills WHERE id = ?').get(twin)).toBeUndefined();
      expect(problemsOf(b).find((x) => x.rowId === twin)).toMatchObject({ code: 'UNSTORABLE' });
    } finally {
      await standIn.sb.sql(`delete from bills where id = $1`, [twin]);
      await standIn.sb.sql('alter table bills add constraint bills_business_id_invoice_number_key unique (business_id, invoice_number)');
    }
  });
});

describe('2. no op can wedge the outbox', () => {
  it('NUL and broken symbols are refused at the contract boundary with a clear message', async () => {
    const t = createTestCore();
    try {
      for (const name of ['Ram\u0000esh', 'Bad \uD800 half', 'tail \uDC00', 'bell \u0007']) {
        await expect(t.call('parties.create', { type: 'customer', name })).rejects.toThrow(/VALIDATION: name: The text has a hidden control character or a broken symbol/);
      }
      // Tabs, new lines and whole emoji are fine.
      await t.call('parties.create', { type: 'customer', name: 'Ramesh 🙏' });
      await t.call('parties.create', { type: 'customer', name: 'Line', notes: 'one\ntwo\tthree' });
    } finally {
      await t.close();
    }
  });

  it('an op the server refuses every time (a NUL written by an older app) is set aside; the queue flows', async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    const b = await device('B', email);
    await settle([a, b]);
    const kept = await a.call('parties.create', { type: 'customer', name: 'Kept' });
    await settle([a, b]);
    a.core.sync.pause();
    const bad = await a.call('parties.create', { type: 'customer', name: 'Bad' });
    await a.call('parties.update', { type: 'customer', id: kept.id, patch: { phone: '9876543210' } });
    const after = await a.call('parties.create', { type: 'customer', name: 'After' });
    // What an older version could have queued: a NUL (Postgres refuses it in any text).
    const op = a.core.db.prepare("SELECT op_id, fields FROM outbox WHERE row_id = ? AND table_name = 'customers'").get(bad.id) as { op_id: string; fields: string };
    const fields = JSON.parse(op.fields) as Record<string, unknown>;
    fields.name = 'Ba\u0000d';
    a.core.db.prepare('UPDATE outbox SET fields = ? WHERE op_id = ?').run(JSON.stringify(fields), op.op_id);
    a.core.sync.resume();
    await settle([a, b]);
    expect(b.core.db.prepare('SELECT phone FROM customers WHERE id = ?').get(kept.id)).toEqual({ phone: '9876543210' });
    expect(b.core.db.prepare('SELECT 1 FROM customers WHERE id = ?').get(after.id)).toBeTruthy();
    // The refused create is gone from this device too (the server never had it) and kept in the problem.
    expect(a.core.db.prepare('SELECT 1 FROM customers WHERE id = ?').get(bad.id)).toBeUndefined();
    const problem = problemsOf(a).find((x) => x.rowId === bad.id);
    expect(problem).toMatchObject({ code: 'REFUSED', reason: 'refused' });
    expect(problem!.fields.name).toBe('Ba\u0000d');
    expect(a.core.sync.status().state).toBe('synced');
    expectConverged([a, b]);
  });

  it('an edit the server refuses every time is rolled back to the server’s row', async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    await settle([a]);
    const p = await a.call('parties.create', { type: 'customer', name: 'Original' });
    await settle([a]);
    a.core.sync.pause();
    await a.call('parties.update', { type: 'customer', id: p.id, patch: { name: 'Edited' } });
    const op = a.core.db.prepare("SELECT op_id, fields FROM outbox WHERE row_id = ?").get(p.id) as { op_id: string; fields: string };
    a.core.db.prepare('UPDATE outbox SET fields = ? WHERE op_id = ?').run(JSON.stringify({ ...JSON.parse(op.fields), name: 'Ed\uDC00ited' }), op.op_id);
    a.core.sync.resume();
    await settle([a]);
    expect(a.core.db.prepare('SELECT name FROM customers WHERE id = ?').get(p.id)).toEqual({ name: 'Original' });
    expect(problemsOf(a).find((x) => x.rowId === p.id)).toMatchObject({ reason: 'refused' });
  });
});

describe('3. joining never overwrites the business', () => {
  it("a second PC that restarts before its first pull never stamps default settings over the shop's", async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    await a.call('settings.update', { name: 'Sharma Kirana', gstin: '27ABCDE1234F1Z0', address: 'Shop 4, MG Road, Pune' });
    await settle([a]);
    const before = await standIn.sb.sql('select name, gstin, state_code, address, field_stamps from business_settings where id = $1', [a.core.businessId]);

    // B signs in and joins, but its pulls fail (a flaky network) — then it restarts, still offline.
    let pullsFail = true;
    const flaky = (t: SyncTransport): SyncTransport =>
      Object.assign(Object.create(t) as SyncTransport, {
        pull: (...args: Parameters<SyncTransport['pull']>) => (pullsFail ? Promise.reject(new SyncError('network', 'Cannot reach the sync server.', 0)) : t.pull(...args)),
      });
    const store = new MemorySecureStore();
    const opts = { secureStore: store, sync: { webSocket: WebSocket as never, wrapTransport: flaky, safetyPullMs: 500, digestEveryMs: 0, log: () => undefined } };
    const first = createTestCore(opts);
    await first.call('account.configure', { url: standIn.sb.url, anonKey: standIn.sb.anonKey });
    await first.call('account.signIn', { email, password: PASSWORD });
    await first.core.sync.syncNow();
    expect(first.core.businessId).toBe(a.core.businessId);
    expect(await first.call('settings.get')).toMatchObject({ name: 'Sharma Kirana', arriving: true });
    await expect(first.call('settings.update', { name: 'My Shop' })).rejects.toThrow(/have not arrived/);
    await first.core.close();
    const again = createTestCore({ ...opts, dir: first.dir, file: first.file });
    try {
      await again.core.sync.start();
      await again.core.sync.syncNow();
      expect(again.core.db.prepare('SELECT count(*) AS n FROM business_settings').get()).toEqual({ n: 0 });
      expect(again.core.db.prepare("SELECT count(*) AS n FROM outbox WHERE table_name = 'business_settings'").get()).toEqual({ n: 0 });
      expect(await standIn.sb.sql('select name, gstin, state_code, address, field_stamps from business_settings where id = $1', [a.core.businessId])).toEqual(before);
      // The network comes back: the shop's real settings arrive, nothing was written over them.
      pullsFail = false;
      await again.core.sync.syncNow();
      await waitFor(() => again.core.sync.status().state === 'synced', 'B synced');
      expect(await again.call('settings.get')).toMatchObject({ name: 'Sharma Kirana', gstin: '27ABCDE1234F1Z0', address: 'Shop 4, MG Road, Pune' });
      expect((await again.call('settings.get')).arriving).toBeUndefined();
      expect(await standIn.sb.sql('select name, gstin, state_code, address, field_stamps from business_settings where id = $1', [a.core.businessId])).toEqual(before);
      const fromB = await standIn.sb.sql("select 1 from sync_applied_ops where table_name = 'business_settings' and device_id = $1", [again.core.deviceId]);
      expect(fromB).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it("a first-run default never beats a real setting, even if it reaches the server", async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    await a.call('settings.update', { name: 'Gupta Stores' });
    await settle([a]);
    const stamps = (await standIn.sb.sql<{ field_stamps: Record<string, string> }>('select field_stamps from business_settings where id = $1', [a.core.businessId]))[0]!.field_stamps;
    // The defaults made at first run carry the lowest stamp there is.
    expect(Object.entries(stamps).filter(([k]) => k !== 'name' && k !== 'updated_at').every(([, v]) => v.startsWith('1970-01-01T00:00:00.000Z'))).toBe(true);
    expect(stamps.name!.startsWith('1970')).toBe(false);
  });
});
