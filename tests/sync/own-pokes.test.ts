import { describe, expect, it } from 'vitest';
import type { SyncTransport } from '../../src-main/core/sync/wire';
import { expectConverged, newEmail, settle, startDevice, waitFor, serverForFile } from './harness';

// A push makes the server poke every device of the shop, the pusher too, and that poke often
// arrives before the push's own answer. A push that found the server where this device left it
// moves the cursor past its own changes, so the device must not then pull them back: on a
// counter making sale after sale, that pull would be a second server call for every sale.

const standIn = serverForFile();
const devices = standIn.devices;

/** Counts pulls; each push answer is held back until its poke has surely arrived. */
function counting(calls: { pulls: number }) {
  return (t: SyncTransport): SyncTransport =>
    Object.assign(Object.create(t) as SyncTransport, {
      pull: (...a: Parameters<SyncTransport['pull']>) => {
        calls.pulls++;
        return t.pull(...a);
      },
      push: async (...a: Parameters<SyncTransport['push']>) => {
        const answer = await t.push(...a);
        await new Promise((r) => setTimeout(r, 150));
        return answer;
      },
    });
}

describe('pokes of a device’s own pushes', () => {
  it('do not make it pull its own changes back; another device still gets every change', async () => {
    const email = newEmail('pokes');
    const calls = { pulls: 0 };
    const sync = { safetyPullMs: 600_000, digestEveryMs: 3_600_000 };
    const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true, sync: { ...sync, wrapTransport: counting(calls) } });
    const b = await startDevice(standIn.sb, { name: 'B', email, sync });
    devices.push(a, b);
    const party = await a.call('parties.create', { type: 'customer', name: 'Counter' });
    await settle([a, b]);
    calls.pulls = 0;
    for (let i = 0; i < 6; i++) {
      await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 100 + i, note: `sale ${i}` });
      await waitFor(() => !!b.core.db.prepare('SELECT 1 FROM transactions WHERE note = ?').get(`sale ${i}`), `sale ${i} on B`);
      await waitFor(() => a.core.sync.status().state === 'synced', 'A synced');
    }
    expect(calls.pulls).toBe(0);
    // A change from elsewhere still reaches A: with its page, sent with the poke (poke-page.test.ts).
    await b.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 50, note: 'from B' });
    await waitFor(() => !!a.core.db.prepare('SELECT 1 FROM transactions WHERE note = ?').get('from B'), 'B’s entry on A');
    expect(calls.pulls).toBe(0);
    // And with a pull when the page is not heard (Realtime dropped it): the poke of the next change pulls both.
    standIn.sb.faults.dropPokes = true;
    await b.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 60, note: 'lost page' });
    await waitFor(() => (b.core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n === 0, 'B pushed');
    await new Promise((r) => setTimeout(r, 200));
    standIn.sb.faults.dropPokes = false;
    expect(a.core.db.prepare('SELECT 1 FROM transactions WHERE note = ?').get('lost page')).toBeUndefined();
    await b.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 70, note: 'after it' });
    await waitFor(() => !!a.core.db.prepare('SELECT 1 FROM transactions WHERE note = ?').get('lost page') && !!a.core.db.prepare('SELECT 1 FROM transactions WHERE note = ?').get('after it'), 'both entries on A');
    expect(calls.pulls).toBeGreaterThan(0);
    await settle([a, b]);
    expectConverged([a, b]);
  });
});
