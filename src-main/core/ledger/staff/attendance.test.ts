import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { derivedId } from '../../util/ids';
import type { Staff } from '../../../contract/staff';

let t: TestCore;
let ramesh: Staff;
const clock = manualClock('2026-11-25T04:30:00.000Z'); // 25 Nov in Kolkata

beforeEach(async () => {
  clock.set('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
  ramesh = await t.call('staff.create', { name: 'Ramesh', salaryBasis: 'monthly', salaryPaise: 15_000_00, joinedOn: '2026-11-01' });
});
afterEach(() => t.close());

const count = (core: TestCore, sql: string, ...params: unknown[]) => (core.core.db.prepare(sql).get(...params) as { n: number }).n;
const snapshot = () => ({
  staff: count(t, 'SELECT count(*) AS n FROM staff'),
  attendance: count(t, 'SELECT count(*) AS n FROM attendance'),
  outbox: count(t, 'SELECT count(*) AS n FROM outbox'),
});

describe('attendance.mark', () => {
  it('writes one row per staff member per day with the derived id; the second status wins', async () => {
    const first = await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-24', status: 'present', note: 'Came late' });
    expect(first.id).toBe(derivedId(ramesh.id, '2026-11-24'));
    clock.advance(60_000);
    const second = await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-24', status: 'half_day' });
    expect(second).toMatchObject({ id: first.id, status: 'half_day', note: 'Came late', createdAt: first.createdAt, deletedAt: null });
    expect(second.updatedAt).not.toBe(first.updatedAt);
    expect(count(t, 'SELECT count(*) AS n FROM attendance WHERE staff_id = ?', ramesh.id)).toBe(1);
    const ops = t.core.db.prepare('SELECT fields FROM outbox WHERE row_id = ? ORDER BY seq').all(first.id) as { fields: string }[];
    expect(ops).toHaveLength(2);
    expect(JSON.parse(ops[0]!.fields)).toMatchObject({ staff_id: ramesh.id, att_date: '2026-11-24', status: 'present' });
    expect(Object.keys(JSON.parse(ops[1]!.fields)).sort()).toEqual(['status', 'updated_at']);
    // Same status again changes nothing and sends nothing.
    await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-24', status: 'half_day' });
    expect(count(t, 'SELECT count(*) AS n FROM outbox WHERE row_id = ?', first.id)).toBe(2);
    // A null note clears it.
    expect((await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-24', status: 'half_day', note: null })).note).toBeNull();
  });

  it('marks the joining day and today, but not before joining nor tomorrow', async () => {
    await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-01', status: 'present' });
    await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-25', status: 'present' });
    const before = snapshot();
    const early = await t.core.handle('attendance.mark', { staffId: ramesh.id, date: '2026-10-31', status: 'present' });
    expect(early).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { date: expect.any(String) } } });
    const future = await t.core.handle('attendance.mark', { staffId: ramesh.id, date: '2026-11-26', status: 'present' });
    expect(future).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(snapshot()).toEqual(before);
  });

  it("uses today in the business time zone: just after midnight in Kolkata it is already the next day", async () => {
    clock.set('2026-11-25T18:45:00.000Z'); // 00:15 on 26 Nov in Kolkata
    const mark = await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-26', status: 'present' });
    expect(mark.date).toBe('2026-11-26');
  });

  it('a staff member without a joining date can be marked on any past day', async () => {
    await t.call('staff.update', { id: ramesh.id, patch: { joinedOn: null } });
    expect((await t.call('attendance.mark', { staffId: ramesh.id, date: '2025-01-01', status: 'leave' })).status).toBe('leave');
  });

  it('two devices of one business marking the same staff and day write the same row', async () => {
    const other = createTestCore({ now: clock.now });
    try {
      // Device B belongs to the same business and has Ramesh from a sync pull.
      other.core.state.set('business_id', t.core.businessId);
      const row = t.core.db.prepare('SELECT * FROM staff WHERE id = ?').get(ramesh.id) as Record<string, unknown>;
      const cols = Object.keys(row);
      other.core.db.prepare(`INSERT INTO staff (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c]));

      const onA = await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-20', status: 'present' });
      clock.advance(5_000);
      const onB = await other.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-20', status: 'absent' });
      expect(onB.id).toBe(onA.id);
      expect(onA.id).toBe(derivedId(ramesh.id, '2026-11-20'));
      // Both ops target the same row, and B's later stamp is the larger one, so the merge keeps B's status.
      const opA = t.core.db.prepare('SELECT row_id, stamp FROM outbox WHERE table_name = ? ORDER BY seq DESC LIMIT 1').get('attendance') as { row_id: string; stamp: string };
      const opB = other.core.db.prepare('SELECT row_id, stamp FROM outbox WHERE table_name = ? ORDER BY seq DESC LIMIT 1').get('attendance') as { row_id: string; stamp: string };
      expect(opB.row_id).toBe(opA.row_id);
      expect(opB.stamp > opA.stamp).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('attendance.clear', () => {
  it('soft-deletes the mark; marking again revives the same row', async () => {
    const mark = await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-24', status: 'present' });
    const cleared = await t.call('attendance.clear', { staffId: ramesh.id, date: '2026-11-24' });
    expect(cleared).toMatchObject({ id: mark.id, deletedAt: '2026-11-25T04:30:00.000Z' });
    const outbox = snapshot().outbox;
    expect((await t.call('attendance.clear', { staffId: ramesh.id, date: '2026-11-24' }))!.deletedAt).not.toBeNull();
    expect(snapshot().outbox).toBe(outbox);
    const again = await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-24', status: 'leave' });
    expect(again).toMatchObject({ id: mark.id, status: 'leave', deletedAt: null });
    expect(count(t, 'SELECT count(*) AS n FROM attendance')).toBe(1);
  });

  it('clearing an unmarked day is a no-op', async () => {
    const before = snapshot();
    expect(await t.call('attendance.clear', { staffId: ramesh.id, date: '2026-11-10' })).toBeNull();
    expect(snapshot()).toEqual(before);
  });
});

describe('garbage attendance input', () => {
  const missing = '0192f0c4-0000-7000-8000-000000000000';
  const cases = (): [string, unknown, 'VALIDATION' | 'NOT_FOUND'][] => [
    ['attendance.mark', { staffId: missing, date: '2026-11-20', status: 'present' }, 'NOT_FOUND'],
    ['attendance.mark', { staffId: ramesh.id, date: '2026-11-20', status: 'holiday' }, 'VALIDATION'],
    ['attendance.mark', { staffId: ramesh.id, date: '2026-11-31', status: 'present' }, 'VALIDATION'],
    ['attendance.mark', { staffId: ramesh.id, date: '20-11-2026', status: 'present' }, 'VALIDATION'],
    ['attendance.mark', { staffId: ramesh.id, status: 'present' }, 'VALIDATION'],
    ['attendance.mark', { staffId: ramesh.id, date: '2026-11-20', status: 'present', note: 'x'.repeat(201) }, 'VALIDATION'],
    ['attendance.mark', { staffId: ramesh.id, date: '2026-11-20', status: 'present', id: missing }, 'VALIDATION'],
    ['attendance.mark', { staffId: 'ramesh', date: '2026-11-20', status: 'present' }, 'VALIDATION'],
    ['attendance.clear', { staffId: missing, date: '2026-11-20' }, 'NOT_FOUND'],
    ['attendance.clear', { staffId: ramesh.id }, 'VALIDATION'],
    ['attendance.month', { month: '2026-13' }, 'VALIDATION'],
    ['attendance.month', { month: '2026-1' }, 'VALIDATION'],
    ['attendance.month', { month: '2026-11-01' }, 'VALIDATION'],
    ['attendance.month', {}, 'VALIDATION'],
  ];

  it('each is refused with its code and writes nothing', async () => {
    await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-19', status: 'present' });
    for (const [method, input, code] of cases()) {
      const before = snapshot();
      const result = await t.core.handle(method, input);
      expect(result, `${method} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code } });
      expect(snapshot()).toEqual(before);
    }
  });

  it('a deleted staff member cannot be marked or cleared', async () => {
    await t.call('attendance.mark', { staffId: ramesh.id, date: '2026-11-19', status: 'present' });
    await t.call('staff.delete', { id: ramesh.id });
    const before = snapshot();
    expect(await t.core.handle('attendance.mark', { staffId: ramesh.id, date: '2026-11-20', status: 'present' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.core.handle('attendance.clear', { staffId: ramesh.id, date: '2026-11-19' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(snapshot()).toEqual(before);
  });
});
