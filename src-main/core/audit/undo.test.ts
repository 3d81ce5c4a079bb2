import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { recordRemoteAudit } from './audit';
import { CHANGED_SINCE, NOTHING_TO_UNDO } from './undo';

let t: TestCore;
let clock: ReturnType<typeof manualClock>;
beforeEach(() => {
  clock = manualClock('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
});
afterEach(async () => {
  await t.close();
});

/** A moment later: each change gets its own time, as at a real counter. */
const later = () => clock.advance(1000);

/** Stands in for a merge from another computer: the row changes without this device's write path. */
function changedElsewhere(table: string, id: string, column: string, value: string | number | null): void {
  t.core.db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(value, id);
}

const outboxCount = () => (t.core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;

async function customer(name = 'Ramesh Kumar') {
  return t.call('parties.create', { type: 'customer', name, phone: '9812345678' });
}

describe('undo of the last change of this device', () => {
  it('puts a party edit back, as an ordinary synced change, and Ctrl+Z again goes further back', async () => {
    const p = await customer();
    later();
    await t.call('parties.update', { type: 'customer', id: p.id, patch: { name: 'Ramesh K' } });
    later();
    await t.call('parties.update', { type: 'customer', id: p.id, patch: { phone: '9000000001' } });
    expect(await t.call('history.last', {})).toMatchObject({ table: 'customers', rowId: p.id, action: 'update' });
    const ops = outboxCount();
    later();
    await t.call('history.undo', {});
    expect(await t.call('parties.get', { type: 'customer', id: p.id })).toMatchObject({ name: 'Ramesh K', phone: '9812345678' });
    expect(outboxCount()).toBe(ops + 1);
    later();
    await t.call('history.undo', {});
    expect((await t.call('parties.get', { type: 'customer', id: p.id })).name).toBe('Ramesh Kumar');
    // The next one back is the creation: undoing it deletes the party.
    later();
    await t.call('history.undo', {});
    expect((await t.call('parties.list', { type: 'customer' })).items).toHaveLength(0);
    await expect(t.call('history.undo', {})).rejects.toThrow(NOTHING_TO_UNDO);
  });

  it('brings back a deleted party, and refuses when another computer changed the same field since', async () => {
    const p = await customer();
    later();
    await t.call('parties.delete', { type: 'customer', id: p.id });
    later();
    await t.call('history.undo', { table: 'customers', rowId: p.id });
    expect((await t.call('parties.get', { type: 'customer', id: p.id })).deletedAt).toBeNull();

    later();
    await t.call('parties.update', { type: 'customer', id: p.id, patch: { name: 'Ramesh Bhai' } });
    changedElsewhere('customers', p.id, 'name', 'Ramesh (other computer)');
    later();
    await expect(t.call('history.undo', { table: 'customers', rowId: p.id })).rejects.toThrow(CHANGED_SINCE);
    expect((await t.call('parties.get', { type: 'customer', id: p.id })).name).toBe('Ramesh (other computer)');
  });

  it('puts an entry edit back and brings back a deleted entry; the balance follows', async () => {
    const p = await customer();
    later();
    const e = await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 500_00, note: 'Atta' });
    later();
    await t.call('entries.update', { id: e.id, patch: { amountPaise: 700_00, note: 'Atta 10kg' } });
    later();
    await t.call('history.undo', { table: 'transactions', rowId: e.id });
    const ledger = await t.call('entries.ledger', { partyType: 'customer', partyId: p.id });
    expect(ledger.rows[0]).toMatchObject({ amountPaise: 500_00, note: 'Atta' });
    expect(ledger.party.balancePaise).toBe(500_00);
    later();
    await t.call('entries.delete', { id: e.id });
    later();
    await t.call('history.undo', {});
    expect((await t.call('parties.get', { type: 'customer', id: p.id })).balancePaise).toBe(500_00);
  });

  it('puts a bill edit back with its lines, totals and posting entry computed again', async () => {
    const p = await customer();
    later();
    const bill = await t.call('bills.create', {
      kind: 'sale',
      partyType: 'customer',
      partyId: p.id,
      lines: [{ name: 'Basmati Rice 5kg', qtyMilli: 1000, ratePaise: 450_00, gstRateBp: 500 }],
    });
    later();
    const edited = await t.call('bills.update', {
      id: bill.id,
      patch: {
        lines: [
          { name: 'Basmati Rice 5kg', qtyMilli: 2000, ratePaise: 450_00, gstRateBp: 500 },
          { name: 'Toor Dal', qtyMilli: 1000, ratePaise: 120_00, gstRateBp: 0 },
        ],
        discountPaise: 10_00,
      },
    });
    expect(edited.totalPaise).not.toBe(bill.totalPaise);
    later();
    // The posting entry the edit moved is a consequence: Ctrl+Z takes back the bill edit itself.
    expect(await t.call('history.last', {})).toMatchObject({ table: 'bills', rowId: bill.id, action: 'update' });
    await t.call('history.undo', {});
    const back = await t.call('bills.get', { id: bill.id });
    expect(back.lines.map((l) => [l.name, l.qtyMilli])).toEqual([['Basmati Rice 5kg', 1000]]);
    expect(back).toMatchObject({ discountPaise: 0, taxablePaise: bill.taxablePaise, cgstPaise: bill.cgstPaise, sgstPaise: bill.sgstPaise, totalPaise: bill.totalPaise });
    expect((await t.call('parties.get', { type: 'customer', id: p.id })).balancePaise).toBe(bill.totalPaise);
  });

  it('refuses to put a bill edit back when its lines were changed on another computer since', async () => {
    const p = await customer();
    later();
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines: [{ name: 'Atta', qtyMilli: 1000, ratePaise: 300_00, gstRateBp: 0 }] });
    later();
    await t.call('bills.update', { id: bill.id, patch: { lines: [{ name: 'Atta', qtyMilli: 2000, ratePaise: 300_00, gstRateBp: 0 }] } });
    const row = t.core.db.prepare('SELECT items FROM bills WHERE id = ?').get(bill.id) as { items: string };
    const items = JSON.parse(row.items) as { qty_milli: number }[];
    items[0]!.qty_milli = 3000;
    changedElsewhere('bills', bill.id, 'items', JSON.stringify(items));
    later();
    await expect(t.call('history.undo', { table: 'bills', rowId: bill.id })).rejects.toThrow(CHANGED_SINCE);
  });

  it('brings back a deleted bill with its posting entry, and undoes a new bill by deleting it', async () => {
    const p = await customer();
    later();
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines: [{ name: 'Atta', qtyMilli: 1000, ratePaise: 300_00, gstRateBp: 0 }] });
    later();
    await t.call('bills.delete', { id: bill.id });
    expect((await t.call('parties.get', { type: 'customer', id: p.id })).balancePaise).toBe(0);
    later();
    await t.call('history.undo', {});
    expect((await t.call('bills.get', { id: bill.id })).deletedAt).toBeNull();
    expect((await t.call('parties.get', { type: 'customer', id: p.id })).balancePaise).toBe(300_00);
    // Back past the restore's own change to the bill's creation.
    later();
    await t.call('history.undo', {});
    expect((await t.call('bills.get', { id: bill.id })).deletedAt).not.toBeNull();
  });

  it('puts an item, a cashbook entry, a staff member, an attendance mark and the settings back', async () => {
    const item = await t.call('items.create', { name: 'Basmati Rice 5kg', unit: 'pack', salePricePaise: 450_00, gstRateBp: 500 });
    later();
    await t.call('items.update', { id: item.id, patch: { salePricePaise: 480_00 } });
    later();
    await t.call('history.undo', {});
    expect((await t.call('items.get', { id: item.id })).salePricePaise).toBe(450_00);

    const cash = await t.call('cashbook.add', { direction: 'in', amountPaise: 1000_00, note: 'Counter sales' });
    later();
    await t.call('cashbook.update', { id: cash.id, patch: { amountPaise: 1200_00 } });
    later();
    await t.call('history.undo', {});
    expect((await t.call('cashbook.day', { date: clock.now().toISOString().slice(0, 10) })).entries[0]!.amountPaise).toBe(1000_00);

    const raju = await t.call('staff.create', { name: 'Raju', salaryBasis: 'monthly', salaryPaise: 15_000_00, joinedOn: '2026-11-01' });
    later();
    await t.call('staff.update', { id: raju.id, patch: { salaryPaise: 16_000_00 } });
    later();
    await t.call('history.undo', {});
    expect((await t.call('staff.list', {})).find((s) => s.id === raju.id)!.salaryPaise).toBe(15_000_00);
    later();
    await t.call('staff.delete', { id: raju.id });
    later();
    await t.call('history.undo', {});
    expect((await t.call('staff.list', {})).some((s) => s.id === raju.id)).toBe(true);

    await t.call('attendance.mark', { staffId: raju.id, date: '2026-11-24', status: 'present' });
    later();
    await t.call('attendance.mark', { staffId: raju.id, date: '2026-11-24', status: 'half_day' });
    later();
    await t.call('history.undo', {});
    const day = () => t.core.db.prepare(`SELECT status, deleted_at FROM attendance WHERE staff_id = ? AND att_date = '2026-11-24'`).get(raju.id);
    expect(day()).toEqual({ status: 'present', deleted_at: null });
    later();
    await t.call('history.undo', {});
    expect(day()).toMatchObject({ status: 'present', deleted_at: expect.any(String) });

    await t.call('settings.update', { name: 'Shree Ganesh Kirana Store' });
    later();
    await t.call('settings.update', { name: 'Ganesh Stores' });
    later();
    await t.call('history.undo', {});
    expect((await t.call('settings.get', {})).name).toBe('Shree Ganesh Kirana Store');
  });

  it('keeps the permissions: a staff computer cannot undo its way into an owner-only change', async () => {
    const p = await customer();
    later();
    await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 100_00 });
    t.core.state.set('user_id', '00000000-0000-4000-8000-000000000001');
    t.core.state.set('role', 'staff');
    later();
    // Undoing the entry is everyday work; undoing the party's creation would delete a party.
    await t.call('history.undo', {});
    later();
    await expect(t.call('history.undo', {})).rejects.toThrow(/FORBIDDEN/);
  });

  it('undoes only this computer’s own changes and refuses garbage', async () => {
    await expect(t.call('history.undo', { opId: 'not-an-id' })).rejects.toThrow(/VALIDATION/);
    await expect(t.call('history.undo', { rowId: '0190f5d2-7a1b-7c3e-8f00-000000000001' })).rejects.toThrow(/VALIDATION/);
    const p = await customer();
    // An edit merged from another computer is in the trail, but it is not this computer's to undo.
    const opId = '0190f5d2-7a1b-7c3e-8f00-0000000000aa';
    recordRemoteAudit(t.core.db, {
      table: 'customers',
      rowId: p.id,
      opId,
      stamp: '2026-11-25T05:00:00.000Z-0000-other',
      deviceId: 'another-computer',
      userId: null,
      action: 'update',
      oldValues: { name: 'Ramesh Kumar' },
      newValues: { name: 'Ramesh K' },
      at: '2026-11-25T05:00:00.000Z',
    });
    await expect(t.call('history.undo', { opId })).rejects.toThrow(/Only changes made on this computer/);
    expect(await t.call('history.last', {})).toMatchObject({ table: 'customers', rowId: p.id, action: 'create' });
  });
});
