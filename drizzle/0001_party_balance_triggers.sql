-- party_balances is an index over transactions: these triggers keep it exact for every write,
-- whether it comes from the ledger services or from a sync merge. Sums are incremental
-- (O(1) per write); the last entry date is re-read through transactions_party_idx.
CREATE TRIGGER `transactions_balance_ai` AFTER INSERT ON `transactions`
WHEN NEW.deleted_at IS NULL
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
--> statement-breakpoint
CREATE TRIGGER `transactions_balance_ad` AFTER DELETE ON `transactions`
WHEN OLD.deleted_at IS NULL
BEGIN
  UPDATE party_balances SET
    balance_paise = balance_paise - CASE OLD.direction WHEN 'gave' THEN OLD.amount_paise ELSE -OLD.amount_paise END,
    gave_paise = gave_paise - CASE OLD.direction WHEN 'gave' THEN OLD.amount_paise ELSE 0 END,
    got_paise = got_paise - CASE OLD.direction WHEN 'got' THEN OLD.amount_paise ELSE 0 END,
    entry_count = entry_count - 1,
    last_entry_date = (SELECT max(entry_date) FROM transactions WHERE party_id = OLD.party_id AND deleted_at IS NULL)
  WHERE party_id = OLD.party_id;
END;
--> statement-breakpoint
-- An update is "remove the old contribution, add the new one" so party moves, amount and
-- direction edits, deletes (deleted_at set) and restores are all covered by one rule.
CREATE TRIGGER `transactions_balance_au_old` AFTER UPDATE OF party_id, party_type, direction, amount_paise, entry_date, deleted_at ON `transactions`
WHEN OLD.deleted_at IS NULL
BEGIN
  UPDATE party_balances SET
    balance_paise = balance_paise - CASE OLD.direction WHEN 'gave' THEN OLD.amount_paise ELSE -OLD.amount_paise END,
    gave_paise = gave_paise - CASE OLD.direction WHEN 'gave' THEN OLD.amount_paise ELSE 0 END,
    got_paise = got_paise - CASE OLD.direction WHEN 'got' THEN OLD.amount_paise ELSE 0 END,
    entry_count = entry_count - 1
  WHERE party_id = OLD.party_id;
END;
--> statement-breakpoint
CREATE TRIGGER `transactions_balance_au_new` AFTER UPDATE OF party_id, party_type, direction, amount_paise, entry_date, deleted_at ON `transactions`
WHEN NEW.deleted_at IS NULL
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
    entry_count = entry_count + 1;
END;
--> statement-breakpoint
-- After any update of a live-or-dead entry, re-read the last entry date of the parties touched.
CREATE TRIGGER `transactions_balance_au_dates` AFTER UPDATE OF party_id, entry_date, deleted_at ON `transactions`
BEGIN
  UPDATE party_balances SET last_entry_date =
    (SELECT max(entry_date) FROM transactions WHERE party_id = party_balances.party_id AND deleted_at IS NULL)
  WHERE party_id IN (OLD.party_id, NEW.party_id);
END;
