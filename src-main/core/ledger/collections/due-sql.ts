import { UPCOMING_DAYS } from '../../../contract/collections';
import type { Statement } from '../../db/open';
import { addDays } from '../../util/dates';
import { partyTable } from '../parties/parties';
import { indexedBy } from '../../db/deferred-indexes';
import { BILL_DUE_DATE, CREDIT_INDEX, type Dues } from './dues';

type PartyType = 'customer' | 'supplier';

/**
 * allocateDues for every owing party at once, in SQLite, played forward: payments (got_paise
 * of the balance row) settle the oldest credit first, so an entry's outstanding part is
 * min(amount, room) where room = the running sum of credit up to it, less all payments, when
 * room > 0. That is exactly FIFO. The due date is the entry's own (or its sale bill's),
 * else date + the party's credit period (SQLite's date() rolls 31 January + 30 days to 2 March
 * as addDays does). Parties with nothing due by the horizon are left out. One pass over the
 * credit index in its own order (party, date: the window needs no sort) instead of a query per
party; collections.test.ts checks both give the same answer. Entries of one party made at the
 * same moment are taken in the index's own order, written out so a scan (while the index is
 * out) takes them in the same order. `creditHint` is
 * indexedBy(db, CREDIT_INDEX) (nothing while a new device's first pull has the index out).
 */
export const duesSql = (type: PartyType, creditHint: string) => `
WITH credit AS (
  SELECT t.party_id, t.amount_paise, t.entry_date, t.due_date, t.bill_id,
         sum(t.amount_paise) OVER (PARTITION BY t.party_id ORDER BY t.entry_date, t.created_at, t.amount_paise, t.due_date, t.bill_id ROWS UNBOUNDED PRECEDING) - b.got_paise AS room
    FROM transactions t ${creditHint}
    JOIN party_balances b INDEXED BY sqlite_autoindex_party_balances_1 ON b.party_id = t.party_id
   WHERE t.direction = 'gave' AND t.deleted_at IS NULL
     AND b.business_id = :business AND b.party_type = :type AND b.balance_paise > 0
),
parts AS (
  SELECT c.party_id, min(c.amount_paise, c.room) AS part,
         coalesce(c.due_date, ${BILL_DUE_DATE('c')}, CASE WHEN p.credit_days IS NOT NULL THEN date(c.entry_date, '+' || p.credit_days || ' days') END) AS due
    FROM credit c JOIN ${partyTable(type)} p ON p.id = c.party_id
   WHERE c.room > 0 AND p.deleted_at IS NULL
),
dues AS (
  SELECT party_id,
         sum(CASE WHEN due < :today THEN part ELSE 0 END) AS overdue,
         min(CASE WHEN due < :today THEN due END) AS oldest_overdue,
         sum(CASE WHEN due = :today THEN part ELSE 0 END) AS due_today,
         sum(CASE WHEN due > :today THEN part ELSE 0 END) AS upcoming,
         min(CASE WHEN due > :today THEN due END) AS next_upcoming
    FROM parts WHERE due <= :horizon GROUP BY party_id
)
SELECT d.*, p.name, p.phone, b.balance_paise
  FROM dues d JOIN party_balances b ON b.party_id = d.party_id JOIN ${partyTable(type)} p ON p.id = d.party_id`;

export interface PartyDueRow {
  party_id: string;
  name: string;
  phone: string | null;
  balance_paise: number;
  overdue: number;
  oldest_overdue: string | null;
  due_today: number;
  upcoming: number;
  next_upcoming: string | null;
}

/** Every owing party of a type with something due by the end of the upcoming window. */
export function owingDues(db: { prepare(sql: string): Statement }, businessId: string, type: PartyType, today: string): PartyDueRow[] {
  return db.prepare(duesSql(type, indexedBy(db, CREDIT_INDEX))).all({ business: businessId, type, today, horizon: addDays(today, UPCOMING_DAYS) }) as PartyDueRow[];
}

/** The row as allocateDues' shape (later and unscheduled are not computed for the list). */
export const asDues = (r: PartyDueRow, today: string): Dues => ({
  overduePaise: r.overdue,
  dueTodayPaise: r.due_today,
  upcomingPaise: r.upcoming,
  laterPaise: 0,
  unscheduledPaise: 0,
  oldestOverdueDate: r.oldest_overdue,
  nextDueDate: r.due_today ? today : r.next_upcoming,
  nextUpcomingDate: r.next_upcoming,
});
