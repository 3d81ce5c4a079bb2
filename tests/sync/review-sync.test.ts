import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { addMember, makeClient } from '../../supabase/local/testkit';
import { createTestCore } from '../../src-main/core/testing';
import { MemorySecureStore } from '../../src-main/core/sync/secure-store';
import { classify } from '../../src-main/core/sync/transport';
import { newEmail, PASSWORD, settle, startServer, type Device, serverForFile } from './harness';

/**
 * Review of sync correctness through the real server (stand-in Postgres + PostgREST).
 * Each failing case is marked it.fails with the bug it shows; the lead flips it once fixed.
 */

const standIn = serverForFile();
const devices = standIn.devices;

/** startDevice with this device's own wall clock (the harness has none). */
async function device(name: string, email: string, signUp: boolean, now?: () => Date): Promise<Device> {
  const t = createTestCore({
    ...(now ? { now } : {}),
    secureStore: new MemorySecureStore(),
    sync: { webSocket: WebSocket as never, safetyPullMs: 1_500, digestEveryMs: 0, random: () => 0, log: () => undefined },
  });
  const d = Object.assign(t, { name });
  devices.push(d);
  await t.call('account.configure', { url: standIn.sb.url, anonKey: standIn.sb.anonKey });
  await t.call(signUp ? 'account.signUp' : 'account.signIn', { email, password: PASSWORD });
  return d;
}

const count = (d: Device, sql: string, ...args: unknown[]) => (d.core.db.prepare(sql).get(...args) as { n: number }).n;

describe('review: clocks', () => {
  // BUG (review #1): sync_push answers a stamp > 5 min ahead with a per-op CLOCK rejection;
  // engine.applyPushResult drops the op and restoreServerRow(null) deletes the row. A shop
  // PC whose clock is 10 minutes fast loses its business settings, customers and entries on
  // the first sync (they survive only as JSON in sync problems).
  it('a device whose clock is 10 minutes fast keeps its records until the clock is fixed', async () => {
    const fast = () => new Date(Date.now() + 10 * 60_000);
    const a = await device('Fast', newEmail('fast'), true, fast);
    const p = await a.call('parties.create', { type: 'customer', name: 'Fast Clock' });
    await a.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 250_000 });
    await a.core.sync.syncNow();
    const left = {
      settings: count(a, 'SELECT count(*) AS n FROM business_settings'),
      customers: count(a, 'SELECT count(*) AS n FROM customers WHERE id = ?', p.id),
      entries: count(a, 'SELECT count(*) AS n FROM transactions WHERE party_id = ?', p.id),
    };
    expect(left).toEqual({ settings: 1, customers: 1, entries: 1 });
    expect(a.core.sync.status().state).toBe('error');
  });

  // BUG (review #4): a device whose clock is more than a day behind cannot follow the
  // server's stamps (HybridClock.observe refuses, Merger swallows it but keeps the stamps), so
  // RowWriter.update stamps its edits below the field's stamp. sync_push accepts them as
  // "changes nothing": the edit shows on this device only, forever, and never reaches the
  // shop's other devices.
  it('an edit made on a device whose clock is two days behind reaches the other device', async () => {
    const email = newEmail('late');
    const a = await device('A', email, true);
    const late = () => new Date(Date.now() - 2 * 24 * 60 * 60_000);
    const b = await device('Late', email, false, late);
    await settle([a, b]);
    expect(b.core.businessId).toBe(a.core.businessId);
    const p = await a.call('parties.create', { type: 'customer', name: 'Ganesh' });
    await settle([a, b]);
    await b.call('parties.update', { type: 'customer', id: p.id, patch: { name: 'Ganesh Traders' } });
    await settle([a, b]);
    const onA = await a.call('parties.get', { type: 'customer', id: p.id });
    const onB = await b.call('parties.get', { type: 'customer', id: p.id });
    expect([onA.name, onB.name]).toEqual(['Ganesh Traders', 'Ganesh Traders']);
  });
});

