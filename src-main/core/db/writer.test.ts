import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { STAMP_RE } from '../sync/clock';

interface OpRow {
  seq: number;
  op_id: string;
  table_name: string;
  row_id: string;
  fields: string;
  stamp: string;
}

let t: TestCore;
let changed: string[][];
const clock = manualClock('2026-11-25T04:30:00.000Z');
beforeEach(() => {
  clock.set('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
  changed = [];
  t.core.on('db.changed', (e) => changed.push(e.tables));
});
afterEach(() => t.close());

const writer = () => t.core.ctx.writer;
const transact = <T>(fn: () => T) => t.core.ctx.transact(fn);
const ops = (rowId?: string) =>
  (rowId
    ? t.core.db.prepare('SELECT * FROM outbox WHERE row_id = ? ORDER BY seq').all(rowId)
    : t.core.db.prepare('SELECT * FROM outbox ORDER BY seq').all()) as OpRow[];
const audit = (rowId: string) =>
  t.core.db.prepare('SELECT * FROM audit_log WHERE row_id = ? ORDER BY id').all(rowId) as { op_id: string; stamp: string; action: string; old_values: string; new_values: string }[];
const row = (table: string, id: string) => t.core.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
const stampsOf = (table: string, id: string) => JSON.parse(String(row(table, id)!.field_stamps)) as Record<string, string>;
const customerFields = { name: 'Ramesh', phone: null, address: null, gstin: null, state_code: null, notes: null };

describe('RowWriter: the outbox op is written with the change', () => {
  it('an insert writes the row, exactly one create op and one audit entry, with one stamp', () => {
    const inserted = transact(() => writer().insert('customers', customerFields));
    const [op, ...rest] = ops(inserted.id);
    expect(rest).toEqual([]);
    expect(op!.table_name).toBe('customers');
    expect(op!.stamp).toMatch(STAMP_RE);
    const fields = JSON.parse(op!.fields) as Record<string, unknown>;
    expect(fields).toEqual({
      business_id: t.core.businessId,
      created_at: '2026-11-25T04:30:00.000Z',
      updated_at: '2026-11-25T04:30:00.000Z',
      deleted_at: null,
      ...customerFields,
    });
    expect(fields).not.toHaveProperty('field_stamps');
    const stamps = stampsOf('customers', inserted.id);
    // business_id never changes, so it carries no stamp (docs/data-and-sync.md)
    expect(Object.keys(stamps).sort()).toEqual(Object.keys(fields).filter((k) => k !== 'business_id').sort());
    expect(new Set(Object.values(stamps))).toEqual(new Set([op!.stamp]));
    const [entry] = audit(inserted.id);
    expect(entry).toMatchObject({ op_id: op!.op_id, stamp: op!.stamp, action: 'create', old_values: '{}' });
    expect(JSON.parse(entry!.new_values)).toEqual(fields);
  });

  it('an update sends only the changed fields and moves only their stamps', () => {
    const { id } = transact(() => writer().insert('customers', customerFields));
    const created = stampsOf('customers', id);
    clock.advance(1000);
    transact(() => writer().update('customers', id, { name: 'Ramesh', phone: '9876543210', notes: 'new' }));
    const [, op] = ops(id);
    expect(JSON.parse(op!.fields)).toEqual({ phone: '9876543210', notes: 'new', updated_at: '2026-11-25T04:30:01.000Z' });
    const after = stampsOf('customers', id);
    expect(after.name).toBe(created.name);
    expect(after.created_at).toBe(created.created_at);
    for (const key of ['phone', 'notes', 'updated_at']) {
      expect(after[key]).toBe(op!.stamp);
      expect(after[key]! > created[key]!).toBe(true);
    }
    const entry = audit(id)[1]!;
    expect(entry.action).toBe('update');
    expect(JSON.parse(entry.old_values)).toEqual({ phone: null, notes: null, updated_at: '2026-11-25T04:30:00.000Z' });
  });

  it('an edit that changes nothing writes no op, no audit entry and no event', () => {
    const { id } = transact(() => writer().insert('customers', customerFields));
    const before = { ops: ops().length, events: changed.length, row: row('customers', id) };
    transact(() => writer().update('customers', id, { name: 'Ramesh', phone: null }));
    transact(() => writer().update('customers', id, {}));
    expect(ops().length).toBe(before.ops);
    expect(audit(id)).toHaveLength(1);
    expect(changed.length).toBe(before.events);
    expect(row('customers', id)).toEqual(before.row);
  });

  it('marks deletes and restores as such in the audit trail', () => {
    const { id } = transact(() => writer().insert('customers', customerFields));
    transact(() => writer().update('customers', id, { deleted_at: '2026-11-25T05:00:00.000Z' }));
    transact(() => writer().update('customers', id, { deleted_at: null }));
    expect(audit(id).map((a) => a.action)).toEqual(['create', 'delete', 'restore']);
  });

  it('does not audit tables outside the trail, but still queues their ops', () => {
    const { id } = transact(() => writer().insert('stock_adjustments', { item_id: 'i1', qty_milli: -1000, reason: 'damaged', adj_date: '2026-11-25', note: null }));
    expect(ops(id)).toHaveLength(1);
    expect(audit(id)).toHaveLength(0);
  });

  it('audits the records a shop edits besides the financial ones (staff), so their edits can be undone', () => {
    const { id } = transact(() => writer().insert('staff', { name: 'Mohan', phone: null, salary_basis: 'monthly', salary_paise: 1_500_000, joined_on: null }));
    expect(audit(id)).toHaveLength(1);
  });

  it('stamps strictly increase across writes, even with a frozen or backwards wall clock', () => {
    const { id } = transact(() => writer().insert('customers', customerFields));
    for (let i = 0; i < 50; i++) {
      if (i === 20) clock.advance(-60_000);
      transact(() => writer().update('customers', id, { notes: `n${i}` }));
    }
    const stamps = ops().map((o) => o.stamp);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!, `${stamps[i - 1]} < ${stamps[i]}`).toBe(true);
  });

  it('refuses writes outside a transaction and managed columns', () => {
    expect(() => writer().insert('customers', customerFields)).toThrow(/transaction/);
    const { id } = transact(() => writer().insert('customers', customerFields));
    for (const col of ['id', 'business_id', 'created_at', 'updated_at', 'field_stamps']) {
      expect(() => transact(() => writer().update('customers', id, { [col]: 'x' }))).toThrow(/managed/);
      expect(() => transact(() => writer().insert('customers', { ...customerFields, [col]: 'x' }))).toThrow(/managed/);
    }
    expect(() => transact(() => writer().update('customers', id, { no_such_column: 'x' }))).toThrow(/no column/);
    expect(ops(id)).toHaveLength(1);
  });

  it('reports an update of a missing row or a row of another business as NOT_FOUND', () => {
    expect(() => transact(() => writer().update('customers', '0190f5e2-7b3c-7d4e-8f00-123456789abc', { name: 'x' }))).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    const { id } = transact(() => writer().insert('customers', customerFields));
    t.core.db.prepare("UPDATE customers SET business_id = 'someone-else' WHERE id = ?").run(id);
    expect(() => transact(() => writer().update('customers', id, { name: 'x' }))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('reports a duplicate id as CONFLICT and writes nothing for it', () => {
    const { id } = transact(() => writer().insert('customers', customerFields));
    expect(() => transact(() => writer().insert('customers', customerFields, id))).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(ops(id)).toHaveLength(1);
    expect(audit(id)).toHaveLength(1);
  });
});

describe('RowWriter: atomicity with the transaction', () => {
  const counts = () => ['customers', 'transactions', 'outbox', 'audit_log'].map((table) => (t.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

  it('a throw after the insert leaves neither row, nor op, nor audit entry, nor event', () => {
    const before = counts();
    let id = '';
    expect(() =>
      transact(() => {
        id = writer().insert('customers', customerFields).id;
        throw new Error('power cut');
      }),
    ).toThrow('power cut');
    expect(row('customers', id)).toBeUndefined();
    expect(counts()).toEqual(before);
    expect(changed).toEqual([]);
  });

  it('a throw after an update rolls the row, its stamps and the op back', () => {
    const { id } = transact(() => writer().insert('customers', customerFields));
    const snapshot = row('customers', id);
    const before = counts();
    changed = [];
    expect(() =>
      transact(() => {
        writer().update('customers', id, { name: 'Changed', notes: 'x' });
        throw new Error('later step failed');
      }),
    ).toThrow();
    expect(row('customers', id)).toEqual(snapshot);
    expect(counts()).toEqual(before);
    expect(changed).toEqual([]);
  });

  it('a database error part-way through rolls back every write of the transaction', () => {
    t.core.db.exec(`CREATE TEMP TRIGGER refuse_second BEFORE INSERT ON main.customers WHEN NEW.name = 'second' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const before = counts();
    expect(() =>
      transact(() => {
        writer().insert('customers', { ...customerFields, name: 'first' });
        writer().insert('customers', { ...customerFields, name: 'second' });
      }),
    ).toThrow('refused');
    expect(counts()).toEqual(before);
    expect(changed).toEqual([]);
  });

  it('the clock saved with a rolled-back transaction is not persisted', () => {
    transact(() => writer().insert('customers', customerFields));
    const saved = t.core.state.get('hlc');
    expect(() =>
      transact(() => {
        writer().insert('customers', customerFields);
        throw new Error('no');
      }),
    ).toThrow();
    expect(t.core.state.get('hlc')).toBe(saved);
  });
});

describe('db.changed', () => {
  it('is emitted once per committed transaction, naming the tables written, sorted', () => {
    transact(() => {
      const c = writer().insert('customers', customerFields);
      writer().insert('transactions', { party_type: 'customer', party_id: c.id, direction: 'gave', amount_paise: 100, entry_date: '2026-11-25', note: null, bill_id: null });
      writer().insert('customers', { ...customerFields, name: 'two' });
    });
    expect(changed).toEqual([['customers', 'transactions']]);
  });

  it('nested transactions join the outer one and emit once', () => {
    transact(() => {
      transact(() => writer().insert('customers', customerFields));
      transact(() => writer().insert('suppliers', customerFields));
    });
    expect(changed).toEqual([['customers', 'suppliers']]);
  });

  it('is not emitted for a transaction that writes nothing', () => {
    transact(() => t.core.db.prepare('SELECT 1').get());
    expect(changed).toEqual([]);
  });

  it('follows every successful API write and no failed one', async () => {
    const p = await t.call('parties.create', { type: 'customer', name: 'Asha' });
    await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 100 });
    await t.core.handle('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: -1 });
    await t.core.handle('parties.update', { type: 'customer', id: p.id, patch: { name: 'Asha' } });
    expect(changed).toEqual([['customers'], ['transactions']]);
  });
});
