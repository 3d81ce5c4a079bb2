import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing';
import { newId } from '../util/ids';
import { storeReplayable } from './bulk-store';
import { Outbox } from './outbox';
import { applyPage } from './store-page';
import { applyPushResult } from './push';
import type { PulledRow } from './wire';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const t of cores.splice(0)) await t.close();
});

const core = () => {
  const t = createTestCore();
  cores.push(t);
  return t;
};
const synchronous = (t: TestCore) => Number(t.core.db.pragma('synchronous', { simple: true }));
const FULL = 2;
const NORMAL = 1;

/** A page of parties another device made. */
function parties(business: string, count: number, from: number): PulledRow[] {
  const s = '2026-11-25T10:00:00.000Z-0000-00000000000000b7';
  return Array.from({ length: count }, (_, k) => ({
    table: 'customers' as const,
    seq: from + k + 1,
    row: {
      id: newId(), business_id: business, created_at: '2026-11-25T10:00:00.000Z', updated_at: '2026-11-25T10:00:00.000Z', deleted_at: null,
      name: `Party ${from + k}`, phone: null, address: null, gstin: null, state_code: null, notes: null,
      field_stamps: { created_at: s, updated_at: s, deleted_at: s, name: s, phone: s, address: s, gstin: s, state_code: s, notes: s },
    },
  }));
}

describe('storing pages the server can send again', () => {
  it("relaxes the disk's confirmation for that transaction only, even when it fails", () => {
    const t = core();
    expect(synchronous(t)).toBe(FULL);
    expect(storeReplayable(t.core.db, () => synchronous(t))).toBe(NORMAL);
    expect(synchronous(t)).toBe(FULL);
    expect(() =>
      storeReplayable(t.core.db, () => {
        throw new Error('page failed');
      }),
    ).toThrow('page failed');
    expect(synchronous(t)).toBe(FULL);
  });

  it("leaves a transaction that is already open to its owner's durability", () => {
    const t = core();
    expect(t.core.db.transaction(() => storeReplayable(t.core.db, () => synchronous(t)))()).toBe(FULL);
  });

  it('stores every pulled page that way, a large one and a one-row one alike', () => {
    const t = core();
    const db = t.core.db;
    const relaxed: number[] = [];
    const pragma = db.pragma.bind(db);
    db.pragma = ((source: string, options?: { simple?: boolean }) => {
      if (source === 'synchronous = NORMAL') relaxed.push(1);
      return pragma(source, options);
    }) as typeof db.pragma;
    applyPage(t.core.sync.context, { rows: parties(t.core.businessId, 1, 0), last_seq: 1, head_seq: 1, more: false });
    expect(relaxed).toHaveLength(1);
    expect(synchronous(t)).toBe(FULL);
    applyPage(t.core.sync.context, { rows: parties(t.core.businessId, 600, 1), last_seq: 601, head_seq: 601, more: false });
    expect(relaxed).toHaveLength(2);
    expect(synchronous(t)).toBe(FULL);
    expect(db.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 601 });
    expect(t.core.state.get('pull_cursor')).toBe('601');
  });
});

describe("storing the server's answer to a push", () => {
  /** Records the disk's confirmation in force while the answer's transaction removes ops. */
  function watch(t: TestCore) {
    const ctx = t.core.sync.context;
    const modes: number[] = [];
    const remove = ctx.outbox.remove.bind(ctx.outbox);
    ctx.outbox.remove = (ids) => {
      modes.push(synchronous(t));
      return remove(ids);
    };
    return { ctx, modes };
  }

  it('stores an answer that only accepts without waiting on the disk: the ops could go again and the server knows them', async () => {
    const t = core();
    await t.call('parties.create', { type: 'customer', name: 'Ramesh' });
    const ops = new Outbox(t.core.db).peek(10, t.core.userId).ops;
    expect(ops.length).toBeGreaterThan(0);
    const { ctx, modes } = watch(t);
    applyPushResult(ctx, ops, { accepted: ops.map((op) => op.op_id), rejected: [], seq: 1, seq_before: 0 });
    expect(modes).toEqual([NORMAL]);
    expect(synchronous(t)).toBe(FULL);
    expect(t.core.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    expect(t.core.state.get('pull_cursor')).toBe('1');
  });

  it('stores an answer with a refusal like the shop’s own writes: the refusal changes what the shop sees', async () => {
    const t = core();
    const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh' });
    const ops = new Outbox(t.core.db).peek(10, t.core.userId).ops;
    const { ctx, modes } = watch(t);
    const refused = ops.find((op) => op.table === 'customers' && op.row_id === party.id)!;
    applyPushResult(ctx, ops, {
      accepted: ops.filter((op) => op !== refused).map((op) => op.op_id),
      rejected: [{ op_id: refused.op_id, code: 'VALIDATION', message: 'The name is too long.', row: null }],
      seq: 1,
      seq_before: 0,
    });
    expect(modes.every((mode) => mode === FULL)).toBe(true);
    expect(modes.length).toBeGreaterThan(0);
    expect(synchronous(t)).toBe(FULL);
    // The refusal was stored: the change is listed and the never-synced party is gone.
    expect(t.core.sync.problems(false).map((p) => p.opId)).toContain(refused.op_id);
    expect(t.core.db.prepare('SELECT count(*) AS n FROM customers WHERE id = ?').get(party.id)).toEqual({ n: 0 });
  });
});
