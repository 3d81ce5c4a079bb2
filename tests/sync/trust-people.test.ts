import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { makeClient } from '../../supabase/local/testkit';
import { createTestCore } from '../../src-main/core/testing';
import { MemorySecureStore } from '../../src-main/core/sync/secure-store';
import { SyncError, type SyncTransport } from '../../src-main/core/sync/wire';
import { newEmail, PASSWORD, settle, startDevice, waitFor, serverForFile } from './harness';

/**
 * Sync-trust scenarios 8 and 9: sign-out never hands pending changes to the next user;
 * members join by consent and can be removed.
 */
const standIn = serverForFile();
const devices = standIn.devices;

async function device(name: string, email: string, signUp = false, sync: Parameters<typeof startDevice>[1]['sync'] = {}) {
  const d = await startDevice(standIn.sb, { name, email, signUp, sync: { random: () => 0, ...sync } });
  devices.push(d);
  return d;
}

async function api(email: string) {
  const client = makeClient(standIn.sb);
  const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (error) throw error;
  standIn.afterFile(async () => void (await client.auth.signOut()));
  return client;
}

describe('8. sign-out never hands pending changes to the next user', () => {
  it('refuses while changes wait, keeps them for their user when forced, and never sends them as someone else', async () => {
    const ownerEmail = newEmail('owner');
    const staffEmail = newEmail('staff');
    let offline = false;
    const flaky = (t: SyncTransport): SyncTransport =>
      Object.assign(Object.create(t) as SyncTransport, {
        push: (...a: Parameters<SyncTransport['push']>) => (offline ? Promise.reject(new SyncError('network', 'Cannot reach the sync server.', 0)) : t.push(...a)),
      });
    const counter = await device('Counter PC', ownerEmail, true, { wrapTransport: flaky });
    const ownerId = counter.core.userId!;
    await standIn.sb.createUser(staffEmail, PASSWORD);
    await (await api(ownerEmail)).rpc('sync_add_member', { p_business_id: counter.core.businessId, p_email: staffEmail, p_role: 'staff' });
    const staffApi = await api(staffEmail);
    const invitation = ((await staffApi.rpc('sync_my_invitations')).data as { invitation_id: string }[])[0]!;
    await staffApi.rpc('sync_answer_invitation', { p_invitation_id: invitation.invitation_id, p_accept: true });
    const p = await counter.call('parties.create', { type: 'customer', name: 'Owner made' });
    await settle([counter]);

    offline = true;
    await counter.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 70_000 });
    await expect(counter.call('account.signOut', {})).rejects.toThrow(/1 change has not reached the server yet.*sign out anyway/);
    expect((await counter.call('account.current')).signedIn).toBe(true);
    const out = await counter.call('account.signOut', { force: true });
    expect(out.signedIn).toBe(false);
    // Kept, and still the owner's.
    expect(counter.core.db.prepare('SELECT user_id FROM outbox').all()).toEqual([{ user_id: ownerId }]);

    // The staff member signs in on the same PC: the owner's change is not theirs to send.
    offline = false;
    await counter.call('account.signIn', { email: staffEmail, password: PASSWORD });
    const staffId = counter.core.userId!;
    await counter.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: 1_000 });
    await counter.core.sync.syncNow();
    const status = counter.core.sync.status();
    expect(status).toMatchObject({ state: 'error', reason: 'held' });
    expect(status.state === 'error' && status.lastError).toMatch(new RegExp(`1 change made by ${ownerEmail.replace('.', '\\.')} wait`));
    expect(status.state !== 'local-only' && status.oldestPendingAt).toBeTruthy();
    const sentByStaff = await standIn.sb.sql('select 1 from sync_applied_ops where user_id = $1 and table_name = $2', [staffId, 'transactions']);
    expect(sentByStaff).toEqual([]);
    expect(await standIn.sb.sql('select 1 from transactions where party_id = $1', [p.id])).toEqual([]);
    await counter.call('account.signOut', { force: true });

    // The owner signs in again: their change goes under their name; the staff member's waits for them.
    await counter.call('account.signIn', { email: ownerEmail, password: PASSWORD });
    await counter.core.sync.syncNow();
    const rows = await standIn.sb.sql<{ user_id: string; amount_paise: string }>(
      "select a.user_id, t.amount_paise from sync_applied_ops a join transactions t on t.id = a.row_id where a.table_name = 'transactions' and t.party_id = $1",
      [p.id],
    );
    expect(rows).toEqual([{ user_id: ownerId, amount_paise: '70000' }]);
    expect(counter.core.db.prepare('SELECT user_id FROM outbox').all()).toEqual([{ user_id: staffId }]);
    await counter.call('account.signOut', { force: true });
    await counter.call('account.signIn', { email: staffEmail, password: PASSWORD });
    await counter.core.sync.syncNow();
    const all = await standIn.sb.sql<{ user_id: string; amount_paise: string }>(
      "select a.user_id, t.amount_paise from sync_applied_ops a join transactions t on t.id = a.row_id where a.table_name = 'transactions' and t.party_id = $1 order by t.amount_paise",
      [p.id],
    );
    expect(all).toEqual([
      { user_id: staffId, amount_paise: '1000' },
      { user_id: ownerId, amount_paise: '70000' },
    ]);
    expect(counter.core.sync.status().state).toBe('synced');
  });

  it('makes the answer that emptied the outbox durable before it drops the session', async () => {
    const email = newEmail('durable');
    const counter = await device('Counter PC', email, true);
    const p = await counter.call('parties.create', { type: 'customer', name: 'Ramesh' });
    await counter.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 70_000 });
    const session = counter.core.sync.session;
    const dropSession = session.signOut.bind(session);
    const seen: { pending: number; durableWriteAfterAnswer: boolean }[] = [];
    // The push answer that empties the outbox is stored without waiting on the disk; a commit
    // with synchronous=FULL after it (this one writes `signed_out_at`) makes it durable.
    let answeredAt = -1;
    let step = 0;
    const db = counter.core.db;
    const pragma = db.pragma.bind(db);
    db.pragma = ((source: string, options?: { simple?: boolean }) => {
      if (source === 'synchronous = NORMAL') answeredAt = ++step;
      return pragma(source, options);
    }) as typeof db.pragma;
    session.signOut = async () => {
      seen.push({
        pending: (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n,
        durableWriteAfterAnswer: answeredAt > 0 && counter.core.state.get('signed_out_at') !== null && Number(pragma('synchronous', { simple: true })) === 2,
      });
      return dropSession();
    };
    try {
      const out = await counter.call('account.signOut', {});
      expect(out.signedIn).toBe(false);
    } finally {
      db.pragma = pragma as typeof db.pragma;
    }
    expect(seen).toEqual([{ pending: 0, durableWriteAfterAnswer: true }]);
  });
});

