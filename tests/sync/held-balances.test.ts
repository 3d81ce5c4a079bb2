import { describe, expect, it } from 'vitest';
import type { SyncTransport } from '../../src-main/core/sync/wire';
import { BALANCES_HELD } from '../../src-main/core/db/party-balances';
import { localDigest } from '../../src-main/core/sync/digest';
import { expectConverged, newEmail, recordPullsFrom, settle, startDevice, waitFor, type Device, serverForFile } from './harness';

// A pull's bulk pages (500 rows or more) hold their new entries' balances back and add them
// about once a second (src-main/core/sync/held-balances.ts). A new device must end with the
// balances of a device that kept them entry by entry: after a whole first sync, and after one
// the network cut off between pages.

const standIn = serverForFile();
const devices = standIn.devices;

/** A shop with 40 parties and 1,600 entries (some deleted, some edited), written on A and pushed. */
async function shop(label: string): Promise<{ a: Device; email: string }> {
  const email = newEmail(label);
  const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
  devices.push(a);
  const parties: { id: string; type: 'customer' | 'supplier' }[] = [];
  for (let p = 0; p < 40; p++) {
    const type = p % 4 ? 'customer' : 'supplier';
    parties.push({ id: (await a.call('parties.create', { type, name: `Party ${p}` })).id, type });
  }
  a.core.transact(() => {
    const { writer } = a.core.ctx;
    for (let i = 0; i < 1_600; i++) {
      const party = parties[i % parties.length]!;
      const id = writer.insert('transactions', {
        party_type: party.type, party_id: party.id, direction: i % 3 ? 'gave' : 'got', amount_paise: 100 + i,
        entry_date: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`, note: null, bill_id: null,
      }).id;
      if (i % 9 === 0) writer.update('transactions', id, { amount_paise: 10_000 + i });
      if (i % 13 === 0) writer.update('transactions', id, { deleted_at: '2026-11-30T10:00:00.000Z' });
    }
  });
  await settle([a]);
  return { a, email };
}

/** Whether the device's balances were held when it asked for each page after the first. */
function watching(device: () => Device | undefined, held: boolean[], onPull?: (n: number) => void) {
  let pulls = 0;
  return (t: SyncTransport): SyncTransport =>
    Object.assign(Object.create(t) as SyncTransport, {
      pull: async (...args: Parameters<SyncTransport['pull']>) => {
        const d = device();
        if (d) held.push(d.core.state.get(BALANCES_HELD) === '1');
        onPull?.(++pulls);
        return t.pull(...args);
      },
    });
}

describe('balances held back by a pull', () => {
  it('end exactly as on the device that kept them entry by entry', async () => {
    const { a, email } = await shop('held');
    const held: boolean[] = [];
    let b: Device | undefined = undefined;
    b = await startDevice(standIn.sb, { name: 'B', email, sync: { pullLimit: 600, holdBalancesMs: 600_000, wrapTransport: watching(() => b, held) } });
    devices.push(b);
    await settle([a, b]);
    // A page was stored with its balances held (the test would prove nothing otherwise): the
    // next pages are asked for before one is stored, so a later ask is the first to see it.
    expect(held.some(Boolean)).toBe(true);
    expect(b.core.state.get(BALANCES_HELD)).toBeNull();
    expectConverged([a, b]);
    expect(await b.call('parties.list', { type: 'customer' })).toEqual(await a.call('parties.list', { type: 'customer' }));
    expect(await b.call('parties.list', { type: 'supplier' })).toEqual(await a.call('parties.list', { type: 'supplier' }));
  }, 120_000);

  it('are added when the network goes between pages, and the rest arrive later', async () => {
    const { a, email } = await shop('held-cut');
    const held: boolean[] = [];
    let b: Device | undefined = undefined;
    // The server is gone from the first page asked for after one was stored: pages asked for
    // ahead of it never arrive.
    let cut = false;
    const cutOnce = () => {
      if (cut || Number(b?.core.state.get('pull_cursor') ?? 0) === 0) return;
      cut = true;
      standIn.sb.faults.offline = true;
    };
    b = await startDevice(standIn.sb, { name: 'B', email, sync: { pullLimit: 600, holdBalancesMs: 600_000, wrapTransport: watching(() => b, held, cutOnce) } });
    devices.push(b);
    try {
      await waitFor(() => b!.core.sync.status().state === 'offline', 'the device to find itself offline');
      // Pages stored before the cut held their balances.
      expect(held.some(Boolean)).toBe(true);
      // Offline with part of the books: their balances are in, nothing is held.
      expect(b.core.state.get(BALANCES_HELD)).toBeNull();
      const digest = localDigest(b.core);
      const fromEntries = Object.fromEntries(
        (
          b.core.db
            .prepare(
              `SELECT party_id, sum(CASE direction WHEN 'gave' THEN amount_paise ELSE -amount_paise END) AS balance
                 FROM transactions WHERE deleted_at IS NULL GROUP BY party_id`,
            )
            .all() as { party_id: string; balance: number }[]
        ).map((r) => [r.party_id, r.balance]),
      );
      expect(Object.keys(fromEntries).length).toBeGreaterThan(0);
      expect(digest.balances).toEqual(fromEntries);
    } finally {
      standIn.sb.faults.offline = false;
    }
    await settle([a, b]);
    expectConverged([a, b]);
  }, 120_000);

  // Held sums are added between pages (about once a second) and when the pull ends: a failed
  // addition in either place leaves them held, and the pull goes on to the last page.
  for (const [when, holdBalancesMs] of [['when the pull ends', 600_000], ['between pages', 0]] as const) {
    it(`wait for the next sync when adding them fails ${when}, without a re-pull or an integrity failure, and say so when it keeps failing`, async () => {
      const email = newEmail('held-fails');
      const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
      devices.push(a);
      const party = await a.call('parties.create', { type: 'customer', name: 'Ramesh' });
      const sinces: number[] = [];
      const b = await startDevice(standIn.sb, {
        name: 'B',
        email,
        sync: {
          pullLimit: 600,
          holdBalancesMs,
          wrapTransport: recordPullsFrom(sinces),
        },
      });
      devices.push(b);
      await settle([a, b]);
      // From now on B cannot add held sums (as on a full disk): the addition's last step fails.
      b.core.db.exec(
        `CREATE TRIGGER test_release_fails BEFORE DELETE ON sync_state WHEN OLD.key = '${BALANCES_HELD}'
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
      );
      b.core.sync.pause();
      a.core.transact(() => {
        for (let i = 0; i < 1_300; i++) {
          a.core.ctx.writer.insert('transactions', {
            party_type: 'customer', party_id: party.id, direction: i % 3 ? 'gave' : 'got', amount_paise: 100 + i, entry_date: '2026-11-20', note: null, bill_id: null,
          });
        }
      });
      await settle([a]);
      const head = a.core.state.get('head_seq');
      sinces.length = 0;
      const states: string[] = [];
      b.core.on('sync.status', (status) => states.push(status.state));
      b.core.sync.resume();
      await b.core.sync.syncNow();
      await waitFor(() => b.core.state.get('pull_cursor') === head && b.core.sync.status().state !== 'syncing', 'B to pull the entries');
      // The entries are in, their sums still held; the digest was not compared, so no full
      // re-pull started and nothing reports a broken integrity.
      expect(b.core.state.get(BALANCES_HELD)).toBe('1');
      expect(sinces.length).toBeGreaterThan(0);
      expect(sinces).not.toContain(0);
      expect(b.core.sync.status().state).toBe('synced');
      // The failed addition never failed the round: every page was stored in the one sync.
      expect(states).not.toContain('error');
      expect(states).not.toContain('offline');
      const balanceOn = async (d: Device) => (await d.call('parties.get', { type: 'customer', id: party.id })).balancePaise;
      expect(await balanceOn(b)).not.toBe(await balanceOn(a));
      // Still failing a few rounds later: the shop is told, in words.
      for (let i = 0; i < 3; i++) await b.core.sync.syncNow();
      const told = b.core.sync.status();
      expect(told.state).toBe('error');
      expect('lastError' in told ? told.lastError : '').toMatch(/do not include the entries downloaded last.*is the disk full/);
      // The disk has room again: the next sync adds the sums, and the digest matches.
      b.core.db.exec('DROP TRIGGER test_release_fails');
      await settle([a, b]);
      expect(b.core.sync.status().state).toBe('synced');
      expect(b.core.state.get(BALANCES_HELD)).toBeNull();
      expect(sinces).not.toContain(0);
      expectConverged([a, b]);
      expect(await balanceOn(b)).toBe(await balanceOn(a));
      expect(await b.core.sync.verifyIntegrity()).toBeNull();
    }, 120_000);
  }

  it('count every entry once when "Sync now" starts a new pull while the one it stopped still holds balances', async () => {
    const { a, email } = await shop('held-now');
    const held: boolean[] = [];
    let b: Device | undefined = undefined;
    let pressed = false;
    // The first time a page is asked for while stored pages' balances are held, "Sync now"
    // abandons that round and starts another at once, which pulls on from the same cursor.
    const press = () => {
      if (pressed || b?.core.state.get(BALANCES_HELD) !== '1') return;
      pressed = true;
      void b.core.sync.syncNow();
    };
    b = await startDevice(standIn.sb, { name: 'B', email, sync: { pullLimit: 500, holdBalancesMs: 600_000, wrapTransport: watching(() => b, held, press) } });
    devices.push(b);
    await settle([a, b]);
    expect(pressed).toBe(true);
    expect(b.core.state.get(BALANCES_HELD)).toBeNull();
    expectConverged([a, b]);
  }, 120_000);
});

