import { afterEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../contract';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { recordRemoteAudit } from './audit';

interface RawAudit {
  op_id: string;
  stamp: string;
  device_id: string;
  user_id: string | null;
  action: 'create' | 'update' | 'delete' | 'restore';
  old_values: string;
  new_values: string;
  at: string;
}

const open: TestCore[] = [];
const core = (clock: ReturnType<typeof manualClock>) => {
  const t = createTestCore({ now: clock.now });
  open.push(t);
  return t;
};
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** What the sync engine will do for each merged op: copy the remote device's audit row over. */
function mergeAuditFrom(source: TestCore, target: TestCore, rowId: string): number {
  // B's own copy of the create (made here to stand in for a pull) is not a change of the entry.
  const rows = source.core.db.prepare(`SELECT * FROM audit_log WHERE row_id = ? AND action <> 'create' ORDER BY id`).all(rowId) as RawAudit[];
  let written = 0;
  for (const r of rows) {
    const ok = recordRemoteAudit(target.core.ctx, {
      table: 'transactions',
      rowId,
      opId: r.op_id,
      stamp: r.stamp,
      deviceId: r.device_id,
      userId: r.user_id,
      action: r.action,
      oldValues: JSON.parse(r.old_values) as Record<string, unknown>,
      newValues: JSON.parse(r.new_values) as Record<string, unknown>,
      at: r.at,
    });
    if (ok) written++;
  }
  return written;
}

describe('audit trail', () => {
  it('shows edits from two devices on one entry in stamp order, with device ids', async () => {
    const clockA = manualClock('2026-11-25T04:00:00.000Z');
    const clockB = manualClock('2026-11-25T04:00:00.000Z');
    const a = core(clockA);
    const b = core(clockB);
    const party = await a.call('parties.create', { type: 'customer', name: 'Ramesh' });
    const entry = await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 50_000, date: '2026-11-20' });

    // Device B holds the same record (as a pull would leave it) and edits the amount at 04:05.
    clockB.set('2026-11-25T04:05:00.000Z');
    b.core.ctx.transact(() => {
      b.core.ctx.writer.insert('customers', { name: 'Ramesh', phone: null, address: null, gstin: null, state_code: null, notes: null }, party.id);
    });
    b.core.ctx.transact(() => {
      b.core.ctx.writer.insert(
        'transactions',
        { party_type: 'customer', party_id: party.id, direction: 'gave', amount_paise: 50_000, entry_date: '2026-11-20', note: null, bill_id: null },
        entry.id,
      );
    });
    b.core.ctx.transact(() => b.core.ctx.writer.update('transactions', entry.id, { amount_paise: 55_000 }));

    // Device A edits the note later (04:10), then B's change is merged into A.
    clockA.set('2026-11-25T04:10:00.000Z');
    await a.call('entries.update', { id: entry.id, patch: { note: 'milk' } });
    expect(mergeAuditFrom(b, a, entry.id)).toBe(1);
    // A retried pull writes nothing twice.
    expect(mergeAuditFrom(b, a, entry.id)).toBe(0);

    const history = await a.call('audit.history', { table: 'transactions', rowId: entry.id });
    expect(history.map((h) => [h.action, h.deviceId])).toEqual([
      ['create', a.core.deviceId],
      ['update', b.core.deviceId],
      ['update', a.core.deviceId],
    ]);
    expect(history.map((h) => h.source)).toEqual(['this-device', 'other-device', 'this-device']);
    const stamps = history.map((h) => h.stamp);
    expect([...stamps].sort()).toEqual(stamps);
    expect(history[1]!.oldValues).toMatchObject({ amount_paise: 50_000 });
    expect(history[1]!.newValues).toMatchObject({ amount_paise: 55_000 });
    expect(history[2]!.oldValues).toMatchObject({ note: null });
    expect(history[2]!.newValues).toMatchObject({ note: 'milk' });
    expect(history[0]!.newValues).toMatchObject({ amount_paise: 50_000, direction: 'gave', party_id: party.id });
  });

  it('keeps the history of a deleted and restored entry', async () => {
    const clock = manualClock();
    const t = core(clock);
    const party = await t.call('parties.create', { type: 'customer', name: 'Sita' });
    const entry = await t.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 1_000 });
    clock.advance(1000);
    await t.call('entries.delete', { id: entry.id });
    let history = await t.call('audit.history', { table: 'transactions', rowId: entry.id });
    expect(history.map((h) => h.action)).toEqual(['create', 'delete']);
    expect(history[1]!.oldValues).toMatchObject({ deleted_at: null });
    clock.advance(1000);
    await t.call('entries.restore', { id: entry.id });
    history = await t.call('audit.history', { table: 'transactions', rowId: entry.id });
    expect(history.map((h) => h.action)).toEqual(['create', 'delete', 'restore']);
  });

  it('lists recent changes newest first and pages on by stamp', async () => {
    const t = core(manualClock());
    const party = await t.call('parties.create', { type: 'supplier', name: 'Gupta Traders' });
    await t.call('entries.add', { partyType: 'supplier', partyId: party.id, direction: 'got', amountPaise: 100 });
    await t.call('parties.update', { type: 'supplier', id: party.id, patch: { phone: '9876543210' } });
    const all = await t.call('audit.recent', {});
    expect(all.map((h) => [h.table, h.action])).toEqual([
      ['suppliers', 'update'],
      ['transactions', 'create'],
      ['suppliers', 'create'],
      // The shop's settings row, made when the database was (settings are in the trail so an edit can be undone).
      ['business_settings', 'create'],
    ]);
    const page = await t.call('audit.recent', { limit: 1, before: all[0]!.stamp });
    expect(page.map((h) => h.table)).toEqual(['transactions']);
    const onlyParties = await t.call('audit.recent', { table: 'suppliers' });
    expect(onlyParties).toHaveLength(2);
  });

  it('offers no way to edit, delete or switch off the trail', async () => {
    expect(METHOD_NAMES.filter((m) => m.startsWith('audit.')).sort()).toEqual(['audit.history', 'audit.recent']);
    const t = core(manualClock());
    await expect(t.call('audit.history', { table: 'outbox' as never, rowId: 'x' })).rejects.toThrow(/VALIDATION/);
    await expect(t.call('audit.recent', { limit: 10, enabled: false } as never)).rejects.toThrow(/VALIDATION/);
  });

  it('skips tables outside the trail and rejects unknown actions', () => {
    const t = core(manualClock());
    const base = { rowId: 'r1', opId: 'o1', stamp: '2026-11-25T10:00:00.000Z-0000-0000000000000001', deviceId: 'd', userId: null, oldValues: {}, newValues: {}, at: '2026-11-25T10:00:00.000Z' };
    expect(recordRemoteAudit(t.core.db, { ...base, table: 'stock_adjustments', action: 'create' })).toBe(false);
    expect(() => recordRemoteAudit(t.core.db, { ...base, table: 'bills', action: 'erase' as never })).toThrow(/unknown action/);
    expect(recordRemoteAudit(t.core.db, { ...base, table: 'bills', action: 'create' })).toBe(true);
  });
});

describe('the audit trail is append-only', () => {
  it('refuses updates and deletes even from direct SQL', async () => {
    const t = core(manualClock());
    const party = await t.call('parties.create', { type: 'customer', name: 'Immutable' });
    const before = t.core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    expect(() => t.core.db.prepare("UPDATE audit_log SET new_values = '{}'").run()).toThrow(/append-only/);
    expect(() => t.core.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(t.core.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(before);
    expect((await t.call('audit.history', { table: 'customers', rowId: party.id })).length).toBe(1);
  });
});
