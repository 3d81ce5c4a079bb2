import { describe, expect, it } from 'vitest';
import { newEmail, settle, startDevice, serverForFile } from './harness';

const standIn = serverForFile();
const devices = standIn.devices;

describe('audit trail across devices', () => {
  it('edits on two devices show in one record history in order, with device and user; a deleted entry keeps it', async () => {
    const email = newEmail('audit');
    const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
    const b = await startDevice(standIn.sb, { name: 'B', email });
    devices.push(a, b);
    const party = await a.call('parties.create', { type: 'customer', name: 'Audit Party' });
    const entry = await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 10_000 });
    await settle([a, b]);
    await b.call('entries.update', { id: entry.id, patch: { amountPaise: 12_500 } });
    await settle([a, b]);
    await a.call('entries.update', { id: entry.id, patch: { note: 'corrected' } });
    await settle([a, b]);
    await b.call('entries.delete', { id: entry.id });
    await settle([a, b]);

    for (const d of [a, b]) {
      const history = await d.call('audit.history', { table: 'transactions', rowId: entry.id });
      expect(history.map((h) => h.action)).toEqual(['create', 'update', 'update', 'delete']);
      expect(history.map((h) => h.deviceId)).toEqual([a.core.deviceId, b.core.deviceId, a.core.deviceId, b.core.deviceId]);
      expect(history.every((h) => h.userId === a.core.userId)).toBe(true);
      expect(history[1]).toMatchObject({ oldValues: { amount_paise: 10_000 }, newValues: { amount_paise: 12_500 } });
      const stamps = history.map((h) => h.stamp);
      expect([...stamps].sort()).toEqual(stamps);
    }
  });
});
