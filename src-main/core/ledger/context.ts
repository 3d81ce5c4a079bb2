import type { Sqlite } from '../db/open';
import type { RowWriter } from '../db/writer';
import type { HybridClock } from '../sync/clock';

/** What every ledger service needs: the database, the write path and who/where/when. */
export interface LedgerContext {
  db: Sqlite;
  writer: RowWriter;
  clock: HybridClock;
  /** Runs fn in one SQLite transaction; emits `db.changed` after it commits. */
  transact<T>(fn: () => T): T;
  businessId(): string;
  deviceId(): string;
  userId(): string | null;
  /** This device's invoice series within the business (1 for the device that created it). */
  invoiceSeries(): number;
  /** The signed-in member's role in this business; null when not signed in (the owner's own device). */
  role(): 'owner' | 'staff' | null;
  nowIso(): string;
  /** Today's ISO date in the business's time zone. */
  today(): string;
}
