import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { MAX_PAISE } from '../../../contract/primitives';
import { OPENING_SQL } from './balances';

let t: TestCore;
const clock = manualClock('2026-11-25T04:30:00.000Z'); // 10:00 in Kolkata, 25 Nov

beforeEach(() => {
  clock.set('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
});
afterEach(() => t.close());

const count = (sql: string) => (t.core.db.prepare(sql).get() as { n: number }).n;
const snapshot = () => ({
  entries: count('SELECT count(*) AS n FROM cashbook_entries'),
  outbox: count('SELECT count(*) AS n FROM outbox'),
  audit: count('SELECT count(*) AS n FROM audit_log'),
});

async function seed() {
  const a = await t.call('cashbook.add', { direction: 'in', amountPaise: 1000_00, mode: 'cash', date: '2026-11-20', note: 'Opening cash' });
  const b = await t.call('cashbook.add', { direction: 'out', amountPaise: 300_00, mode: 'cash', date: '2026-11-20', note: 'Tea and snacks' });
  const c = await t.call('cashbook.add', { direction: 'in', amountPaise: 5000_00, mode: 'online', date: '2026-11-20' });
  const d = await t.call('cashbook.add', { direction: 'in', amountPaise: 200_00, mode: 'cash', date: '2026-11-22' });
  const e = await t.call('cashbook.add', { direction: 'out', amountPaise: 1000_00, mode: 'online', date: '2026-11-22', note: 'Rent' });
  return { a, b, c, d, e };
}

describe('cashbook entries', () => {
  it('adds an entry with one outbox op and one audit row, defaulting to cash and today', async () => {
    const before = snapshot();
    const entry = await t.call('cashbook.add', { direction: 'in', amountPaise: 250_50 });
    expect(entry).toMatchObject({ direction: 'in', amountPaise: 250_50, mode: 'cash', date: '2026-11-25', note: null, deletedAt: null });
    expect(snapshot()).toEqual({ entries: before.entries + 1, outbox: before.outbox + 1, audit: before.audit + 1 });
    const op = t.core.db.prepare('SELECT * FROM outbox WHERE row_id = ?').get(entry.id) as { table_name: string; fields: string };
    expect(op.table_name).toBe('cashbook_entries');
    expect(JSON.parse(op.fields)).toMatchObject({ direction: 'in', amount_paise: 250_50, mode: 'cash', entry_date: '2026-11-25' });
  });

  it('takes today in the business time zone, not UTC', async () => {
    clock.set('2026-11-25T20:00:00.000Z'); // already 26 Nov, 01:30 in Kolkata
    const entry = await t.call('cashbook.add', { direction: 'out', amountPaise: 1 });
    expect(entry.date).toBe('2026-11-26');
    expect((await t.call('cashbook.day')).date).toBe('2026-11-26');
  });

  it('accepts a 500-character note and trims it', async () => {
    const entry = await t.call('cashbook.add', { direction: 'in', amountPaise: 1, note: `  ${'न'.repeat(500)}  ` });
    expect(entry.note).toBe('न'.repeat(500));
  });

  it('updates only what changed and refuses to edit a deleted entry', async () => {
    const { a } = await seed();
    const outbox = snapshot().outbox;
    const edited = await t.call('cashbook.update', { id: a.id, patch: { amountPaise: 1500_00, note: 'Opening cash' } });
    expect(edited).toMatchObject({ amountPaise: 1500_00, note: 'Opening cash', mode: 'cash', date: '2026-11-20' });
    expect(snapshot().outbox).toBe(outbox + 1);
    const op = t.core.db.prepare('SELECT fields FROM outbox ORDER BY seq DESC LIMIT 1').get() as { fields: string };
    expect(Object.keys(JSON.parse(op.fields)).sort()).toEqual(['amount_paise', 'updated_at']);
    // Omitting the note keeps it; null clears it.
    expect((await t.call('cashbook.update', { id: a.id, patch: { mode: 'online' } })).note).toBe('Opening cash');
    expect((await t.call('cashbook.update', { id: a.id, patch: { note: null } })).note).toBeNull();

    await t.call('cashbook.delete', { id: a.id });
    const result = await t.core.handle('cashbook.update', { id: a.id, patch: { amountPaise: 5 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('delete and restore are soft and idempotent', async () => {
    const { b } = await seed();
    const deleted = await t.call('cashbook.delete', { id: b.id });
    expect(deleted.deletedAt).toBe('2026-11-25T04:30:00.000Z');
    const outbox = snapshot().outbox;
    await t.call('cashbook.delete', { id: b.id });
    expect(snapshot().outbox).toBe(outbox);
    expect(count('SELECT count(*) AS n FROM cashbook_entries')).toBe(5);
    const restored = await t.call('cashbook.restore', { id: b.id });
    expect(restored.deletedAt).toBeNull();
    await t.call('cashbook.restore', { id: b.id });
    expect(snapshot().outbox).toBe(outbox + 1);
    const actions = t.core.db.prepare(`SELECT action FROM audit_log WHERE row_id = ? ORDER BY id`).all(b.id) as { action: string }[];
    expect(actions.map((r) => r.action)).toEqual(['create', 'delete', 'restore']);
  });
});

describe('cashbook.day', () => {
  it('derives opening and closing across days, split by mode', async () => {
    await seed();
    const d20 = await t.call('cashbook.day', { date: '2026-11-20' });
    expect(d20).toMatchObject({ openingPaise: 0, inPaise: 6000_00, outPaise: 300_00, closingPaise: 5700_00, cashInHandPaise: 700_00 });
    expect(d20.entries.map((e) => e.amountPaise)).toEqual([1000_00, 300_00, 5000_00]);

    const d21 = await t.call('cashbook.day', { date: '2026-11-21' });
    expect(d21).toMatchObject({ openingPaise: 5700_00, inPaise: 0, outPaise: 0, closingPaise: 5700_00, cashInHandPaise: 700_00, entries: [] });

    const d22 = await t.call('cashbook.day', { date: '2026-11-22' });
    expect(d22).toMatchObject({
      date: '2026-11-22',
      openingPaise: 5700_00,
      inPaise: 200_00,
      outPaise: 1000_00,
      closingPaise: 4900_00,
      cash: { openingPaise: 700_00, inPaise: 200_00, outPaise: 0, closingPaise: 900_00 },
      online: { openingPaise: 5000_00, inPaise: 0, outPaise: 1000_00, closingPaise: 4000_00 },
      cashInHandPaise: 900_00,
    });
    expect(d22.entries).toHaveLength(2);
    expect((await t.call('cashbook.day', { date: '2026-11-19' })).closingPaise).toBe(0);
  });

  it('follows edits, deletes, restores and date moves of earlier entries', async () => {
    const { a, c, e } = await seed();
    await t.call('cashbook.update', { id: a.id, patch: { amountPaise: 1500_00 } });
    expect(await t.call('cashbook.day', { date: '2026-11-22' })).toMatchObject({ openingPaise: 6200_00, closingPaise: 5400_00, cashInHandPaise: 1400_00 });

    await t.call('cashbook.delete', { id: c.id });
    expect(await t.call('cashbook.day', { date: '2026-11-22' })).toMatchObject({
      openingPaise: 1200_00,
      closingPaise: 400_00,
      online: { openingPaise: 0, closingPaise: -1000_00 },
    });
    expect((await t.call('cashbook.day', { date: '2026-11-20' })).entries.map((x) => x.id)).not.toContain(c.id);

    await t.call('cashbook.restore', { id: c.id });
    expect((await t.call('cashbook.day', { date: '2026-11-22' })).openingPaise).toBe(6200_00);

    // Moving the rent back to the 20th moves it out of the 22nd into its opening.
    await t.call('cashbook.update', { id: e.id, patch: { date: '2026-11-20' } });
    const d22 = await t.call('cashbook.day', { date: '2026-11-22' });
    expect(d22).toMatchObject({ openingPaise: 5200_00, outPaise: 0, closingPaise: 5400_00 });
    expect((await t.call('cashbook.day', { date: '2026-11-20' })).closingPaise).toBe(5200_00);

    // Switching a cash entry to online moves it between the drawer and the bank, not the total.
    await t.call('cashbook.update', { id: a.id, patch: { mode: 'online' } });
    expect(await t.call('cashbook.day', { date: '2026-11-22' })).toMatchObject({
      openingPaise: 5200_00,
      cash: { openingPaise: -300_00, closingPaise: -100_00 },
      online: { openingPaise: 5500_00 },
    });
  });

  it("ignores other businesses' entries", async () => {
    await seed();
    t.core.db
      .prepare(
        `INSERT INTO cashbook_entries (id, business_id, created_at, updated_at, direction, amount_paise, mode, entry_date)
         VALUES ('x', 'another-business', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', 'in', 99999, 'cash', '2026-11-01')`,
      )
      .run();
    expect((await t.call('cashbook.day', { date: '2026-11-22' })).openingPaise).toBe(5700_00);
    expect((await t.call('cashbook.range', { from: '2026-11-01', to: '2026-11-02' })).days[0]!.inPaise).toBe(0);
  });

  it('reads the opening balance through cashbook_day_idx', () => {
    const plan = t.core.db.prepare(`EXPLAIN QUERY PLAN ${OPENING_SQL}`).all('b', '2026-11-22') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX cashbook_day_idx \(business_id=\? AND entry_date<\?\)/);
  });
});

describe('cashbook.range', () => {
  it('lists every day with totals and carried-forward closing', async () => {
    const { b } = await seed();
    await t.call('cashbook.delete', { id: b.id });
    await t.call('cashbook.add', { direction: 'in', amountPaise: 50_00, mode: 'cash', date: '2026-11-18' });
    const range = await t.call('cashbook.range', { from: '2026-11-19', to: '2026-11-23' });
    expect(range.openingPaise).toBe(50_00);
    expect(range.cashOpeningPaise).toBe(50_00);
    expect(range.days).toEqual([
      { date: '2026-11-19', inPaise: 0, outPaise: 0, closingPaise: 50_00, cashInPaise: 0, cashOutPaise: 0, cashClosingPaise: 50_00 },
      { date: '2026-11-20', inPaise: 6000_00, outPaise: 0, closingPaise: 6050_00, cashInPaise: 1000_00, cashOutPaise: 0, cashClosingPaise: 1050_00 },
      { date: '2026-11-21', inPaise: 0, outPaise: 0, closingPaise: 6050_00, cashInPaise: 0, cashOutPaise: 0, cashClosingPaise: 1050_00 },
      { date: '2026-11-22', inPaise: 200_00, outPaise: 1000_00, closingPaise: 5250_00, cashInPaise: 200_00, cashOutPaise: 0, cashClosingPaise: 1250_00 },
      { date: '2026-11-23', inPaise: 0, outPaise: 0, closingPaise: 5250_00, cashInPaise: 0, cashOutPaise: 0, cashClosingPaise: 1250_00 },
    ]);
    expect(range.totals).toEqual({ inPaise: 6200_00, outPaise: 1000_00, cashInPaise: 1200_00, cashOutPaise: 0 });
    // The range agrees with the day view.
    const d22 = await t.call('cashbook.day', { date: '2026-11-22' });
    expect(d22.closingPaise).toBe(range.days[3]!.closingPaise);
    expect(d22.cashInHandPaise).toBe(range.days[3]!.cashClosingPaise);
  });

  it('crosses month and year ends and allows a full leap year', async () => {
    await t.call('cashbook.add', { direction: 'in', amountPaise: 7, date: '2024-02-29' });
    const range = await t.call('cashbook.range', { from: '2024-01-01', to: '2024-12-31' });
    expect(range.days).toHaveLength(366);
    expect(range.days[59]).toMatchObject({ date: '2024-02-29', inPaise: 7, closingPaise: 7 });
    expect(range.days[365]).toMatchObject({ date: '2024-12-31', closingPaise: 7 });
  });
});

describe('garbage input', () => {
  const bad: [string, unknown, 'VALIDATION' | 'NOT_FOUND'][] = [
    ['cashbook.add', { direction: 'in', amountPaise: 0 }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: -100 }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: 10.5 }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: MAX_PAISE + 1 }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: '100' }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: Number.NaN }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: Number.POSITIVE_INFINITY }, 'VALIDATION'],
    ['cashbook.add', { direction: 'gave', amountPaise: 100 }, 'VALIDATION'],
    ['cashbook.add', { amountPaise: 100 }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: 100, mode: 'upi' }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: 100, date: '2026-02-30' }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: 100, date: '25/11/2026' }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: 100, note: 'x'.repeat(501) }, 'VALIDATION'],
    ['cashbook.add', { direction: 'in', amountPaise: 100, balancePaise: 5 }, 'VALIDATION'],
    ['cashbook.add', null, 'VALIDATION'],
    ['cashbook.add', [], 'VALIDATION'],
    ['cashbook.update', { id: '0192f0c4-0000-7000-8000-000000000000', patch: { amountPaise: 5 } }, 'NOT_FOUND'],
    ['cashbook.update', { id: 'not-an-id', patch: {} }, 'VALIDATION'],
    ['cashbook.update', { id: '0192f0c4-0000-7000-8000-000000000000', patch: { amount: 5 } }, 'VALIDATION'],
    ['cashbook.delete', { id: '0192f0c4-0000-7000-8000-000000000000' }, 'NOT_FOUND'],
    ['cashbook.restore', { id: '0192f0c4-0000-7000-8000-000000000000' }, 'NOT_FOUND'],
    ['cashbook.day', { date: '2026-13-01' }, 'VALIDATION'],
    ['cashbook.day', { date: '2026-11-25', extra: 1 }, 'VALIDATION'],
    ['cashbook.range', { from: '2026-11-25', to: '2026-11-24' }, 'VALIDATION'],
    ['cashbook.range', { from: '2025-01-01', to: '2026-01-02' }, 'VALIDATION'],
    ['cashbook.range', { from: '2026-11-01' }, 'VALIDATION'],
  ];

  it.each(bad)('%s %j is %s and writes nothing', async (method, input, code) => {
    await seed();
    const before = snapshot();
    const result = await t.core.handle(method, input);
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
    expect(snapshot()).toEqual(before);
  });

  it('an entry of another business is NOT_FOUND', async () => {
    t.core.db
      .prepare(
        `INSERT INTO cashbook_entries (id, business_id, created_at, updated_at, direction, amount_paise, mode, entry_date)
         VALUES ('0192f0c4-0000-7000-8000-0000000000aa', 'another-business', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', 'in', 5, 'cash', '2026-11-01')`,
      )
      .run();
    const before = snapshot();
    expect(await t.core.handle('cashbook.delete', { id: '0192f0c4-0000-7000-8000-0000000000aa' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(snapshot()).toEqual(before);
  });
});
