import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../testing';

let t: TestCore;
afterEach(async () => t?.close());

async function billWithPayment() {
  t = createTestCore();
  const party = await t.call('parties.create', { type: 'customer', name: 'Asha Traders' });
  const bill = await t.call('bills.create', {
    kind: 'sale',
    partyType: 'customer',
    partyId: party.id,
    lines: [{ name: 'Rice 25 kg', qtyMilli: 1000, ratePaise: 100_000, gstRateBp: 500 }],
  });
  const { payment } = await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 40_000 });
  return { party, bill, payment };
}

describe('editing payments made against a bill', () => {
  it('keeps a payment a payment and never lets it pass the bill total', async () => {
    const { bill, payment } = await billWithPayment();
    await expect(t.call('entries.update', { id: payment.id, patch: { direction: 'gave' } })).rejects.toThrow(/cannot change direction/);
    await expect(t.call('entries.update', { id: payment.id, patch: { amountPaise: bill.totalPaise + 1 } })).rejects.toThrow(/more than the bill's due/);
    await t.call('entries.update', { id: payment.id, patch: { amountPaise: bill.totalPaise } });
    expect((await t.call('bills.get', { id: bill.id })).status).toBe('paid');
  });

  it('does not bring back a payment of a deleted bill on its own', async () => {
    const { bill, payment } = await billWithPayment();
    await t.call('entries.delete', { id: payment.id });
    await t.call('bills.delete', { id: bill.id });
    await expect(t.call('entries.restore', { id: payment.id })).rejects.toThrow(/deleted bill/);
  });
});

describe('owner-only acts on a staff device', () => {
  it('refuses deletes of parties and bills, settings and staff changes with FORBIDDEN', async () => {
    const { party, bill } = await billWithPayment();
    t.core.state.set('user_id', '00000000-0000-4000-8000-000000000001');
    t.core.state.set('role', 'staff');
    for (const [method, input] of [
      ['parties.delete', { type: 'customer', id: party.id }],
      ['bills.delete', { id: bill.id }],
      ['settings.update', { name: 'Mine now' }],
      ['staff.create', { name: 'Ravi', salaryBasis: 'monthly', salaryPaise: 1_500_000 }],
    ] as const) {
      const result = await t.core.handle(method, input);
      expect(result, method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // Everyday work stays open to staff.
    await t.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 100 });
  });
});
