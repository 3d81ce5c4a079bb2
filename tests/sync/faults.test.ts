import { describe, expect, it } from 'vitest';
import { addMember, makeClient } from '../../supabase/local/testkit';
import { expectConverged, newEmail, PASSWORD, settle, startDevice, waitFor, serverForFile } from './harness';

const standIn = serverForFile();
const devices = standIn.devices;

async function device(name: string, email: string, signUp = false, extra: Parameters<typeof startDevice>[1]['sync'] = {}) {
  const d = await startDevice(standIn.sb, { name, email, signUp, sync: { random: () => 0, ...extra } });
  devices.push(d);
  return d;
}

describe('sync under faults', () => {
  it('a push whose answer is lost after the server committed is retried and applied once', async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    const b = await device('B', email);
    await settle([a, b]);
    const p = await a.call('parties.create', { type: 'customer', name: 'Lost Answer' });
    a.core.sync.pause();
    for (let i = 0; i < 20; i++) await a.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 100 });
    standIn.sb.faults.dropResponseAfterCommit = 1;
    a.core.sync.resume();
    await waitFor(() => a.core.sync.status().state === 'offline' || standIn.sb.faults.dropResponseAfterCommit === 0, 'the dropped answer');
    await settle([a, b]);
    const server = await standIn.sb.sql<{ n: string }>('SELECT count(*) AS n FROM transactions WHERE party_id = $1', [p.id]);
    expect(Number(server[0]!.n)).toBe(20);
    expectConverged([a, b]);
  });

  it('server errors (503) back off and recover without losing ops', async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    await settle([a]);
    a.core.sync.pause();
    const p = await a.call('parties.create', { type: 'customer', name: 'Flaky' });
    standIn.sb.faults.failNextRpc = 3;
    a.core.sync.resume();
    await waitFor(() => a.core.sync.status().state === 'synced' && standIn.sb.faults.failNextRpc === 0, 'recovery after 503s', 20_000);
    const server = await standIn.sb.sql('SELECT 1 FROM customers WHERE id = $1', [p.id]);
    expect(server.length).toBe(1);
  });

  it('an op the server refuses (staff deleting a customer) is rolled back and listed as a sync problem', async () => {
    const ownerEmail = newEmail('owner');
    const staffEmail = newEmail('staff');
    const owner = await device('Owner', ownerEmail, true);
    await standIn.sb.createUser(staffEmail, PASSWORD);
    const ownerApi = makeClient(standIn.sb);
    await ownerApi.auth.signInWithPassword({ email: ownerEmail, password: PASSWORD });
    const staffApi = makeClient(standIn.sb);
    await staffApi.auth.signInWithPassword({ email: staffEmail, password: PASSWORD });
    await addMember(ownerApi, staffApi, owner.core.businessId, staffEmail);
    const p = await owner.call('parties.create', { type: 'customer', name: 'Protected' });
    await settle([owner]);
    const staff = await device('Staff', staffEmail);
    await settle([owner, staff]);
    expect(staff.core.businessId).toBe(owner.core.businessId);
    expect((await staff.call('account.current')).role).toBe('staff');

    // Staff are told at once on the device...
    await expect(staff.call('parties.delete', { type: 'customer', id: p.id })).rejects.toThrow(/FORBIDDEN: Only the owner/);
    // ...but a device that still thinks it is the owner (demoted on the server while
    // offline) gets its change refused by the server, undone, and listed as a problem.
    staff.core.state.set('role', 'owner');
    await staff.call('parties.delete', { type: 'customer', id: p.id });
    await settle([owner, staff]);
    staff.core.state.set('role', 'staff');
    const back = await staff.call('parties.get', { type: 'customer', id: p.id });
    expect(back.deletedAt).toBeNull();
    const problems = await staff.call('sync.problems', {});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'FORBIDDEN', table: 'customers', rowId: p.id });
    expect(problems[0]!.fields).toHaveProperty('deleted_at');
    // Staff may still record entries for the customer.
    await staff.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: 5000 });
    await settle([owner, staff]);
    expectConverged([owner, staff]);
    await ownerApi.auth.signOut();
  });

  it('a damaged local database is caught by the digest and repaired by a full re-pull', async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    const b = await device('B', email);
    const p = await a.call('parties.create', { type: 'customer', name: 'Digest' });
    for (let i = 0; i < 5; i++) await a.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 1000 });
    await settle([a, b]);
    // Lose a row behind the engine's back (a bad disk sector, a bad restore).
    b.core.db.prepare('DELETE FROM transactions WHERE id = (SELECT id FROM transactions WHERE party_id = ? LIMIT 1)').run(p.id);
    expect(await b.core.sync.verifyIntegrity()).toMatch(/transactions: 4 here, 5 on the server/);
    await b.core.sync.syncNow();
    expect(await b.core.sync.verifyIntegrity()).toBeNull();
    expectConverged([a, b]);
  });

  it('reports offline, then pending, then synced', async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    await settle([a]);
    const seen: string[] = [];
    const off = a.core.on('sync.status', (s) => seen.push(`${s.state}:${s.pending}`));
    standIn.sb.faults.offline = true;
    try {
      await a.call('parties.create', { type: 'customer', name: 'Indicator' });
      await waitFor(() => a.core.sync.status().state === 'offline', 'offline status');
      expect(a.core.sync.status().pending).toBe(1);
    } finally {
      standIn.sb.faults.offline = false;
    }
    await a.call('sync.now');
    expect(a.core.sync.status()).toMatchObject({ state: 'synced', pending: 0 });
    off();
    expect(seen).toContain('offline:1');
    expect(seen.at(-1)).toBe('synced:0');
  });
});
