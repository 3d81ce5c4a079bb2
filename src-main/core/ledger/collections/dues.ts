import { UPCOMING_DAYS } from '../../../contract/collections';
import type { Statement } from '../../db/open';
import { indexedBy } from '../../db/deferred-indexes';
import { addDays } from '../../util/dates';

/** A live credit ("gave") entry as the walk reads it from the covering index. */
export interface CreditEntry {
  entry_date: string;
  amount_paise: number;
  due_date: string | null;
}

/** How a party's outstanding balance falls due, by bucket. */
export interface Dues {
  overduePaise: number;
  dueTodayPaise: number;
  upcomingPaise: number;
  laterPaise: number;
  unscheduledPaise: number;
  oldestOverdueDate: string | null;
  /** The nearest due date from today on (today included). */
  nextDueDate: string | null;
  /** The nearest due date after today within the upcoming window. */
  nextUpcomingDate: string | null;
}

const emptyDues = (): Dues => ({
  overduePaise: 0,
  dueTodayPaise: 0,
  upcomingPaise: 0,
  laterPaise: 0,
  unscheduledPaise: 0,
  oldestOverdueDate: null,
  nextDueDate: null,
  nextUpcomingDate: null,
});

/**
 * Payments settle a party's oldest credit first (FIFO), so what is still owed is the newest
 * credit entries, the last one only in part, adding up to the balance. `newestFirst` yields the
 * party's live credit entries newest first; the walk stops as soon as the balance is covered,
 * so a party with years of settled history costs a handful of index reads.
 *
 * An entry is due on its own due date (a sale bill's entry: the bill's), else its date plus the
 * party's credit period, else it is not scheduled. Buckets are against `today`, the business's date: before it overdue, on it
 * due today, up to UPCOMING_DAYS after it upcoming, later beyond that.
 */
export function allocateDues(balancePaise: number, newestFirst: Iterable<CreditEntry>, creditDays: number | null, today: string): Dues {
  const dues = emptyDues();
  if (balancePaise <= 0) return dues;
  const horizon = addDays(today, UPCOMING_DAYS);
  let remaining = balancePaise;
  for (const e of newestFirst) {
    const part = Math.min(e.amount_paise, remaining);
    remaining -= part;
    const due = e.due_date ?? (creditDays === null ? null : addDays(e.entry_date, creditDays));
    if (due === null) dues.unscheduledPaise += part;
    else if (due < today) {
      dues.overduePaise += part;
      if (dues.oldestOverdueDate === null || due < dues.oldestOverdueDate) dues.oldestOverdueDate = due;
    } else {
      if (due === today) dues.dueTodayPaise += part;
      else if (due <= horizon) {
        dues.upcomingPaise += part;
        if (dues.nextUpcomingDate === null || due < dues.nextUpcomingDate) dues.nextUpcomingDate = due;
      } else dues.laterPaise += part;
      if (dues.nextDueDate === null || due < dues.nextDueDate) dues.nextDueDate = due;
    }
    if (remaining <= 0) break;
  }
  // More owed than credit recorded cannot happen (the balance is credit less payments); if the
  // books ever say so, the rest is owed with no date rather than lost.
  if (remaining > 0) dues.unscheduledPaise += remaining;
  return dues;
}

/**
 * A sale bill's entry is due when the bill is (its own due date, set on the bill); only looked
 * up for credit entries with no due date of their own.
 */
export const BILL_DUE_DATE = (alias: string) => `(SELECT b.due_date FROM bills b WHERE b.id = ${alias}.bill_id AND b.kind = 'sale')`;

/** The index of every live credit entry by party, date and time, covering what the dues read. */
export const CREDIT_INDEX = 'transactions_credit_idx';

/**
 * A party's live credit entries, newest first, from the covering index (bills only for their
 * due date). `hint` is indexedBy(db, CREDIT_INDEX): empty while a new device's first pull has
 * the index out.
 */
export const creditWalkSql = (hint: string) => `SELECT t.entry_date, t.amount_paise, coalesce(t.due_date, ${BILL_DUE_DATE('t')}) AS due_date
        FROM transactions t ${hint}
       WHERE t.party_id = ? AND t.direction = 'gave' AND t.deleted_at IS NULL
       ORDER BY t.entry_date DESC, t.created_at DESC, t.amount_paise DESC, t.due_date DESC, t.bill_id DESC`;

/** Reads a party's live credit entries newest first through transactions_credit_idx. */
export class CreditWalker {
  private readonly stmt: Statement;
  constructor(db: { prepare(sql: string): Statement }) {
    this.stmt = db.prepare(creditWalkSql(indexedBy(db, CREDIT_INDEX)));
  }

  dues(partyId: string, balancePaise: number, creditDays: number | null, today: string): Dues {
    if (balancePaise <= 0) return emptyDues();
    return allocateDues(balancePaise, this.stmt.iterate(partyId) as Iterable<CreditEntry>, creditDays, today);
  }
}
