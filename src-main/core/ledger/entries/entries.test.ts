import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PAISE } from '../../../contract/primitives';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { insertEntry, postingEntryId } from './entries';

let t: TestCore;
const clock = manualClock('2026-11-25T04:30:00.000Z');
beforeEach(() => {
  clock.set('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
});
afterEach(() => t.close());

const rowCounts = () =>
  Object.fromEntries(
    ['transactions', 'outbox', 'audit_log', 'party_balances'].map((table) => [table, (t.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]),
  );
const failure = async (method: string, input: unknown) => {
  const result = await t.core.handle(method, input);
  if (result.ok) throw new Error(`${method} should have failed`);
  return result.error;
};
const newCustomer = (name = 'Ramesh') => t.call('parties.create', { type: 'customer', name });
const balanceOf = async (id: string) => (await t.call('parties.get', { type: 'customer', id })).balancePaise;

describe('entries: gave and got', () => {
  it('"you gave" makes the party owe you (> 0), "you got" the other way (< 0)', async () => {
    const p = await newCustomer();
    const e = await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 150_000 });
    expect(e).toMatchObject({ direction: 'gave', amountPaise: 150_000, date: '2026-11-25', note: null, billId: null, deletedAt: null });
    expect(await balanceOf(p.id)).toBe(150_000);
    await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: 200_050, note: ' UPI ' });
    expect(await t.call('parties.get', { type: 'customer', id: p.id })).toMatchObject({ balancePaise: -50_050, entryCount: 2 });
  });

  it('uses today in the business time zone when no date is given', async () => {
    const p = await newCustomer();
    clock.set('2026-11-25T19:00:00.000Z'); // 00:30 on the 26th in Kolkata
    expect((await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 1 })).date).toBe('2026-11-26');
  });

  it('refuses entries for a missing or deleted party, and writes nothing', async () => {
    const p = await newCustomer();
    await t.call('parties.delete', { type: 'customer', id: p.id });
    const before = rowCounts();
    expect((await failure('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 100 })).code).toBe('NOT_FOUND');
    expect((await failure('entries.add', { partyType: 'supplier', partyId: p.id, direction: 'gave', amountPaise: 100 })).code).toBe('NOT_FOUND');
    expect(rowCounts()).toEqual(before);
  });
});

describe('entries: money rules', () => {
  const bad: [string, unknown][] = [
    ['fractional', 100.5],
    ['tiny fraction', 0.1],
    ['negative', -100],
    ['zero', 0],
    ['negative zero', -0],
    ['over the maximum', MAX_PAISE + 1],
    ['unsafe integer', 2 ** 53 + 2],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['string', '100'],
    ['rupee string', '₹100'],
    ['empty string', ''],
    ['null', null],
    ['boolean', true],
    ['object', { paise: 100 }],
    ['array', [100]],
    ['bigint-like string', '9999999999999999999'],
  ];

  it.each(bad)('refuses %s amounts on add and on edit, writing nothing', async (_label, amount) => {
    const p = await newCustomer();
    const e = await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 500 });
    const before = rowCounts();
    const add = await failure('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: amount });
    expect(add.code).toBe('VALIDATION');
    expect(add.fields).toHaveProperty('amountPaise');
    const edit = await failure('entries.update', { id: e.id, patch: { amountPaise: amount } });
    expect(edit.code).toBe('VALIDATION');
    expect(rowCounts()).toEqual(before);
    expect(await balanceOf(p.id)).toBe(500);
  });

  it('accepts 1 paisa and MAX_PAISE exactly, stored as integers', async () => {
    const p = await newCustomer();
    await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: MAX_PAISE });
    await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: 1 });
    expect(await balanceOf(p.id)).toBe(MAX_PAISE - 1);
    const types = t.core.db.prepare('SELECT DISTINCT typeof(amount_paise) AS t FROM transactions').all();
    expect(types).toEqual([{ t: 'integer' }]);
    expect(t.core.db.prepare('SELECT typeof(balance_paise) AS t FROM party_balances').get()).toEqual({ t: 'integer' });
  });
});

