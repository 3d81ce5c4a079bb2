import { hasIndex } from './deferred-indexes';
import type { Sqlite } from './open';

/**
 * party_balances is an index over transactions, kept by triggers (drizzle 0001, 0010, 0011) or,
 * for a large pull's new entries, by the pull itself (sync/held-balances.ts). This rebuilds it
 * from the entries in one pass, exactly as the triggers would have left it: what a pull whose
 * held balances were lost (the app stopped between its pages and their balances) needs.
 *
 * Every party keeps its row; one without live entries has zeros and no last entry date.
 */
export function rebuildPartyBalances(db: Sqlite): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE party_balances SET balance_paise = 0, gave_paise = 0, got_paise = 0, entry_count = 0, last_entry_date = NULL
        WHERE balance_paise <> 0 OR gave_paise <> 0 OR got_paise <> 0 OR entry_count <> 0 OR last_entry_date IS NOT NULL`,
    ).run();
    // A party's business and type come from its entries only when it has no row yet (as the
    // insert trigger's upsert does); the sums are the trigger's, over every live entry.
    db.prepare(
      `INSERT INTO party_balances (party_id, business_id, party_type, balance_paise, gave_paise, got_paise, entry_count, last_entry_date)
       SELECT party_id, business_id, party_type,
              sum(CASE direction WHEN 'gave' THEN amount_paise ELSE -amount_paise END),
              sum(CASE direction WHEN 'gave' THEN amount_paise ELSE 0 END),
              sum(CASE direction WHEN 'got' THEN amount_paise ELSE 0 END),
              count(*), max(entry_date)
         FROM transactions
        WHERE deleted_at IS NULL
        GROUP BY party_id
       ON CONFLICT(party_id) DO UPDATE SET
         balance_paise = excluded.balance_paise, gave_paise = excluded.gave_paise, got_paise = excluded.got_paise,
         entry_count = excluded.entry_count, last_entry_date = excluded.last_entry_date`,
    ).run();
  })();
}

/** sync_state key: '1' while stored pages have new entries whose balances are not in party_balances yet. */
export const BALANCES_HELD = 'balances_held';

/** sync_state key: '1' while some parties' last entry dates may be stale (see fixLastEntryDates). */
export const BALANCE_DATES_STALE = 'balance_dates_stale';

/** Sets one of this module's marks ('1') in sync_state, in the caller's transaction. */
export function mark(db: Sqlite, key: typeof BALANCES_HELD | typeof BALANCE_DATES_STALE): void {
  db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, '1');
}

/** Whether the mark is set (false too on a database without sync_state, before the migrations). */
function marked(db: Sqlite, key: string): boolean {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'").get()) return false;
  return (db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)?.value === '1';
}

/** Whether some pulled entries are not in the balances yet (held back, or lost and to be rebuilt). */
export function balancesHeld(db: Sqlite): boolean {
  return marked(db, BALANCES_HELD);
}

/**
 * After held sums were added: these parties' last entry dates, read from their entries. A held
 * entry may have been deleted, moved or re-dated before its sums went in (the date triggers then
 * read it as it was), so the latest date among the held entries is not enough. One lookup per
 * party through transactions_party_idx; while a first pull has that index out, the dates are
 * marked stale instead and settleBalanceDates reads them all once it is back.
 */
export function fixLastEntryDates(db: Sqlite, parties: Iterable<string>): void {
  if (!hasIndex(db, 'transactions_party_idx')) {
    mark(db, BALANCE_DATES_STALE);
    return;
  }
  const fix = db.prepare('UPDATE party_balances SET last_entry_date = (SELECT max(entry_date) FROM transactions WHERE party_id = ? AND deleted_at IS NULL) WHERE party_id = ?');
  for (const id of parties) fix.run(id, id);
}

/**
 * Reads every party's last entry date from its entries if they were marked stale; true when it
 * did. Run when no sums are held (after a pull's release, or at open after settleHeldBalances).
 */
export function settleBalanceDates(db: Sqlite): boolean {
  if (!marked(db, BALANCE_DATES_STALE)) return false;
  db.transaction(() => {
    // One pass over the entries (no lookup per party: this may run while the index is out).
    db.prepare(
      `UPDATE party_balances SET last_entry_date = d.last
         FROM (SELECT party_id, max(entry_date) AS last FROM transactions WHERE deleted_at IS NULL GROUP BY party_id) AS d
        WHERE d.party_id = party_balances.party_id AND party_balances.last_entry_date IS NOT d.last`,
    ).run();
    // A party without live entries has none (its count is exact: no sums are held when this runs).
    db.prepare('UPDATE party_balances SET last_entry_date = NULL WHERE entry_count = 0 AND last_entry_date IS NOT NULL').run();
    db.prepare('DELETE FROM sync_state WHERE key = ?').run(BALANCE_DATES_STALE);
  })();
  return true;
}

/**
 * After the app stopped while a pull held balances back: rebuilds them. True when it did.
 * Cheap when nothing is held (one read); safe on a database without sync_state.
 */
export function settleHeldBalances(db: Sqlite): boolean {
  if (!marked(db, BALANCES_HELD)) return false;
  db.transaction(() => {
    rebuildPartyBalances(db);
    // The rebuild read every date from the entries too.
    db.prepare('DELETE FROM sync_state WHERE key IN (?, ?)').run(BALANCES_HELD, BALANCE_DATES_STALE);
  })();
  return true;
}
