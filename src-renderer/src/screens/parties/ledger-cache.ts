import type { InfiniteData } from '@tanstack/react-query';
import type { Entry, LedgerPage, LedgerRow } from '../../../../src-main/contract';

const signed = (e: Pick<Entry, 'direction' | 'amountPaise'>) => (e.direction === 'gave' ? e.amountPaise : -e.amountPaise);

/** Whether `a` comes before `b` in the ledger (newest first: date, then time made, then id). */
const newer = (a: Pick<Entry, 'date' | 'createdAt' | 'id'>, b: Pick<Entry, 'date' | 'createdAt' | 'id'>) =>
  a.date !== b.date ? a.date > b.date : a.createdAt !== b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;

/**
 * The ledger as it is once `entry`, just saved, is in it: when it is the party's newest entry
 * it goes on top with the balance after it, and the party's balance moves with it. Anything
 * else (an entry dated earlier changes the running balance of every entry after it) is left
 * to the refetch that the save's db.changed starts, which brings the same page moments later.
 */
export function withSavedEntry(data: InfiniteData<LedgerPage> | undefined, entry: Entry): InfiniteData<LedgerPage> | undefined {
  const first = data?.pages[0];
  if (!data || !first || entry.deletedAt !== null || entry.partyId !== first.party.id) return data;
  if (data.pages.some((p) => p.rows.some((r) => r.id === entry.id))) return data;
  const top = first.rows[0];
  if (top && !newer(entry, top)) return data;
  const balancePaise = first.party.balancePaise + signed(entry);
  const row: LedgerRow = { ...entry, runningBalancePaise: balancePaise };
  return { ...data, pages: [{ ...first, party: { ...first.party, balancePaise }, rows: [row, ...first.rows] }, ...data.pages.slice(1)] };
}