describe('9. members join by consent and can be removed', () => {
  it('an invitation shows nothing until accepted; a device with its own shop keeps it; unknown emails get the same answer', async () => {
    const ownerEmail = newEmail('owner');
    const staffEmail = newEmail('staff');
    const owner = await device('Owner', ownerEmail, true);
    await owner.call('parties.create', { type: 'customer', name: 'Secret customer' });
    await settle([owner]);
    // The staff member already runs Lenden for a shop of their own.
    const theirs = await device('Staff PC', staffEmail, true);
    const own = await theirs.call('parties.create', { type: 'customer', name: 'My own customer' });
    await settle([theirs]);
    const ownBusiness = theirs.core.businessId;

    const invited = await owner.call('members.invite', { email: staffEmail, role: 'staff' });
    const stranger = await owner.call('members.invite', { email: 'nobody-here@example.com', role: 'staff' });
    expect(invited).toEqual({ email: staffEmail, role: 'staff', status: 'invited' });
    expect(stranger).toEqual({ email: 'nobody-here@example.com', role: 'staff', status: 'invited' });
    expect((await owner.call('members.list')).invitations.map((i) => i.email).sort()).toEqual(['nobody-here@example.com', staffEmail].sort());

    // Until they accept: no rows, no pull, no pokes.
    const staffApi = await api(staffEmail);
    expect((await staffApi.from('customers').select('name').eq('business_id', owner.core.businessId)).data).toEqual([]);
    expect((await staffApi.rpc('sync_pull', { p_business_id: owner.core.businessId, p_since: 0, p_limit: 10 })).error?.message).toMatch(/^AUTH: /);
    const list = await theirs.call('account.invitations');
    expect(list).toEqual([expect.objectContaining({ businessId: owner.core.businessId, role: 'staff', invitedBy: ownerEmail })]);

    // Accepting on a computer with its own shop: the membership is made, the computer keeps its shop.
    const answer = await theirs.call('account.answerInvitation', { invitationId: list[0]!.invitationId, accept: true });
    expect(answer.joinedHere).toBe(false);
    await settle([theirs]);
    expect(theirs.core.businessId).toBe(ownBusiness);
    expect((await theirs.call('parties.get', { type: 'customer', id: own.id })).name).toBe('My own customer');
    expect(theirs.core.db.prepare("SELECT 1 FROM customers WHERE name = 'Secret customer'").get()).toBeUndefined();
    // The membership is real: the account now belongs to both shops, and can read the one it joined.
    const mine = (await staffApi.rpc('sync_my_businesses')).data as { business_id: string; role: string }[];
    expect(mine.map((m) => [m.business_id, m.role]).sort()).toEqual([[owner.core.businessId, 'staff'], [ownBusiness, 'owner']].sort());
    expect((await staffApi.from('customers').select('name').eq('business_id', owner.core.businessId)).data).toEqual([{ name: 'Secret customer' }]);
  });

  it('a new computer of an invited person waits for the answer, then joins the shop', async () => {
    const ownerEmail = newEmail('owner');
    const staffEmail = newEmail('staff');
    const owner = await device('Owner', ownerEmail, true);
    await owner.call('parties.create', { type: 'customer', name: 'Shop customer' });
    await settle([owner]);
    await standIn.sb.createUser(staffEmail, PASSWORD);
    await owner.call('members.invite', { email: staffEmail, role: 'staff' });
    const pc = await device('Staff new PC', staffEmail);
    await pc.core.sync.syncNow();
    expect(pc.core.sync.status()).toMatchObject({ state: 'error', reason: 'invited' });
    expect(await standIn.sb.sql('select 1 from sync_state where business_id = $1', [pc.core.businessId])).toEqual([]);
    const [inv] = await pc.call('account.invitations');
    const joined = await pc.call('account.answerInvitation', { invitationId: inv!.invitationId, accept: true });
    expect(joined).toMatchObject({ joinedHere: true, role: 'staff', businessId: owner.core.businessId });
    await settle([owner, pc]);
    expect(pc.core.db.prepare("SELECT 1 FROM customers WHERE name = 'Shop customer'").get()).toBeTruthy();
  });

  it('a removed member and a removed device are refused by RLS, every RPC and Realtime, and say so', async () => {
    const ownerEmail = newEmail('owner');
    const staffEmail = newEmail('staff');
    const owner = await device('Owner', ownerEmail, true);
    await standIn.sb.createUser(staffEmail, PASSWORD);
    await owner.call('members.invite', { email: staffEmail, role: 'staff' });
    const pc = await device('Staff PC', staffEmail);
    await pc.call('account.answerInvitation', { invitationId: (await pc.call('account.invitations'))[0]!.invitationId, accept: true });
    const second = await device('Owner laptop', ownerEmail);
    await settle([owner, pc, second]);
    const members = await owner.call('members.list');
    expect(members.members.map((m) => m.role).sort()).toEqual(['owner', 'staff']);
    expect(members.devices.map((d) => d.thisComputer)).toContain(true);
    // Each series belongs to the device and user that registered it.
    const series = await standIn.sb.sql<{ device_id: string; invoice_series: number }>('select device_id, invoice_series from sync_devices where business_id = $1', [owner.core.businessId]);
    expect(new Set(series.map((s) => s.invoice_series)).size).toBe(3);

    const staffMember = members.members.find((m) => m.role === 'staff')!;
    await owner.call('members.remove', { userId: staffMember.userId });
    await owner.call('members.removeDevice', { deviceId: second.core.deviceId });
    await owner.call('parties.create', { type: 'customer', name: 'After removal' });
    await settle([owner]);

    await pc.core.sync.syncNow();
    expect(pc.core.sync.status()).toMatchObject({ state: 'error', reason: 'removed' });
    expect(pc.core.sync.status().state === 'error' && pc.core.sync.status()).toMatchObject({ lastError: expect.stringMatching(/removed you from this shop/) });
    expect(pc.core.db.prepare("SELECT 1 FROM customers WHERE name = 'After removal'").get()).toBeUndefined();
    await second.core.sync.syncNow();
    expect(second.core.sync.status()).toMatchObject({ state: 'error', reason: 'removed', lastError: expect.stringMatching(/removed this computer/) });

    const staffApi = await api(staffEmail);
    expect((await staffApi.from('customers').select('name').eq('business_id', owner.core.businessId)).data).toEqual([]);
    for (const call of [
      staffApi.rpc('sync_pull', { p_business_id: owner.core.businessId, p_since: 0, p_limit: 10 }),
      staffApi.rpc('sync_digest', { p_business_id: owner.core.businessId }),
      staffApi.rpc('sync_register_device', { p_business_id: owner.core.businessId, p_device_id: 'again' }),
      staffApi.rpc('sync_push', { p_business_id: owner.core.businessId, p_device_id: 'x', p_protocol: 2, p_ops: [] }),
    ]) {
      expect((await call).error?.message).toMatch(/^REMOVED: you were removed/);
    }
    // Realtime: the removed member's channel join is refused.
    const joined = await new Promise<string>((resolve) => {
      const channel = staffApi.channel(`business:${owner.core.businessId}`, { config: { private: true } });
      channel.subscribe((status) => {
        if (status !== 'SUBSCRIBED' && status !== 'CHANNEL_ERROR') return;
        resolve(status);
        void channel.unsubscribe();
      });
    });
    expect(joined).toBe('CHANNEL_ERROR');
    // The removed device's owner account still works on its other computers.
    await owner.core.sync.syncNow();
    expect(owner.core.sync.status().state).toBe('synced');
  });
});

describe('9b. a new computer of a stranger', () => {
  it('creates its own shop when no invitation waits', async () => {
    const t = createTestCore({ secureStore: new MemorySecureStore(), sync: { webSocket: WebSocket as never, log: () => undefined } });
    standIn.afterFile(() => t.close());
    await t.call('account.configure', { url: standIn.sb.url, anonKey: standIn.sb.anonKey });
    await t.call('account.signUp', { email: newEmail('solo'), password: PASSWORD });
    await waitFor(async () => (await standIn.sb.sql('select 1 from sync_state where business_id = $1', [t.core.businessId])).length === 1, 'own shop claimed');
  });
});
