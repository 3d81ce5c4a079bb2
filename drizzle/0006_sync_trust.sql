CREATE TABLE `sync_quarantine` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`seq` integer NOT NULL,
	`row` text NOT NULL,
	`error` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_quarantine_pk` ON `sync_quarantine` (`table_name`,`row_id`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `user_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `unit` text;--> statement-breakpoint
CREATE INDEX `outbox_unit_idx` ON `outbox` (`unit`) WHERE unit IS NOT NULL;--> statement-breakpoint
ALTER TABLE `sync_problems` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `sync_problems` ADD `detail` text;--> statement-breakpoint
-- Changes already waiting belong to whoever is signed in now (they were made under that session).
UPDATE `outbox` SET `user_id` = (SELECT `value` FROM `sync_state` WHERE `key` = 'user_id') WHERE `user_id` IS NULL;--> statement-breakpoint
-- A bill's ops already waiting form its unit, with its entries.
UPDATE `outbox` SET `unit` = `row_id` WHERE `table_name` = 'bills';--> statement-breakpoint
UPDATE `outbox` SET `unit` = coalesce(json_extract(`fields`, '$.bill_id'), (SELECT `bill_id` FROM `transactions` t WHERE t.`id` = `outbox`.`row_id`)) WHERE `table_name` = 'transactions';
