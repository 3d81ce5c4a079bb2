import { describe, expect, it } from 'vitest';
import { expectConverged, settle, startShop, serverForFile } from './harness';

// Collections through the real sync path: due dates, credit periods, promises and reminders
// made on one device show on the other, through the local Supabase stand-in.
const standIn = serverForFile();
const devices = standIn.devices;

describe('collections across devices', () => {
  it('due dates, the credit period, promises and reminders travel both ways', async () => {
    const [a, b] = await startShop(standIn.sb, devices);
    const today = (await a.call('collections.list', {})).today;
    const ago = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    const later = (days: number) => ago(-days);

    const anil = await a.call('parties.create', { type: 'customer', name: 'Anil', phone: '9876543210' });
    await a.call('entries.add', { partyType: 'customer', partyId: anil.id, direction: 'gave', amountPaise: 150_000, date: ago(20), dueDate: ago(5) });
    const second = await a.call('entries.add', { partyType: 'customer', partyId: anil.id, direction: 'gave', amountPaise: 40_000, date: ago(2) });
    await a.call('promises.add', { partyType: 'customer', partyId: anil.id, amountPaise: 100_000, promisedOn: later(3), note: 'salary day' });
    await settle([a, b]);

    const onB = await b.call('collections.list', {});
    expect(onB.overdue.map((r) => [r.name, r.amountPaise, r.dueDate, r.daysOverdue, r.promise?.promisedOn, r.promise?.note])).toEqual([
      ['Anil', 150_000, ago(5), 5, later(3), 'salary day'],
    ]);
    expect(onB.upcoming).toEqual([]); // the second entry has no due date and no credit period yet

    // B sets a credit period and sends a reminder; A edits the second entry's due date.
    await b.call('parties.update', { type: 'customer', id: anil.id, patch: { creditDays: 7 } });
    await b.call('reminders.record', { partyType: 'customer', partyId: anil.id, amountPaise: 150_000, dueDate: ago(5) });
    await a.call('entries.update', { id: second.id, patch: { dueDate: later(1) } });
    await settle([a, b]);

    for (const d of [a, b]) {
      const dues = await d.call('collections.party', { partyType: 'customer', partyId: anil.id });
      expect(dues, d.name).toMatchObject({ creditDays: 7, overduePaise: 150_000, upcomingPaise: 40_000, nextDueDate: later(1) });
      expect(dues.reminders.map((r) => [r.amountPaise, r.dueDate, r.channel]), d.name).toEqual([[150_000, ago(5), 'whatsapp']]);
      expect(dues.promises.map((p) => [p.amountPaise, p.status]), d.name).toEqual([[100_000, 'open']]);
      const list = await d.call('collections.list', {});
      expect(list.overdue[0]?.lastReminder?.sentOn, d.name).toBe(today);
    }
    // A promise cancelled on B is gone on A too.
    const [p] = (await b.call('collections.party', { partyType: 'customer', partyId: anil.id })).promises;
    await b.call('promises.cancel', { id: p!.id });
    await settle([a, b]);
    expect((await a.call('collections.party', { partyType: 'customer', partyId: anil.id })).promises).toEqual([]);
    expectConverged([a, b]);
  }, 120_000);
});
