CREATE TABLE `payment_promises` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`party_type` text NOT NULL,
	`party_id` text NOT NULL,
	`amount_paise` integer NOT NULL,
	`promised_on` text NOT NULL,
	`made_on` text NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `payment_promises_party_idx` ON `payment_promises` (`party_id`,`made_on`,`created_at`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`party_type` text NOT NULL,
	`party_id` text NOT NULL,
	`sent_at` text NOT NULL,
	`amount_paise` integer NOT NULL,
	`channel` text NOT NULL,
	`due_date` text
);
--> statement-breakpoint
CREATE INDEX `reminders_party_idx` ON `reminders` (`party_id`,`sent_at`);--> statement-breakpoint
ALTER TABLE `customers` ADD `credit_days` integer;--> statement-breakpoint
ALTER TABLE `suppliers` ADD `credit_days` integer;--> statement-breakpoint
ALTER TABLE `transactions` ADD `due_date` text;--> statement-breakpoint
CREATE INDEX `transactions_credit_idx` ON `transactions` (`party_id`,`entry_date`,`created_at`,`amount_paise`,`due_date`,`bill_id`,`direction`,`deleted_at`) WHERE direction = 'gave' AND deleted_at IS NULL;