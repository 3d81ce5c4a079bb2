import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing';
import { newId } from '../util/ids';
import { BulkStore } from './bulk-store';
import { applyPage } from './pull';
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
const pragma = (t: TestCore, name: string) => Number(t.core.db.pragma(name, { simple: true }));
const walBytes = (t: TestCore) => fs.statSync(`${t.core.db.name}-wal`).size;
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

describe('storing large pages the server can send again', () => {
  it("relaxes the disk's confirmation for the page's transaction only, even when the page fails", () => {
    const t = core();
    const bulk = new BulkStore(t.core.db);
    expect([pragma(t, 'synchronous'), pragma(t, 'wal_autocheckpoint')]).toEqual([FULL, 1000]);
    const seen = bulk.page(() => [pragma(t, 'synchronous'), pragma(t, 'wal_autocheckpoint')]);
    expect(seen).toEqual([NORMAL, 0]);
    // Between pages (where the shop's own writes happen) every commit is confirmed again; the
    // log is folded in only when the pull ends.
    expect([pragma(t, 'synchronous'), pragma(t, 'wal_autocheckpoint')]).toEqual([FULL, 0]);
    expect(() =>
      bulk.page(() => {
        throw new Error('page failed');
      }),
    ).toThrow('page failed');
    expect(pragma(t, 'synchronous')).toBe(FULL);
    bulk.end();
    expect([pragma(t, 'synchronous'), pragma(t, 'wal_autocheckpoint'), pragma(t, 'busy_timeout')]).toEqual([FULL, 1000, 5000]);
  });

  it("leaves a transaction that is already open to its owner's durability", () => {
    const t = core();
    const bulk = new BulkStore(t.core.db);
    const seen = t.core.db.transaction(() => bulk.page(() => pragma(t, 'synchronous')))();
    expect(seen).toBe(FULL);
    expect(pragma(t, 'wal_autocheckpoint')).toBe(1000);
    bulk.end();
  });

  it('keeps every page it stored, folds the log into the database at the end and gives its space back', () => {
    const t = core();
    const bulk = new BulkStore(t.core.db);
    const ctx = t.core.sync.context;
    for (let p = 0; p < 4; p++) {
      applyPage(ctx, { rows: parties(t.core.businessId, 1_000, p * 1_000), last_seq: (p + 1) * 1_000, head_seq: 4_000, more: p < 3 }, null, true, bulk);
    }
    // Held off, the log grew with every page.
    expect(walBytes(t)).toBeGreaterThan(1_000_000);
    bulk.end();
    expect(walBytes(t)).toBe(0);
    expect(t.core.db.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 4_000 });
    expect(t.core.state.get('pull_cursor')).toBe('4000');
    // A second end (the pull's finally after a failure) changes nothing.
    bulk.end();
    expect(pragma(t, 'wal_autocheckpoint')).toBe(1000);
  });

  it('stores a small page the usual way', () => {
    const t = core();
    const bulk = new BulkStore(t.core.db);
    let asked = 0;
    const page = bulk.page.bind(bulk);
    bulk.page = (store) => {
      asked += 1;
      return page(store);
    };
    applyPage(t.core.sync.context, { rows: parties(t.core.businessId, 10, 0), last_seq: 10, head_seq: 10, more: false }, null, true, bulk);
    expect(asked).toBe(0);
    applyPage(t.core.sync.context, { rows: parties(t.core.businessId, 600, 10), last_seq: 610, head_seq: 610, more: false }, null, true, bulk);
    expect(asked).toBe(1);
    bulk.end();
    expect(t.core.db.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 610 });
  });
});
