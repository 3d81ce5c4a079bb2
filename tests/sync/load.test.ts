import { describe, expect, it } from 'vitest';
import { expectConverged, newEmail, settle, startDevice, serverForFile } from './harness';

// Ten devices of one shop come online at once, each with 1,000 ops made offline.
const standIn = serverForFile();
const devices = standIn.devices;

describe('load: 10 devices x 1,000 ops at the same time', () => {
  it('applies every op exactly once with a gapless business sequence, and every device converges', async () => {
    const email = newEmail('load');
    devices.push(await startDevice(standIn.sb, { name: 'D0', email, signUp: true }));
    const party = await devices[0]!.call('parties.create', { type: 'customer', name: 'Wholesale' });
    await settle(devices);
    for (let i = 1; i < 10; i++) devices.push(await startDevice(standIn.sb, { name: `D${i}`, email }));
    await settle(devices);
    const before = await standIn.sb.sql<{ n: string }>('SELECT count(*) AS n FROM sync_applied_ops WHERE business_id = $1', [devices[0]!.core.businessId]);

    for (const d of devices) d.core.sync.pause();
    for (const [i, d] of devices.entries()) {
      d.core.transact(() => {
        for (let j = 0; j < 1000; j++) {
          d.core.ctx.writer.insert('transactions', {
            party_type: 'customer',
            party_id: party.id,
            direction: j % 2 ? 'got' : 'gave',
            amount_paise: 100 + i * 1000 + j,
            entry_date: '2026-11-25',
            note: `d${i}-${j}`,
            bill_id: null,
          });
        }
      });
    }
    // All at once.
    await Promise.all(devices.map((d) => (d.core.sync.resume(), d.core.sync.syncNow())));
    await settle(devices, 120_000);

    const businessId = devices[0]!.core.businessId;
    const applied = await standIn.sb.sql<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT op_id) AS d FROM sync_applied_ops WHERE business_id = $1', [businessId]);
    expect(Number(applied[0]!.n) - Number(before[0]!.n)).toBe(10_000);
    expect(applied[0]!.n).toBe(applied[0]!.d);
    const seqs = await standIn.sb.sql<{ n: string; min: string; max: string; d: string }>(
      'SELECT count(*) AS n, min(seq) AS min, max(seq) AS max, count(DISTINCT seq) AS d FROM sync_applied_ops WHERE business_id = $1',
      [businessId],
    );
    const s = seqs[0]!;
    // One seq per applied op here (every op changes its row): no gaps, no repeats.
    expect(Number(s.d)).toBe(Number(s.n));
    expect(Number(s.max) - Number(s.min) + 1).toBe(Number(s.n));
    const rows = await standIn.sb.sql<{ n: string }>('SELECT count(*) AS n FROM transactions WHERE party_id = $1', [party.id]);
    expect(Number(rows[0]!.n)).toBe(10_000);
    expectConverged(devices);
  }, 300_000);
});