describe('review: bills', () => {
  // BUG (review #5): bills.items comes back from the jsonb column with its keys re-ordered;
  // the merge stores that text, so RowWriter.update sees "changed" items on every later bill
  // edit and re-sends the old lines with a fresh stamp. A note edit on B silently undoes a
  // line edit made on A: the bill keeps A's totals and posting amount but B's old lines.
  it('a note edit on one device does not undo a line edit made on another', async () => {
    const email = newEmail('bill');
    const a = await device('A', email, true);
    const b = await device('B', email, false);
    const p = await a.call('parties.create', { type: 'customer', name: 'Bill Party' });
    const bill = await a.call('bills.create', {
      kind: 'sale',
      partyType: 'customer',
      partyId: p.id,
      lines: [{ name: 'Sugar', hsn: '1701', qtyMilli: 2_000, unit: 'kg', ratePaise: 4_500, gstRateBp: 500 }],
    });
    await settle([a, b]);
    a.core.sync.pause();
    b.core.sync.pause();
    await a.call('bills.update', { id: bill.id, patch: { lines: [{ name: 'Sugar', hsn: '1701', qtyMilli: 3_000, unit: 'kg', ratePaise: 4_500, gstRateBp: 500 }] } });
    await new Promise((r) => setTimeout(r, 5));
    await b.call('bills.update', { id: bill.id, patch: { note: 'Deliver on Monday' } });
    a.core.sync.resume();
    b.core.sync.resume();
    await settle([a, b]);
    for (const d of [a, b]) {
      const got = await d.call('bills.get', { id: bill.id });
      const linesTotal = got.lines.reduce((s, l) => s + l.totalPaise, 0) + got.roundOffPaise;
      expect({ qty: got.lines[0]!.qtyMilli, note: got.note, consistent: linesTotal === got.totalPaise }).toEqual({ qty: 3_000, note: 'Deliver on Monday', consistent: true });
    }
  });

  // BUG (review #3): when sync_push refuses a bill create (CONFLICT: invoice number already
  // used; here two devices share a series, as after restoring one PC's backup onto another),
  // it still accepts the bill's posting entry (a separate op). The engine deletes the bill
  // locally and keeps the entry: the party owes the bill's amount on every device, for a bill
  // that exists nowhere.
  it('a refused bill leaves no live posting entry behind on any device', async () => {
    const email = newEmail('clash');
    const a = await device('A', email, true);
    const b = await device('B', email, false);
    const p = await a.call('parties.create', { type: 'customer', name: 'Clash Party' });
    await settle([a, b]);
    b.core.state.set('invoice_series', a.core.state.get('invoice_series')!);
    a.core.sync.pause();
    b.core.sync.pause();
    const line = { name: 'Oil', qtyMilli: 1_000, ratePaise: 150_000, gstRateBp: 0 };
    const billA = await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines: [line] });
    const billB = await b.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines: [line] });
    expect(billB.invoiceNumber).toBe(billA.invoiceNumber);
    a.core.sync.resume();
    await settle([a]);
    b.core.sync.resume();
    await settle([a, b]);
    const orphanSql = `SELECT count(*) AS n FROM transactions t WHERE t.bill_id IS NOT NULL AND t.deleted_at IS NULL
                         AND NOT EXISTS (SELECT 1 FROM bills x WHERE x.id = t.bill_id AND x.deleted_at IS NULL)`;
    const server = await standIn.sb.sql<{ n: string }>(`${orphanSql.replace('count(*) AS n', 'count(*)::text AS n')} AND t.business_id = $1`, [a.core.businessId]);
    expect({ a: count(a, orphanSql), b: count(b, orphanSql), server: Number(server[0]!.n) }).toEqual({ a: 0, b: 0, server: 0 });
  });
});

describe('review: moving to another server', () => {
  // BUG (review #6): engine.configure allows another server once signed out, and signUp then
  // claims the local business there; but rows already synced to the old server are no longer
  // in the outbox, and pull_cursor / head_seq still hold the old server's sequence. The new
  // server (and every device joining it) gets only the few ops still pending: the shop's
  // parties and entries are missing there, and this device reports a digest error forever.
  it('a device with synced records is not moved to another server (its records would stay behind)', async () => {
    const other = await startServer();
    try {
      const a = await device('Mover', newEmail('mover'), true);
      const p = await a.call('parties.create', { type: 'customer', name: 'Moved Party' });
      for (let i = 0; i < 3; i++) await a.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 10_000 });
      await settle([a]);
      await a.call('account.signOut');
      await expect(a.call('account.configure', { url: other.url, anonKey: other.anonKey })).rejects.toThrow(/CONFLICT: This device has records synced with another server/);
      // Nothing changed: the device still points at its server and keeps every record.
      expect((await a.call('account.current')).serverUrl).toBe(standIn.sb.url);
      expect((await a.call('parties.get', { type: 'customer', id: p.id })).balancePaise).toBe(30_000);
    } finally {
      await other.stop();
    }
  });
});

describe('review: a member whose role changes', () => {
  // BUG (review #7, permissions rather than money): the device learns its role only in
  // linkBusiness, which is skipped for good once linked_business is set; pulled
  // business_members rows never update sync_state.role. A staff member promoted to owner stays
  // "staff" on that device until they sign out; an owner demoted to staff keeps acting as owner
  // and has each owner-only change rolled back by the server (creates deleted locally).
  it('a staff device learns that it was made owner', async () => {
    const ownerEmail = newEmail('owner');
    const staffEmail = newEmail('staff');
    const owner = await device('Owner', ownerEmail, true);
    await standIn.sb.createUser(staffEmail, PASSWORD);
    const ownerApi = makeClient(standIn.sb);
    await ownerApi.auth.signInWithPassword({ email: ownerEmail, password: PASSWORD });
    const add = (role: string) => ownerApi.rpc('sync_add_member', { p_business_id: owner.core.businessId, p_email: staffEmail, p_role: role });
    const staffApi = makeClient(standIn.sb);
    await staffApi.auth.signInWithPassword({ email: staffEmail, password: PASSWORD });
    await addMember(ownerApi, staffApi, owner.core.businessId, staffEmail);
    const staff = await device('Staff', staffEmail, false);
    await settle([owner, staff]);
    expect((await staff.call('account.current')).role).toBe('staff');
    expect((await add('owner')).error).toBeNull();
    await settle([owner, staff]);
    const member = staff.core.db.prepare('SELECT role FROM business_members WHERE user_id = ?').get(staff.core.userId) as { role: string };
    expect(member.role).toBe('owner');
    expect((await staff.call('account.current')).role).toBe('owner');
    await ownerApi.auth.signOut();
  });
});

describe('review: what a real PostgREST answers for a function it does not know', () => {
  // BUG (review #2, the premise through real PostgREST): a missing or not-yet-reloaded RPC
  // answers HTTP 404 PGRST202 without a code prefix; classify() calls it 'validation', which
  // makes pushAll reject ops locally one by one (src-main/core/sync/review-engine.test.ts).
  it('classifies a 404 from PostgREST as retryable, not as a validation refusal', async () => {
    const client = makeClient(standIn.sb);
    const email = newEmail('rpc404');
    await client.auth.signUp({ email, password: PASSWORD });
    const answer = await client.rpc('sync_push_not_deployed', { p_business_id: 'x' });
    expect(answer.status).toBe(404);
    expect(classify(answer).kind).not.toBe('validation');
    await client.auth.signOut();
  });
});
