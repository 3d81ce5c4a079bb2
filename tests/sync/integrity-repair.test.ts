import { describe, expect, it } from 'vitest';
import { BALANCES_HELD } from '../../src-main/core/db/party-balances';
import type { SyncTransport } from '../../src-main/core/sync/wire';
import { expectConverged, newEmail, recordPullsFrom, serverForFile, settle, startDevice, type Device } from './harness';

// After catching up, a device compares its digest (rows per table, every party's balance) with
// the server's and repairs a mismatch (src-main/core/sync/digest.ts). Balances are an index over
// the entries kept here: one that drifted is rebuilt from them, with nothing downloaded; a full
// re-pull is for rows that are missing or wrong, and the balances are rebuilt after it too.

const standIn = serverForFile();
const devices = standIn.devices;

/** Two computers of one shop with a few parties and entries, and every `since` B pulls from. */
async function shop(label: string) {
  const email = newEmail(label);
  const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
  devices.push(a);
  const parties: string[] = [];
  for (let p = 0; p < 3; p++) {
    const party = await a.call('parties.create', { type: 'customer', name: `Party ${p}` });
    parties.push(party.id);
    for (let i = 0; i < 4; i++) {
      await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: i % 2 ? 'got' : 'gave', amountPaise: 1_000 * (p + 1) + i });
    }
  }
  const sinces: number[] = [];
  const b = await startDevice(standIn.sb, {
    name: 'B',
    email,
    sync: { wrapTransport: recordPullsFrom(sinces) },
  });
  devices.push(b);
  await settle([a, b]);
  return { a, b, parties, sinces };
}

const balanceOf = async (d: Device, id: string) => (await d.call('parties.get', { type: 'customer', id })).balancePaise;

/** B's sync states from now on. */
function statesOf(d: Device): string[] {
  const states: string[] = [];
  d.core.on('sync.status', (status) => states.push(status.state));
  return states;
}

/**
 * A device B whose books can never agree with the server's: at its first check a customer
 * appears that no change will ever send (a damaged file). `sinces` records its pulls.
 */
async function strayShop(label: string, digestEveryMs: number) {
  const email = newEmail(label);
  const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
  devices.push(a);
  const party = await a.call('parties.create', { type: 'customer', name: 'Ramesh' });
  await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 5_000 });
  const sinces: number[] = [];
  let b: Device | undefined = undefined;
  const stray = { made: false };
  const record = recordPullsFrom(sinces);
  b = await startDevice(standIn.sb, {
    name: 'B',
    email,
    sync: {
      digestEveryMs,
      wrapTransport: (t) =>
        Object.assign(Object.create(record(t)) as SyncTransport, {
          digest: (...args: Parameters<SyncTransport['digest']>) => {
            if (!stray.made && b) {
              stray.made = true;
              const row = b.core.transact(() => b!.core.ctx.writer.insert('customers', { name: 'Stray', phone: null, address: null, gstin: null, state_code: null, notes: null }));
              b.core.db.prepare('DELETE FROM outbox WHERE row_id = ?').run(row.id);
            }
            return t.digest(...args);
          },
        }),
    },
  });
  devices.push(b);
  await settle([a, b]);
  expect(stray.made).toBe(true);
  return { a, b, party, sinces };
}

