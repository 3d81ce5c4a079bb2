import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncSession } from '../../src-main/core/sync/session';
import { expectConverged, newEmail, PASSWORD, recordPullsFrom, serverForFile, settle, startDevice, waitFor, type Device } from './harness';

// A push of a few changes sends, with its poke, the page a pull right after it would return
// (20261214000000_poke_page). A computer whose rows stand where that page starts stores it
// without pulling: one trip instead of two. Anything else pulls as before. The page goes to a
// topic whose key changes when a member or a computer is removed, so they hear no more pages.

const standIn = serverForFile();
const devices = standIn.devices;

// What each computer's pages channel hears (before the engine decides whether to store it).
const heard = new WeakMap<SyncSession, unknown[]>();
const subscribePages = SyncSession.prototype.subscribePages;
beforeAll(() => {
  SyncSession.prototype.subscribePages = function (this: SyncSession, topic, onPage, onLost) {
    const list = heard.get(this) ?? [];
    heard.set(this, list);
    return subscribePages.call(this, topic, (payload) => (list.push(payload), onPage(payload)), onLost);
  };
});
afterAll(() => {
  SyncSession.prototype.subscribePages = subscribePages;
});
const pagesHeard = (d: Device) => heard.get(d.core.sync.session) ?? [];

/** A computer that pulls only when told to (no safety pulls meanwhile), recording where each pull starts. */
async function computer(name: string, email: string, pulls: number[] = [], signUp = false): Promise<Device> {
  const d = await startDevice(standIn.sb, { name, email, signUp, sync: { safetyPullMs: 3_600_000, wrapTransport: recordPullsFrom(pulls) } });
  devices.push(d);
  return d;
}

const has = (d: Device, sql: string, ...args: unknown[]) => d.core.db.prepare(sql).get(...args) !== undefined;
const cursor = (d: Device) => Number(d.core.state.get('pull_cursor'));

