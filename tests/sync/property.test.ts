import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectConverged, newEmail, settle, startDevice, type Device, serverForFile } from './harness';

// Random writes, partitions and restarts across three devices. Whatever happens, once the
// network heals every device equals the server and every write a device acknowledged
// (committed locally) is present everywhere.
const standIn = serverForFile();

type Action =
  | { kind: 'customer'; dev: number; name: string }
  | { kind: 'entry'; dev: number; party: number; gave: boolean; amount: number }
  | { kind: 'rename'; dev: number; party: number; name: string }
  | { kind: 'phone'; dev: number; party: number; digits: string }
  | { kind: 'deleteEntry'; dev: number; entry: number }
  | { kind: 'partition'; dev: number }
  | { kind: 'heal'; dev: number }
  | { kind: 'restart'; dev: number }
  | { kind: 'sync'; dev: number };

const dev = fc.integer({ min: 0, max: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('customer' as const), dev, name: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('entry' as const), dev, party: fc.nat(), gave: fc.boolean(), amount: fc.integer({ min: 1, max: 10_000_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), dev, party: fc.nat(), name: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('phone' as const), dev, party: fc.nat(), digits: fc.stringMatching(/^9\d{9}$/) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteEntry' as const), dev, entry: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('partition' as const), dev }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('heal' as const), dev }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), dev }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const), dev }) },
);

describe('property: random operations, partitions and restarts on 3 devices', () => {
  it('always converges to the server with every acknowledged write present', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 40 }), async (actions) => {
        const email = newEmail('prop');
        const devices: Device[] = [await startDevice(standIn.sb, { name: 'D0', email, signUp: true })];
        devices.push(await startDevice(standIn.sb, { name: 'D1', email }), await startDevice(standIn.sb, { name: 'D2', email }));
        const parties: string[] = [];
        const entries: string[] = [];
        const deleted = new Set<string>();
        try {
          const first = await devices[0]!.call('parties.create', { type: 'customer', name: 'Seed' });
          parties.push(first.id);
          await settle(devices);
          for (const a of actions) {
            const d = devices[a.dev]!;
            // A device only writes about parties it has already seen.
            const known = parties.filter((id) => d.core.db.prepare('SELECT 1 FROM customers WHERE id = ?').get(id));
            switch (a.kind) {
              case 'customer':
                parties.push((await d.call('parties.create', { type: 'customer', name: a.name })).id);
                break;
              case 'entry': {
                const party = known[a.party % known.length];
                if (party) entries.push((await d.call('entries.add', { partyType: 'customer', partyId: party, direction: a.gave ? 'gave' : 'got', amountPaise: a.amount })).id);
                break;
              }
              case 'rename':
              case 'phone': {
                const party = known[a.party % known.length];
                if (party) await d.call('parties.update', { type: 'customer', id: party, patch: a.kind === 'rename' ? { name: a.name } : { phone: a.digits } });
                break;
              }
              case 'deleteEntry': {
                const seen = entries.filter((id) => d.core.db.prepare('SELECT 1 FROM transactions WHERE id = ? AND deleted_at IS NULL').get(id));
                const entry = seen[a.entry % Math.max(1, seen.length)];
                if (entry) {
                  await d.call('entries.delete', { id: entry });
                  deleted.add(entry);
                }
                break;
              }
              case 'partition':
                d.core.sync.pause();
                break;
              case 'heal':
                d.core.sync.resume();
                break;
              case 'restart': {
                const { file, dir } = d;
                const paused = d.core.sync.paused;
                await d.core.close();
                const again = await startDevice(standIn.sb, { name: d.name, email, file, dir });
                if (paused) again.core.sync.pause();
                devices[a.dev] = again;
                break;
              }
              case 'sync':
                await d.core.sync.syncNow();
                break;
            }
          }
          for (const d of devices) d.core.sync.resume();
          await settle(devices, 60_000);
          expectConverged(devices);
          for (const d of devices) expect(await d.core.sync.verifyIntegrity()).toBeNull();
          const serverEntries = await standIn.sb.sql<{ id: string; deleted_at: string | null }>('SELECT id, deleted_at FROM transactions WHERE business_id = $1', [devices[0]!.core.businessId]);
          const onServer = new Map(serverEntries.map((r) => [r.id, r.deleted_at]));
          for (const id of entries) expect(onServer.has(id), `entry ${id} acknowledged and present`).toBe(true);
          for (const id of deleted) expect(onServer.get(id), `entry ${id} stays deleted`).not.toBeNull();
          const serverParties = await standIn.sb.sql<{ id: string }>('SELECT id FROM customers WHERE business_id = $1', [devices[0]!.core.businessId]);
          expect(new Set(serverParties.map((r) => r.id))).toEqual(new Set(parties));
        } finally {
          for (const d of devices) await d.close();
        }
      }),
      { numRuns: 10, seed: 20261125, endOnFailure: true },
    );
  }, 600_000);
});
