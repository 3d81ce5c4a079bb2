ALTER TABLE `cashbook_entries` ADD `staff_id` text;--> statement-breakpoint
ALTER TABLE `cashbook_entries` ADD `staff_pay` text;--> statement-breakpoint
ALTER TABLE `cashbook_entries` ADD `pay_month` text;--> statement-breakpoint
CREATE INDEX `cashbook_staff_idx` ON `cashbook_entries` (`business_id`,`staff_id`,`entry_date`) WHERE "cashbook_entries"."staff_id" IS NOT NULL;