-- Every party has its row in party_balances (zero until its first entry), so a list sorted by
-- balance reads the balance index in order and stops after one page, instead of sorting every
-- party of the shop on each call.
CREATE TRIGGER `customers_balance_row` AFTER INSERT ON `customers`
BEGIN
  INSERT OR IGNORE INTO party_balances (party_id, business_id, party_type, balance_paise, gave_paise, got_paise, entry_count, last_entry_date)
  VALUES (NEW.id, NEW.business_id, 'customer', 0, 0, 0, 0, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `suppliers_balance_row` AFTER INSERT ON `suppliers`
BEGIN
  INSERT OR IGNORE INTO party_balances (party_id, business_id, party_type, balance_paise, gave_paise, got_paise, entry_count, last_entry_date)
  VALUES (NEW.id, NEW.business_id, 'supplier', 0, 0, 0, 0, NULL);
END;
--> statement-breakpoint
INSERT OR IGNORE INTO party_balances (party_id, business_id, party_type, balance_paise, gave_paise, got_paise, entry_count, last_entry_date)
SELECT id, business_id, 'customer', 0, 0, 0, 0, NULL FROM customers;
--> statement-breakpoint
INSERT OR IGNORE INTO party_balances (party_id, business_id, party_type, balance_paise, gave_paise, got_paise, entry_count, last_entry_date)
SELECT id, business_id, 'supplier', 0, 0, 0, 0, NULL FROM suppliers;
