import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerCursor, LedgerRow, Party } from '../../../contract';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { addDays } from '../../util/dates';

/** A small seeded generator so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Stored {
  id: string;
  direction: 'gave' | 'got';
  amount_paise: number;
  entry_date: string;
  created_at: string;
  deleted_at: string | null;
}

describe('entries.ledger: running balance across pages', () => {
  let t: TestCore;
  let party: Party;
  const clock = manualClock('2026-11-25T04:30:00.000Z');
  const random = prng(20261125);

  beforeAll(async () => {
    t = createTestCore({ now: clock.now });
    party = await t.call('parties.create', { type: 'customer', name: 'Busy Party' });
    const other = await t.call('parties.create', { type: 'customer', name: 'Other Party' });
    // 1,000 entries over ~60 days, many on the same day and many in the same millisecond,
    // entered out of date order, with some deleted and another party's entries in between.
    for (let i = 0; i < 1000; i++) {
      if (random() < 0.6) clock.advance(1);
      const date = addDays('2026-01-01', Math.floor(random() * 60));
      const e = await t.call('entries.add', {
        partyType: 'customer',
        partyId: party.id,
        direction: random() < 0.55 ? 'gave' : 'got',
        amountPaise: 1 + Math.floor(random() * 5_000_000),
        date,
      });
      if (random() < 0.05) await t.call('entries.delete', { id: e.id });
      if (i % 50 === 0) await t.call('entries.add', { partyType: 'customer', partyId: other.id, direction: 'gave', amountPaise: 999, date });
    }
  });
  afterAll(() => t.close());

  /** Running balances recomputed from the raw rows, oldest first, in the ledger's order. */
  function expectedLedger(): { id: string; running: number }[] {
    const rows = t.core.db.prepare('SELECT * FROM transactions WHERE party_id = ? AND deleted_at IS NULL').all(party.id) as Stored[];
    const key = (r: Stored) => [r.entry_date, r.created_at, r.id] as const;
    rows.sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
      return 0;
    });
    let running = 0;
    return rows.map((r) => {
      running += r.direction === 'gave' ? r.amount_paise : -r.amount_paise;
      return { id: r.id, running };
    });
  }

  async function readAll(limit: number): Promise<LedgerRow[]> {
    const all: LedgerRow[] = [];
    let after: LedgerCursor | undefined;
    for (let pages = 0; pages < 2000; pages++) {
      const page = await t.call('entries.ledger', { partyType: 'customer', partyId: party.id, limit, ...(after ? { after } : {}) });
      expect(page.rows.length).toBeLessThanOrEqual(limit);
      all.push(...page.rows);
      if (!page.next) return all;
      after = page.next;
    }
    throw new Error('ledger paging did not end');
  }

  it.each([1, 7, 50, 200, 1000])('pages of %i give every live entry once with the right running balance', async (limit) => {
    const expected = expectedLedger().reverse(); // the ledger is newest first
    expect(expected.length).toBeGreaterThan(900);
    const rows = await readAll(limit);
    expect(rows.map((r) => r.id)).toEqual(expected.map((e) => e.id));
    expect(rows.map((r) => r.runningBalancePaise)).toEqual(expected.map((e) => e.running));
    expect(rows[0]!.runningBalancePaise).toBe((await t.call('parties.get', { type: 'customer', id: party.id })).balancePaise);
  });

  it('stays right after edits and deletes in the middle of the ledger', async () => {
    const rows = await readAll(1000);
    for (const r of rows.filter((_, i) => i % 97 === 0)) {
      await t.call('entries.update', { id: r.id, patch: { amountPaise: r.amountPaise + 1, direction: r.direction === 'gave' ? 'got' : 'gave', date: addDays(r.date, 3) } });
    }
    for (const r of rows.filter((_, i) => i % 89 === 1)) await t.call('entries.delete', { id: r.id });
    const expected = expectedLedger().reverse();
    const again = await readAll(33);
    expect(again.map((r) => [r.id, r.runningBalancePaise])).toEqual(expected.map((e) => [e.id, e.running]));
  });

  it('returns an empty page past the oldest entry', async () => {
    const rows = await readAll(1000);
    const oldest = rows[rows.length - 1]!;
    const page = await t.call('entries.ledger', {
      partyType: 'customer',
      partyId: party.id,
      after: { date: oldest.date, createdAt: oldest.createdAt, id: oldest.id },
    });
    expect(page.rows).toEqual([]);
    expect(page.next).toBeNull();
  });
});
