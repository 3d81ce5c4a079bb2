import type { InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Entry, LedgerPage, Party } from '../../../../src-main/contract';
import { withSavedEntry } from './ledger-cache';

const party = { id: 'p1', type: 'customer', name: 'Ramesh', balancePaise: 5_000 } as Party;

function entry(id: string, date: string, createdAt: string, direction: Entry['direction'], amountPaise: number, extra: Partial<Entry> = {}): Entry {
  return { id, partyType: 'customer', partyId: 'p1', direction, amountPaise, date, note: null, billId: null, mode: null, modeRef: null, dueDate: null, createdAt, updatedAt: createdAt, deletedAt: null, ...extra };
}

/** Ramesh owes 50: gave 80 on the 1st, got 30 on the 2nd; newest first with balances after. */
const ledger = (): InfiniteData<LedgerPage> => ({
  pageParams: [undefined],
  pages: [
    {
      party,
      rows: [
        { ...entry('e2', '2026-11-02', '2026-11-02T10:00:00.000Z', 'got', 3_000), runningBalancePaise: 5_000 },
        { ...entry('e1', '2026-11-01', '2026-11-01T10:00:00.000Z', 'gave', 8_000), runningBalancePaise: 8_000 },
      ],
      next: null,
    },
  ],
});

describe('a saved entry in the ledger before the refetch', () => {
  it('goes on top with the balance after it when it is the newest, and moves the party balance', () => {
    const next = withSavedEntry(ledger(), entry('e3', '2026-11-02', '2026-11-02T11:00:00.000Z', 'gave', 1_250));
    expect(next!.pages[0]!.rows.map((r) => [r.id, r.runningBalancePaise])).toEqual([
      ['e3', 6_250],
      ['e2', 5_000],
      ['e1', 8_000],
    ]);
    expect(next!.pages[0]!.party.balancePaise).toBe(6_250);
    const got = withSavedEntry(ledger(), entry('e4', '2026-11-03', '2026-11-01T09:00:00.000Z', 'got', 5_000));
    expect(got!.pages[0]!.rows[0]).toMatchObject({ id: 'e4', runningBalancePaise: 0 });
  });

  it('leaves an entry dated before the newest, a deleted one, another party’s and one already shown to the refetch', () => {
    const before = ledger();
    expect(withSavedEntry(before, entry('e5', '2026-11-01', '2026-11-05T10:00:00.000Z', 'gave', 100))).toBe(before);
    expect(withSavedEntry(before, entry('e6', '2026-11-09', '2026-11-09T10:00:00.000Z', 'gave', 100, { deletedAt: '2026-11-09T10:00:01.000Z' }))).toBe(before);
    expect(withSavedEntry(before, entry('e7', '2026-11-09', '2026-11-09T10:00:00.000Z', 'gave', 100, { partyId: 'p2' }))).toBe(before);
    expect(withSavedEntry(before, entry('e2', '2026-11-09', '2026-11-09T10:00:00.000Z', 'gave', 100))).toBe(before);
    expect(withSavedEntry(undefined, entry('e8', '2026-11-09', '2026-11-09T10:00:00.000Z', 'gave', 100))).toBeUndefined();
  });

  it('is the first row of an empty ledger', () => {
    const empty: InfiniteData<LedgerPage> = { pageParams: [undefined], pages: [{ party: { ...party, balancePaise: 0 }, rows: [], next: null }] };
    const next = withSavedEntry(empty, entry('e1', '2026-11-01', '2026-11-01T10:00:00.000Z', 'gave', 700));
    expect(next!.pages[0]!.rows.map((r) => [r.id, r.runningBalancePaise])).toEqual([['e1', 700]]);
  });
});