describe('pages sent with pokes', () => {
  it('bring entries, edits, deletions and a large bill to the other computer without a pull, with their history', async () => {
    const email = newEmail('page');
    const a = await computer('A', email, [], true);
    const pulls: number[] = [];
    const b = await computer('B', email, pulls);
    await settle([a, b]);
    await waitFor(() => b.core.sync.session.pagesJoined, 'B listening to the pages topic');
    pulls.length = 0;

    const party = await a.call('parties.create', { type: 'customer', name: 'Ramesh Traders', phone: '9876543210' });
    await waitFor(() => has(b, 'SELECT 1 FROM customers WHERE id = ?', party.id), 'the party on B');
    const entry = await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 12_345, note: 'चाय और बिस्कुट' });
    await waitFor(() => has(b, 'SELECT 1 FROM transactions WHERE id = ?', entry.id), 'the entry on B');
    await a.call('entries.update', { id: entry.id, patch: { amountPaise: 22_345 } });
    await waitFor(() => has(b, 'SELECT 1 FROM transactions WHERE id = ? AND amount_paise = 22345', entry.id), 'the edit on B');
    const gone = await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 500 });
    await waitFor(() => has(b, 'SELECT 1 FROM transactions WHERE id = ?', gone.id), 'the second entry on B');
    await a.call('entries.delete', { id: gone.id });
    await waitFor(() => has(b, 'SELECT 1 FROM transactions WHERE id = ? AND deleted_at IS NOT NULL', gone.id), 'the deletion on B');
    // A bill of twelve lines: its page is larger than a database notification carries.
    const lines = Array.from({ length: 12 }, (_, i) => ({ name: `चावल बासमती ${i + 1}`, hsn: '1006', unit: 'kg', qtyMilli: 1500 + i, ratePaise: 9_000 + i, gstRateBp: 500 }));
    const bill = await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines });
    await waitFor(() => has(b, 'SELECT 1 FROM bills WHERE id = ?', bill.id), 'the bill on B');
    await waitFor(() => cursor(b) === cursor(a), 'B at A’s cursor');

    expect(pulls).toEqual([]);
    expect(pagesHeard(b).length).toBeGreaterThanOrEqual(6);
    expect(Buffer.byteLength(JSON.stringify(pagesHeard(b).at(-1)))).toBeGreaterThan(8_000);
    expect(b.core.sync.status()).toMatchObject({ state: 'synced' });
    // The edit history came with the pages: B shows who changed the amount, as A does.
    const audit = (d: Device) => d.core.db.prepare('SELECT op_id, action FROM audit_log WHERE row_id = ? ORDER BY op_id').all(entry.id);
    expect(audit(b)).toHaveLength(2);
    expect(audit(b)).toEqual(audit(a));
    await settle([a, b]);
    expect(pulls.every((since) => since === cursor(a))).toBe(true);
    expectConverged([a, b]);
    expect(await b.core.sync.verifyIntegrity()).toBeNull();
  });

  it('are not stored by a computer that missed the one before: it pulls from where it stands', async () => {
    const email = newEmail('missed');
    const a = await computer('A', email, [], true);
    const pulls: number[] = [];
    const b = await computer('B', email, pulls);
    const party = await a.call('parties.create', { type: 'customer', name: 'Sita Stores' });
    await settle([a, b]);
    await waitFor(() => b.core.sync.session.pagesJoined, 'B listening to the pages topic');
    const before = cursor(b);
    pulls.length = 0;

    // The first entry's page and poke are lost on the way.
    standIn.sb.faults.dropPokes = true;
    try {
      await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 100, note: 'lost poke' });
      await waitFor(() => Number(a.core.state.get('pull_cursor')) > before && a.core.sync.status().state === 'synced', 'A pushed');
    } finally {
      standIn.sb.faults.dropPokes = false;
    }
    const heardBefore = pagesHeard(b).length;
    await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 200, note: 'second' });
    await waitFor(() => has(b, "SELECT 1 FROM transactions WHERE note = 'lost poke'") && has(b, "SELECT 1 FROM transactions WHERE note = 'second'"), 'both entries on B');
    // B heard the second page, which starts after the first entry: it pulled both from its cursor.
    expect(pagesHeard(b).length).toBe(heardBefore + 1);
    expect((pagesHeard(b).at(-1) as { since: number }).since).toBe(before + 1);
    expect(pulls[0]).toBe(before);
    await settle([a, b]);
    expectConverged([a, b]);
  });

  it('heard while a computer pushes its own change go in before its answer: two busy counters need no pulls', async () => {
    const email = newEmail('counters');
    const a = await computer('Counter 1', email, [], true);
    const pulls: number[] = [];
    // Counter 2's push waits at the door until Counter 1's sale is on the server, so the server
    // puts Counter 2's sale after it, and Counter 1's page arrives while Counter 2's round runs.
    const door: { open: Promise<void> | null } = { open: null };
    const b = await startDevice(standIn.sb, {
      name: 'Counter 2',
      email,
      sync: {
        // No digest checks in its rounds: each would read one row to see that all is quiet.
        safetyPullMs: 3_600_000,
        digestEveryMs: 3_600_000,
        wrapTransport: (t) =>
          Object.assign(Object.create(recordPullsFrom(pulls)(t)) as typeof t, {
            push: async (...args: Parameters<typeof t.push>) => {
              if (door.open) await door.open;
              return t.push(...args);
            },
          }),
      },
    });
    devices.push(b);
    const party = await a.call('parties.create', { type: 'customer', name: 'Walk-in' });
    await settle([a, b]);
    await waitFor(() => b.core.sync.session.pagesJoined, 'Counter 2 listening to the pages topic');
    const heardBefore = pagesHeard(b).length;
    pulls.length = 0;

    let open!: () => void;
    door.open = new Promise((r) => (open = r));
    await b.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 300, note: 'sale on counter 2' });
    await waitFor(() => b.core.sync.status().state === 'syncing', 'Counter 2 pushing');
    await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 200, note: 'sale on counter 1' });
    await waitFor(() => pagesHeard(b).length > heardBefore, 'Counter 1’s page on counter 2');
    expect(has(b, "SELECT 1 FROM transactions WHERE note = 'sale on counter 1'")).toBe(false);
    door.open = null;
    open();
    await waitFor(() => has(a, "SELECT 1 FROM transactions WHERE note = 'sale on counter 2'"), 'Counter 2’s sale on counter 1');
    await waitFor(() => b.core.sync.status().state === 'synced', 'Counter 2 synced');
    expect(has(b, "SELECT 1 FROM transactions WHERE note = 'sale on counter 1'")).toBe(true);
    // Counter 2 took Counter 1's sale from the page before its own answer, so the answer moved
    // its cursor past its own sale: no pull at all.
    expect(pulls).toEqual([]);
    expect(cursor(b)).toBe(cursor(a));
    await settle([a, b]);
    expectConverged([a, b]);
  });

  it('are not heard by a computer taken off the shop or a member removed', async () => {
    const ownerEmail = newEmail('owner');
    const staffEmail = newEmail('staff');
    const a = await computer('Owner counter', ownerEmail, [], true);
    const b = await computer('Owner office', ownerEmail);
    const laptop = await computer('Owner laptop', ownerEmail);
    await standIn.sb.createUser(staffEmail, PASSWORD);
    await a.call('members.invite', { email: staffEmail, role: 'staff' });
    const staffPc = await computer('Staff PC', staffEmail);
    await staffPc.call('account.answerInvitation', { invitationId: (await staffPc.call('account.invitations'))[0]!.invitationId, accept: true });
    const party = await a.call('parties.create', { type: 'customer', name: 'Before removal' });
    await settle([a, b, laptop, staffPc]);
    for (const d of [b, laptop, staffPc]) await waitFor(() => d.core.sync.session.pagesJoined, `${d.name} listening to the pages topic`);
    // Everyone hears a page while they belong.
    const heardNote = (d: Device, note: string) => pagesHeard(d).some((p) => JSON.stringify(p).includes(note));
    await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 100, note: 'everyone' });
    for (const d of [b, laptop, staffPc]) await waitFor(() => heardNote(d, 'everyone'), `${d.name} hearing a page`);
    const heardAt = new Map<Device, number>();

    const topicBefore = b.core.sync.session.pagesTopic;
    const staffId = (await a.call('members.list')).members.find((m) => m.role === 'staff')!.userId;
    await a.call('members.remove', { userId: staffId });
    await a.call('members.removeDevice', { deviceId: laptop.core.deviceId });
    await settle([a, b]);
    const { key } = (await standIn.sb.sql<{ key: string }>('select key from lenden.page_topics where business_id = $1', [a.core.businessId]))[0]!;
    const topicNow = `pages:${a.core.businessId}:${key}`;
    expect(topicNow).not.toBe(topicBefore);
    await waitFor(() => b.core.sync.session.pagesTopic === topicNow && b.core.sync.session.pagesJoined, 'the office computer on the new pages topic');
    for (const d of [b, laptop, staffPc]) heardAt.set(d, pagesHeard(d).length);

    await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 200, note: 'after removal' });
    await waitFor(() => has(b, "SELECT 1 FROM transactions WHERE note = 'after removal'"), 'the entry on the office computer');
    // The office computer asked for the shop's new key after the removals and heard the page.
    expect(pagesHeard(b).length).toBe(heardAt.get(b)! + 1);
    await new Promise((r) => setTimeout(r, 300));
    for (const d of [laptop, staffPc]) {
      expect(pagesHeard(d).slice(heardAt.get(d)).map((p) => JSON.stringify(p).replace(/"bits".*?"rows"/, "").slice(0, 700)), `${d.name} on ${d.core.sync.session.pagesTopic}, now ${topicNow}, before ${topicBefore}`).toEqual([]);
      expect(has(d, "SELECT 1 FROM transactions WHERE note = 'after removal'"), d.name).toBe(false);
    }
  });
});