describe('entries: edits, deletes and restores', () => {
  it('moves the balance with amount, direction and date edits', async () => {
    const p = await newCustomer();
    const a = await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 1000, date: '2026-01-10' });
    const b = await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: 300, date: '2026-02-10' });
    expect(await balanceOf(p.id)).toBe(700);
    await t.call('entries.update', { id: a.id, patch: { amountPaise: 2500 } });
    expect(await balanceOf(p.id)).toBe(2200);
    await t.call('entries.update', { id: b.id, patch: { direction: 'gave' } });
    expect(await balanceOf(p.id)).toBe(2800);
    await t.call('entries.update', { id: a.id, patch: { date: '2026-03-01' } });
    expect(await t.call('parties.get', { type: 'customer', id: p.id })).toMatchObject({ balancePaise: 2800, entryCount: 2, lastEntryDate: '2026-03-01' });
    await t.call('entries.update', { id: a.id, patch: { date: '2025-12-31' } });
    expect((await t.call('parties.get', { type: 'customer', id: p.id })).lastEntryDate).toBe('2026-02-10');
  });

  it('deletes and restores entries, and repeats of either are harmless', async () => {
    const p = await newCustomer();
    const a = await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 1000, date: '2026-01-10' });
    await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: 300, date: '2026-02-10' });
    expect((await t.call('entries.delete', { id: a.id })).deletedAt).not.toBeNull();
    expect(await t.call('parties.get', { type: 'customer', id: p.id })).toMatchObject({ balancePaise: -300, entryCount: 1 });
    const ops = (t.core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    await t.call('entries.delete', { id: a.id });
    expect((t.core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBe(ops);
    expect((await failure('entries.update', { id: a.id, patch: { amountPaise: 5 } })).code).toBe('NOT_FOUND');
    await t.call('entries.restore', { id: a.id });
    await t.call('entries.restore', { id: a.id });
    expect(await t.call('parties.get', { type: 'customer', id: p.id })).toMatchObject({ balancePaise: 700, entryCount: 2 });
  });

  it('will not restore an entry of a deleted party', async () => {
    const p = await newCustomer();
    const a = await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 1000 });
    await t.call('entries.delete', { id: a.id });
    await t.call('parties.delete', { type: 'customer', id: p.id });
    expect((await failure('entries.restore', { id: a.id })).code).toBe('NOT_FOUND');
  });

  it('refuses to edit or delete the entry a bill posted', async () => {
    const p = await newCustomer();
    const billId = '0190f5e2-7b3c-7d4e-8f00-123456789abc';
    const id = postingEntryId(billId);
    t.core.ctx.transact(() =>
      insertEntry(t.core.ctx, { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 11_800, date: '2026-11-01', note: 'INV-1-1', billId }, id),
    );
    expect((await failure('entries.update', { id, patch: { amountPaise: 1 } })).code).toBe('CONFLICT');
    expect((await failure('entries.delete', { id })).code).toBe('CONFLICT');
    expect(await balanceOf(p.id)).toBe(11_800);
  });

  it('lists recent entries newest first with the party name', async () => {
    const p = await newCustomer('Asha');
    await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 1, date: '2026-01-01' });
    await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: 2, date: '2026-03-01' });
    const recent = await t.call('entries.recent', { limit: 5 });
    expect(recent.map((r) => [r.amountPaise, r.partyName])).toEqual([
      [2, 'Asha'],
      [1, 'Asha'],
    ]);
  });

  it('leaves deleted entries and entries of deleted parties out of the recent list', async () => {
    const asha = await newCustomer('Asha');
    const s = await t.call('parties.create', { type: 'supplier', name: 'Wholesale' });
    const a = await t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'gave', amountPaise: 1 });
    await t.call('entries.add', { partyType: 'customer', partyId: asha.id, direction: 'gave', amountPaise: 2 });
    await t.call('entries.add', { partyType: 'supplier', partyId: s.id, direction: 'got', amountPaise: 3 });
    await t.call('entries.delete', { id: a.id });
    expect((await t.call('entries.recent', {})).map((r) => [r.amountPaise, r.partyName])).toEqual([
      [3, 'Wholesale'],
      [2, 'Asha'],
    ]);
    await t.call('parties.delete', { type: 'supplier', id: s.id });
    expect((await t.call('entries.recent', {})).map((r) => r.amountPaise)).toEqual([2]);
  });
});
