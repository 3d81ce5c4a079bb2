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

/**
 * After the app stopped while a pull held balances back: rebuilds them. True when it did.
 * Cheap when nothing is held (one read); safe on a database without sync_state.
 */
export function settleHeldBalances(db: Sqlite): boolean {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'").get()) return false;
  const held = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(BALANCES_HELD) as { value: string } | undefined;
  if (held?.value !== '1') return false;
  db.transaction(() => {
    rebuildPartyBalances(db);
    db.prepare('DELETE FROM sync_state WHERE key = ?').run(BALANCES_HELD);
  })();
  return true;
}
