import { describe, expect, it } from 'vitest';
import type { SyncTransport } from '../../src-main/core/sync/wire';
import { DEFERRABLE_INDEXES, deferredIndexNames } from '../../src-main/core/db/deferred-indexes';
import { expectConverged, newEmail, settle, startDevice, waitFor, type Device, serverForFile } from './harness';

// A device that pulls many changes at once (a new one) leaves the lookup indexes out while the
// pages are stored and builds them once the rows are in. Whatever happens, it must end with the
// same books and exactly the same indexes as a device that never left them out: after a whole
// first sync, and after one the network cut off halfway.

const standIn = serverForFile();
const devices = standIn.devices;
const ALL = [...DEFERRABLE_INDEXES.books, ...DEFERRABLE_INDEXES.history];

const indexes = (d: Device) =>
  d.core.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[];

/** A shop with two parties and 240 entries, written on A and pushed. */
async function shop(label: string): Promise<{ a: Device; email: string }> {
  const email = newEmail(label);
  const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
  devices.push(a);
  const ramesh = await a.call('parties.create', { type: 'customer', name: 'Ramesh' });
  const sita = await a.call('parties.create', { type: 'supplier', name: 'Sita Traders' });
  a.core.transact(() => {
    for (let i = 0; i < 240; i++) {
      const party = i % 4 ? ramesh : sita;
      a.core.ctx.writer.insert('transactions', {
        party_type: i % 4 ? 'customer' : 'supplier', party_id: party.id, direction: i % 3 ? 'gave' : 'got', amount_paise: 100 + i,
        entry_date: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`, note: `entry ${i}`, bill_id: null,
      });
    }
  });
  await settle([a]);
  return { a, email };
}

/** What the device had left out each time it asked for a page. */
function watching(device: () => Device | undefined, seen: string[][], onPull?: (n: number) => void) {
  let pulls = 0;
  return (t: SyncTransport): SyncTransport =>
    Object.assign(Object.create(t) as SyncTransport, {
      pull: async (...a: Parameters<SyncTransport['pull']>) => {
        const d = device();
        if (d) seen.push(deferredIndexNames(d.core.db));
        onPull?.(++pulls);
        return t.pull(...a);
      },
    });
}

/**
 * A new device B whose first pull (small pages, lookups left out from 100 changes) loses the
 * server when it asks for page `page`; `whileOffline` runs before the server comes back.
 */
async function firstPullCut(email: string, page: number, whileOffline: (b: Device) => Promise<void> = async () => undefined) {
  const seen: string[][] = [];
  let b: Device | undefined = undefined;
  b = await startDevice(standIn.sb, {
    name: 'B', email,
    sync: { pullLimit: 30, historyLimit: 40, deferIndexesFrom: 100, wrapTransport: watching(() => b, seen, (n) => n === page && (standIn.sb.faults.offline = true)) },
  });
  devices.push(b);
  try {
    await waitFor(() => b!.core.sync.status().state === 'offline', 'the device to find itself offline');
    await whileOffline(b);
  } finally {
    standIn.sb.faults.offline = false;
  }
  return { b, seen };
}

describe('a large pull builds its lookup indexes once the rows are in', () => {
  it('leaves them out while a new device stores its first pages, and ends with the same books and indexes', async () => {
    const { a, email } = await shop('deferred');
    const seen: string[][] = [];
    let b: Device | undefined = undefined;
    b = await startDevice(standIn.sb, { name: 'B', email, sync: { pullLimit: 30, historyLimit: 40, deferIndexesFrom: 100, wrapTransport: watching(() => b, seen) } });
    devices.push(b);
    await settle([a, b]);
    // Most pages were stored with every listed lookup left out (each round stores its first
    // page as usual and decides from what is left to fetch), and never with only some of them.
    expect(seen.filter((names) => names.length > 0).length).toBeGreaterThanOrEqual(4);
    for (const names of seen) expect([[], [...ALL].sort()]).toContainEqual([...names].sort());
    expect(indexes(b)).toEqual(indexes(a));
    expect(deferredIndexNames(b.core.db)).toEqual([]);
    expectConverged([a, b]);
    // The party screens read balances and ledgers as usual.
    const ledgerA = await a.call('parties.list', { type: 'customer' });
    expect(await b.call('parties.list', { type: 'customer' })).toEqual(ledgerA);
  }, 120_000);

  it('builds them again when the network goes halfway through, and finishes later', async () => {
    const { a, email } = await shop('cut');
    // The fourth page never arrives: the server is gone from then on.
    const { b, seen } = await firstPullCut(email, 4);
    // The cut pull (the fourth) had them out; a retry while still offline may come after it,
    // with every index already built on the way out of the failed round.
    expect([...seen[3]!].sort()).toEqual([...ALL].sort());
    const before = seen.length;
    const cursor = Number(b.core.state.get('pull_cursor'));
    expect(cursor).toBeGreaterThan(0);
    expect(cursor).toBeLessThan(Number(a.core.state.get('pull_cursor')));
    // Offline with part of the books: every index is there, nothing is recorded as left out.
    expect(indexes(b)).toEqual(indexes(a));
    expect(deferredIndexNames(b.core.db)).toEqual([]);

    await settle([a, b]);
    // The rest came as the same first pull taken up again: stored with them left out too.
    expect(seen.length).toBeGreaterThan(before + 2);
    expect(seen.slice(before).some((names) => names.length > 0)).toBe(true);
    expect(b.core.state.get('first_pull_open')).toBe('0');
    expect(indexes(b)).toEqual(indexes(a));
    expect(deferredIndexNames(b.core.db)).toEqual([]);
    expectConverged([a, b]);
  }, 120_000);

  it('forgets a first pull left open when the account signs out (the next account starts its own)', async () => {
    const { email } = await shop('signout');
    const { b } = await firstPullCut(email, 3, async (device) => {
      expect(device.core.state.get('first_pull_open')).toBe('1');
      await device.call('account.signOut', { force: true });
    });
    expect(b.core.state.get('first_pull_open')).toBeNull();
    expect(deferredIndexNames(b.core.db)).toEqual([]);
  }, 120_000);

  it('stores a small pull with every index kept', async () => {
    const { a, email } = await shop('small');
    const seen: string[][] = [];
    let b: Device | undefined = undefined;
    b = await startDevice(standIn.sb, { name: 'B', email, sync: { pullLimit: 30, historyLimit: 40, wrapTransport: watching(() => b, seen) } });
    devices.push(b);
    await settle([a, b]);
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.every((names) => names.length === 0)).toBe(true);
    expectConverged([a, b]);
  }, 120_000);
});
