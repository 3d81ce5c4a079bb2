DROP INDEX `transactions_bill_idx`;--> statement-breakpoint
CREATE INDEX `transactions_bill_idx` ON `transactions` (`bill_id`) WHERE bill_id IS NOT NULL;