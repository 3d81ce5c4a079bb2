import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';

let t: TestCore;
const clock = manualClock('2026-11-25T04:30:00.000Z'); // 25 Nov in Kolkata

beforeEach(() => {
  clock.set('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
});
afterEach(() => t.close());

const count = (sql: string) => (t.core.db.prepare(sql).get() as { n: number }).n;
const snapshot = () => ({
  staff: count('SELECT count(*) AS n FROM staff'),
  attendance: count('SELECT count(*) AS n FROM attendance'),
  outbox: count('SELECT count(*) AS n FROM outbox'),
});

describe('staff', () => {
  it('creates with joining date defaulting to today and one outbox op', async () => {
    const before = snapshot();
    const s = await t.call('staff.create', { name: '  Ramesh Kumar ', phone: '98765 43210', salaryBasis: 'monthly', salaryPaise: 15_000_00 });
    expect(s).toMatchObject({ name: 'Ramesh Kumar', phone: '9876543210', salaryBasis: 'monthly', salaryPaise: 15_000_00, joinedOn: '2026-11-25', deletedAt: null });
    expect(snapshot()).toEqual({ ...before, staff: before.staff + 1, outbox: before.outbox + 1 });
    const op = t.core.db.prepare('SELECT table_name, fields FROM outbox WHERE row_id = ?').get(s.id) as { table_name: string; fields: string };
    expect(op.table_name).toBe('staff');
    expect(JSON.parse(op.fields)).toMatchObject({ name: 'Ramesh Kumar', salary_basis: 'monthly', salary_paise: 15_000_00, joined_on: '2026-11-25' });
  });

  it('lists live staff by name, deleted ones only when asked', async () => {
    const b = await t.call('staff.create', { name: 'suresh', salaryBasis: 'daily', salaryPaise: 600_00, joinedOn: '2026-01-01' });
    const a = await t.call('staff.create', { name: 'Anita', salaryBasis: 'monthly', salaryPaise: 12_000_00 });
    const c = await t.call('staff.create', { name: 'Chotu', salaryBasis: 'daily', salaryPaise: 0 });
    expect((await t.call('staff.list')).map((s) => s.name)).toEqual(['Anita', 'Chotu', 'suresh']);
    await t.call('staff.delete', { id: c.id });
    expect((await t.call('staff.list', {})).map((s) => s.id)).toEqual([a.id, b.id]);
    const all = await t.call('staff.list', { includeDeleted: true });
    expect(all.map((s) => s.id)).toEqual([a.id, c.id, b.id]);
    expect(all[1]!.deletedAt).toBe('2026-11-25T04:30:00.000Z');
  });

  it('updates only changed fields; joinedOn can be cleared', async () => {
    const s = await t.call('staff.create', { name: 'Anita', salaryBasis: 'monthly', salaryPaise: 12_000_00 });
    const outbox = snapshot().outbox;
    const u = await t.call('staff.update', { id: s.id, patch: { salaryPaise: 13_000_00, salaryBasis: 'monthly', joinedOn: null } });
    expect(u).toMatchObject({ name: 'Anita', salaryPaise: 13_000_00, joinedOn: null });
    expect(snapshot().outbox).toBe(outbox + 1);
    const op = t.core.db.prepare('SELECT fields FROM outbox ORDER BY seq DESC LIMIT 1').get() as { fields: string };
    expect(Object.keys(JSON.parse(op.fields)).sort()).toEqual(['joined_on', 'salary_paise', 'updated_at']);
    await t.call('staff.update', { id: s.id, patch: { name: 'Anita' } });
    expect(snapshot().outbox).toBe(outbox + 1);
  });

  it('delete is soft, restore brings the staff member back, both idempotent', async () => {
    const s = await t.call('staff.create', { name: 'Anita', salaryBasis: 'monthly', salaryPaise: 12_000_00 });
    await t.call('staff.delete', { id: s.id });
    expect(count('SELECT count(*) AS n FROM staff')).toBe(1);
    expect(await t.core.handle('staff.delete', { id: s.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.core.handle('staff.update', { id: s.id, patch: { name: 'X' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await t.call('staff.restore', { id: s.id })).deletedAt).toBeNull();
    const outbox = snapshot().outbox;
    expect((await t.call('staff.restore', { id: s.id })).deletedAt).toBeNull();
    expect(snapshot().outbox).toBe(outbox);
  });
});

describe('garbage staff input', () => {
  const missing = '0192f0c4-0000-7000-8000-000000000000';
  const bad: [string, unknown, 'VALIDATION' | 'NOT_FOUND'][] = [
    ['staff.create', { name: '', salaryBasis: 'monthly', salaryPaise: 100 }, 'VALIDATION'],
    ['staff.create', { name: '   ', salaryBasis: 'monthly', salaryPaise: 100 }, 'VALIDATION'],
    ['staff.create', { name: 'A'.repeat(121), salaryBasis: 'monthly', salaryPaise: 100 }, 'VALIDATION'],
    ['staff.create', { name: 'A', salaryBasis: 'weekly', salaryPaise: 100 }, 'VALIDATION'],
    ['staff.create', { name: 'A', salaryBasis: 'monthly', salaryPaise: -1 }, 'VALIDATION'],
    ['staff.create', { name: 'A', salaryBasis: 'monthly', salaryPaise: 99.5 }, 'VALIDATION'],
    ['staff.create', { name: 'A', salaryBasis: 'monthly', salaryPaise: 10_000_000_000_000 }, 'VALIDATION'],
    ['staff.create', { name: 'A', salaryBasis: 'monthly' }, 'VALIDATION'],
    ['staff.create', { name: 'A', salaryBasis: 'monthly', salaryPaise: 100, phone: 'call me' }, 'VALIDATION'],
    ['staff.create', { name: 'A', salaryBasis: 'monthly', salaryPaise: 100, joinedOn: '2026-02-29' }, 'VALIDATION'],
    ['staff.create', { name: 'A', salaryBasis: 'monthly', salaryPaise: 100, role: 'owner' }, 'VALIDATION'],
    ['staff.update', { id: missing, patch: { name: 'B' } }, 'NOT_FOUND'],
    ['staff.update', { id: missing, patch: { salary: 5 } }, 'VALIDATION'],
    ['staff.update', { id: 'nope', patch: {} }, 'VALIDATION'],
    ['staff.delete', { id: missing }, 'NOT_FOUND'],
    ['staff.restore', { id: missing }, 'NOT_FOUND'],
    ['staff.list', { includeDeleted: 'yes' }, 'VALIDATION'],
    ['staff.list', { search: 'a' }, 'VALIDATION'],
  ];
  it.each(bad)('%s %j is %s and writes nothing', async (method, input, code) => {
    await t.call('staff.create', { name: 'Existing', salaryBasis: 'monthly', salaryPaise: 100 });
    const before = snapshot();
    const result = await t.core.handle(method, input);
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(snapshot()).toEqual(before);
  });
});