describe('the integrity check after catching up', () => {
  it('rebuilds a balance that drifted from its entries, without downloading the books again', async () => {
    const { a, b, parties, sinces } = await shop('drift');
    // The stored balance no longer matches the entries (a bug in an old version, a bad restore).
    b.core.db.prepare('UPDATE party_balances SET balance_paise = balance_paise + 700 WHERE party_id = ?').run(parties[1]);
    expect(await b.core.sync.verifyIntegrity()).toMatch(/1 party balance\(s\) differ/);
    sinces.length = 0;
    const states = statesOf(b);
    await b.core.sync.syncNow();
    expect(sinces).not.toContain(0);
    expect(states).not.toContain('error');
    expect(b.core.sync.status().state).toBe('synced');
    expect(await balanceOf(b, parties[1]!)).toBe(await balanceOf(a, parties[1]!));
    expect(await b.core.sync.verifyIntegrity()).toBeNull();
    expectConverged([a, b]);
  });

  it('re-pulls a missing row and rebuilds a drifted balance after it, in one repair', async () => {
    const { a, b, parties, sinces } = await shop('drift-and-loss');
    // A row lost behind the engine's back, and another party's balance off by 2,500 paise
    // (the row's own delete trigger keeps its party's balance in step with what is left).
    b.core.db.prepare('DELETE FROM transactions WHERE id = (SELECT id FROM transactions WHERE party_id = ? LIMIT 1)').run(parties[0]);
    b.core.db.prepare('UPDATE party_balances SET balance_paise = balance_paise - 2500 WHERE party_id = ?').run(parties[2]);
    expect(await b.core.sync.verifyIntegrity()).toMatch(/transactions: 11 here, 12 on the server/);
    sinces.length = 0;
    const states = statesOf(b);
    await b.core.sync.syncNow();
    // The missing row needed the server: a full re-pull, after which every balance is right.
    expect(sinces).toContain(0);
    expect(states).not.toContain('error');
    expect(b.core.sync.status().state).toBe('synced');
    for (const id of parties) expect(await balanceOf(b, id)).toBe(await balanceOf(a, id));
    expect(await b.core.sync.verifyIntegrity()).toBeNull();
    expectConverged([a, b]);
  });

  it('waits for the next sync, without an integrity failure, when the re-pull cannot add its entries to the balances yet', async () => {
    const { a, b, parties, sinces } = await shop('repair-held');
    a.core.transact(() => {
      for (let i = 0; i < 800; i++) {
        a.core.ctx.writer.insert('transactions', {
          party_type: 'customer', party_id: parties[i % 3]!, direction: i % 3 ? 'gave' : 'got', amount_paise: 100 + i, entry_date: '2026-11-20', note: null, bill_id: null,
        });
      }
    });
    await settle([a, b]);
    // 700 entries lost here: the repair re-pulls them in bulk pages, whose sums are held.
    b.core.db.exec('DELETE FROM transactions WHERE rowid IN (SELECT rowid FROM transactions ORDER BY rowid DESC LIMIT 700)');
    // ...and cannot be added to the balances for now (as on a full disk).
    b.core.db.exec(
      `CREATE TRIGGER test_release_fails BEFORE DELETE ON sync_state WHEN OLD.key = '${BALANCES_HELD}'
       BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
    );
    sinces.length = 0;
    const states = statesOf(b);
    await b.core.sync.syncNow();
    expect(sinces).toContain(0);
    expect(b.core.state.get(BALANCES_HELD)).toBe('1');
    // Not an integrity failure: the check waits until the sums are in.
    expect(states).not.toContain('error');
    expect(b.core.sync.status().state).toBe('synced');
    b.core.db.exec('DROP TRIGGER test_release_fails');
    await settle([a, b]);
    expect(b.core.state.get(BALANCES_HELD)).toBeNull();
    for (const id of parties) expect(await balanceOf(b, id)).toBe(await balanceOf(a, id));
    expect(await b.core.sync.verifyIntegrity()).toBeNull();
    expectConverged([a, b]);
  });

  it('says so when the repair cannot make the books agree, and does not download them again before the next check is due', async () => {
    const { a, b, party, sinces } = await strayShop('disagree', 60_000);
    const status = b.core.sync.status();
    expect(status.state).toBe('error');
    expect('lastError' in status ? status.lastError : '').toMatch(/still differ from the server's after downloading them again \(customers: 2 here, 1 on the server\)/);
    // The repair pulled everything again once, and the next rounds do not, until the check is due.
    sinces.length = 0;
    await b.core.sync.syncNow();
    await b.core.sync.syncNow();
    expect(sinces).not.toContain(0);
    expect(b.core.sync.status().state).toBe('error');
    // Everything else still syncs meanwhile.
    await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 1_000 });
    await settle([a, b]);
    expect(await balanceOf(b, party.id)).toBe(await balanceOf(a, party.id));
  });

  it('waits twice as long after each repair that fails again', async () => {
    // Checks due every 150 ms: repairs that keep failing come at 0, >= 150, >= 450, >= 1050 ms
    // (then >= 2250), not every 150 ms: at most 4 full re-pulls in 2 s of rounds, not a dozen.
    const { b, sinces } = await strayShop('disagree-again', 150);
    const start = Date.now();
    while (Date.now() - start < 2_000) {
      await b.core.sync.syncNow();
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const repulls = sinces.filter((since) => since === 0).length - 1; // the first sync's own pull from 0
    expect(repulls).toBeGreaterThanOrEqual(2);
    expect(repulls).toBeLessThanOrEqual(5);
    expect(b.core.sync.status().state).toBe('error');
  });

  it('does not call an entry pushed elsewhere during the re-pull a difference', async () => {
    const email = newEmail('busy-repair');
    const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
    devices.push(a);
    const party = await a.call('parties.create', { type: 'customer', name: 'Ramesh' });
    for (let i = 0; i < 3; i++) await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 1_000 + i });
    const sinces: number[] = [];
    const record = recordPullsFrom(sinces);
    let digests = 0;
    let armed = false;
    const b = await startDevice(standIn.sb, {
      name: 'B',
      email,
      sync: {
        wrapTransport: (t) =>
          Object.assign(Object.create(record(t)) as SyncTransport, {
            digest: async (...args: Parameters<SyncTransport['digest']>) => {
              // The repair's own digest, after its re-pull: meanwhile A saves and pushes an entry.
              if (armed && ++digests === 2) {
                await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 500 });
                await a.core.sync.syncNow();
              }
              return t.digest(...args);
            },
          }),
      },
    });
    devices.push(b);
    await settle([a, b]);
    // A row lost here: the check re-pulls from cursor 0.
    b.core.db.prepare('DELETE FROM transactions WHERE id = (SELECT id FROM transactions WHERE party_id = ? LIMIT 1)').run(party.id);
    sinces.length = 0;
    armed = true;
    const states = statesOf(b);
    await b.core.sync.syncNow();
    expect(digests).toBeGreaterThanOrEqual(2);
    expect(sinces).toContain(0);
    expect(states).not.toContain('error');
    expect(b.core.sync.status().state).toBe('synced');
    await settle([a, b]);
    expect(b.core.sync.status().state).toBe('synced');
    expect(await b.core.sync.verifyIntegrity()).toBeNull();
    expectConverged([a, b]);
  });
});
