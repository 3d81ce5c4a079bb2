import { describe, expect, it } from 'vitest';
import { expectConverged, newEmail, settle, startDevice, waitFor, type Device, serverForFile } from './harness';

const standIn = serverForFile();
const devices = standIn.devices;

async function team(n: number): Promise<Device[]> {
  const email = newEmail();
  const out: Device[] = [];
  out.push(await startDevice(standIn.sb, { name: 'A', email, signUp: true }));
  for (let i = 1; i < n; i++) out.push(await startDevice(standIn.sb, { name: String.fromCharCode(65 + i), email }));
  devices.push(...out);
  await settle(out);
  return out;
}

describe('multi-device sync through the stand-in', () => {
  it('a second device joins the business and gets its own invoice series', async () => {
    const [a, b] = await team(2);
    expect(b!.core.businessId).toBe(a!.core.businessId);
    const sa = await a!.call('settings.get');
    const sbs = await b!.call('settings.get');
    expect(sa.invoiceSeries).toBe(1);
    expect(sbs.invoiceSeries).toBe(2);
    expect(sbs.name).toBe(sa.name);
  });

  it('two and three devices converge after interleaved writes', async () => {
    const [a, b, c] = await team(3);
    const ram = await a!.call('parties.create', { type: 'customer', name: 'Ramesh' });
    const sita = await b!.call('parties.create', { type: 'customer', name: 'सीता देवी', phone: '9876543210' });
    await settle([a!, b!, c!]);
    for (let i = 0; i < 10; i++) {
      await a!.call('entries.add', { partyType: 'customer', partyId: sita.id, direction: 'gave', amountPaise: 1000 + i });
      await b!.call('entries.add', { partyType: 'customer', partyId: ram.id, direction: 'got', amountPaise: 500 + i });
      await c!.call('entries.add', { partyType: 'customer', partyId: ram.id, direction: 'gave', amountPaise: 2000 + i });
    }
    await settle([a!, b!, c!]);
    expectConverged([a!, b!, c!]);
    const list = await c!.call('parties.list', { type: 'customer' });
    const ramesh = list.items.find((p) => p.id === ram.id)!;
    expect(ramesh.balancePaise).toBe(10 * 2000 + 45 - (10 * 500 + 45));
    expect(await a!.core.sync.verifyIntegrity()).toBeNull();
  });

  it('concurrent edits of different fields both survive; the same field takes the larger stamp', async () => {
    const [a, b] = await team(2);
    const p = await a!.call('parties.create', { type: 'customer', name: 'Old Name', phone: '9000000000' });
    await settle([a!, b!]);
    await a!.core.sync.pause();
    await b!.core.sync.pause();
    await a!.call('parties.update', { type: 'customer', id: p.id, patch: { name: 'New Name' } });
    await b!.call('parties.update', { type: 'customer', id: p.id, patch: { phone: '9111111111' } });
    // Same field on both: B writes later, so B's stamp is larger.
    await a!.call('parties.update', { type: 'customer', id: p.id, patch: { notes: 'from A' } });
    await new Promise((r) => setTimeout(r, 5));
    await b!.call('parties.update', { type: 'customer', id: p.id, patch: { notes: 'from B' } });
    a!.core.sync.resume();
    b!.core.sync.resume();
    await settle([a!, b!]);
    for (const d of [a!, b!]) {
      const got = await d.call('parties.get', { type: 'customer', id: p.id });
      expect([got.name, got.phone, got.notes]).toEqual(['New Name', '9111111111', 'from B']);
    }
    expectConverged([a!, b!]);
  });

  it('a write on A appears on B through the Realtime poke, without a manual sync', async () => {
    const [a, b] = await team(2);
    const p = await a!.call('parties.create', { type: 'customer', name: 'Poke Test' });
    await waitFor(() => Boolean(b!.core.db.prepare('SELECT 1 FROM customers WHERE id = ?').get(p.id)), 'the customer on B', 5_000);
  });

  it('devices converge through the safety pull when pokes are dropped', async () => {
    const [a, b] = await team(2);
    standIn.sb.faults.dropPokes = true;
    try {
      const p = await a!.call('parties.create', { type: 'customer', name: 'No Poke' });
      await waitFor(() => Boolean(b!.core.db.prepare('SELECT 1 FROM customers WHERE id = ?').get(p.id)), 'the safety pull', 10_000);
    } finally {
      standIn.sb.faults.dropPokes = false;
    }
  });

  it('offline: 5 customers and 50 entries made while the server is down reach B exactly once', async () => {
    const [a, b] = await team(2);
    standIn.sb.faults.offline = true;
    const ids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const p = await a!.call('parties.create', { type: 'customer', name: `Offline ${i}` });
        ids.push(p.id);
        for (let j = 0; j < 10; j++) await a!.call('entries.add', { partyType: 'customer', partyId: p.id, direction: j % 2 ? 'got' : 'gave', amountPaise: 100 * (j + 1) });
      }
      await a!.core.sync.syncNow();
      const status = a!.core.sync.status();
      expect(status.state).toBe('offline');
      expect(status.pending).toBe(55);
    } finally {
      standIn.sb.faults.offline = false;
    }
    await settle([a!, b!]);
    const count = b!.core.db.prepare(`SELECT count(*) AS n FROM transactions WHERE party_id IN (${ids.map(() => '?').join(',')})`).get(...ids) as { n: number };
    expect(count.n).toBe(50);
    expectConverged([a!, b!]);
    expect(a!.core.sync.status().state).toBe('synced');
  });
});
