CREATE TABLE `sync_bulk` (
	`active` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
-- While a pull loads a large page (a row in sync_bulk), new entries leave party_balances to
-- the pull, which recomputes the balances of the parties it touched in one statement before
-- it commits: per-row incremental upkeep costs more than half of a bulk load.
DROP TRIGGER `transactions_balance_ai`;--> statement-breakpoint
CREATE TRIGGER `transactions_balance_ai` AFTER INSERT ON `transactions`
WHEN NEW.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM sync_bulk)
BEGIN
  INSERT INTO party_balances (party_id, business_id, party_type, balance_paise, gave_paise, got_paise, entry_count, last_entry_date)
  VALUES (NEW.party_id, NEW.business_id, NEW.party_type,
          CASE NEW.direction WHEN 'gave' THEN NEW.amount_paise ELSE -NEW.amount_paise END,
          CASE NEW.direction WHEN 'gave' THEN NEW.amount_paise ELSE 0 END,
          CASE NEW.direction WHEN 'got' THEN NEW.amount_paise ELSE 0 END,
          1, NEW.entry_date)
  ON CONFLICT(party_id) DO UPDATE SET
    balance_paise = balance_paise + excluded.balance_paise,
    gave_paise = gave_paise + excluded.gave_paise,
    got_paise = got_paise + excluded.got_paise,
    entry_count = entry_count + 1,
    last_entry_date = CASE WHEN last_entry_date IS NULL OR excluded.last_entry_date > last_entry_date
                           THEN excluded.last_entry_date ELSE last_entry_date END;
END;
