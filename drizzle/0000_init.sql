CREATE TABLE `attendance` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`staff_id` text NOT NULL,
	`att_date` text NOT NULL,
	`status` text NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `attendance_month_idx` ON `attendance` (`staff_id`,`att_date`);--> statement-breakpoint
CREATE INDEX `attendance_day_idx` ON `attendance` (`business_id`,`att_date`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`op_id` text NOT NULL,
	`stamp` text NOT NULL,
	`device_id` text,
	`user_id` text,
	`action` text NOT NULL,
	`old_values` text NOT NULL,
	`new_values` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_row_idx` ON `audit_log` (`table_name`,`row_id`,`stamp`);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_op_idx` ON `audit_log` (`op_id`,`table_name`,`row_id`);--> statement-breakpoint
CREATE TABLE `bill_items` (
	`bill_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`business_id` text NOT NULL,
	`name` text NOT NULL,
	`hsn` text,
	`qty_milli` integer NOT NULL,
	`unit` text,
	`rate_paise` integer NOT NULL,
	`gst_rate_bp` integer NOT NULL,
	`taxable_paise` integer NOT NULL,
	`cgst_paise` integer NOT NULL,
	`sgst_paise` integer NOT NULL,
	`igst_paise` integer NOT NULL,
	`total_paise` integer NOT NULL,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bill_items_pk` ON `bill_items` (`bill_id`,`line_no`);--> statement-breakpoint
CREATE INDEX `bill_items_rate_idx` ON `bill_items` (`business_id`,`gst_rate_bp`);--> statement-breakpoint
CREATE TABLE `bills` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`kind` text NOT NULL,
	`party_type` text NOT NULL,
	`party_id` text NOT NULL,
	`invoice_number` text NOT NULL,
	`invoice_series` integer NOT NULL,
	`invoice_seq` integer NOT NULL,
	`bill_date` text NOT NULL,
	`due_date` text,
	`place_of_supply` text,
	`items` text DEFAULT '[]' NOT NULL,
	`discount_paise` integer DEFAULT 0 NOT NULL,
	`taxable_paise` integer DEFAULT 0 NOT NULL,
	`cgst_paise` integer DEFAULT 0 NOT NULL,
	`sgst_paise` integer DEFAULT 0 NOT NULL,
	`igst_paise` integer DEFAULT 0 NOT NULL,
	`round_off_paise` integer DEFAULT 0 NOT NULL,
	`total_paise` integer DEFAULT 0 NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bills_invoice_number_idx` ON `bills` (`business_id`,`invoice_number`);--> statement-breakpoint
CREATE INDEX `bills_series_idx` ON `bills` (`business_id`,`invoice_series`,`invoice_seq`);--> statement-breakpoint
CREATE INDEX `bills_date_idx` ON `bills` (`business_id`,`bill_date`);--> statement-breakpoint
CREATE INDEX `bills_party_idx` ON `bills` (`party_id`,`bill_date`);--> statement-breakpoint
CREATE TABLE `business_members` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`email` text,
	`invoice_series` integer
);
--> statement-breakpoint
CREATE INDEX `business_members_business_idx` ON `business_members` (`business_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `business_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`owner_name` text,
	`phone` text,
	`address` text,
	`gstin` text,
	`state_code` text,
	`invoice_prefix` text DEFAULT 'INV-' NOT NULL,
	`fy_start_month` integer DEFAULT 4 NOT NULL,
	`timezone` text DEFAULT 'Asia/Kolkata' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cashbook_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`direction` text NOT NULL,
	`amount_paise` integer NOT NULL,
	`mode` text NOT NULL,
	`entry_date` text NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `cashbook_day_idx` ON `cashbook_entries` (`business_id`,`entry_date`,`created_at`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`name` text NOT NULL,
	`name_fold` text GENERATED ALWAYS AS (lower(name)) VIRTUAL,
	`phone` text,
	`address` text,
	`gstin` text,
	`state_code` text,
	`notes` text
);
--> statement-breakpoint
CREATE INDEX `customers_list_idx` ON `customers` (`business_id`,`deleted_at`,`name_fold`);--> statement-breakpoint
CREATE INDEX `customers_phone_idx` ON `customers` (`business_id`,`phone`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`op_id` text NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`fields` text NOT NULL,
	`stamp` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_op_id_unique` ON `outbox` (`op_id`);--> statement-breakpoint
CREATE INDEX `outbox_row_idx` ON `outbox` (`table_name`,`row_id`);--> statement-breakpoint
CREATE TABLE `party_balances` (
	`party_id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`party_type` text NOT NULL,
	`balance_paise` integer DEFAULT 0 NOT NULL,
	`gave_paise` integer DEFAULT 0 NOT NULL,
	`got_paise` integer DEFAULT 0 NOT NULL,
	`entry_count` integer DEFAULT 0 NOT NULL,
	`last_entry_date` text
);
--> statement-breakpoint
CREATE INDEX `party_balances_sort_idx` ON `party_balances` (`business_id`,`party_type`,`balance_paise`);--> statement-breakpoint
CREATE TABLE `profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`name` text,
	`phone` text,
	`language` text DEFAULT 'en' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`salary_basis` text NOT NULL,
	`salary_paise` integer NOT NULL,
	`joined_on` text
);
--> statement-breakpoint
CREATE INDEX `staff_list_idx` ON `staff` (`business_id`,`deleted_at`,`name`);--> statement-breakpoint
CREATE TABLE `suppliers` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`name` text NOT NULL,
	`name_fold` text GENERATED ALWAYS AS (lower(name)) VIRTUAL,
	`phone` text,
	`address` text,
	`gstin` text,
	`state_code` text,
	`notes` text
);
--> statement-breakpoint
CREATE INDEX `suppliers_list_idx` ON `suppliers` (`business_id`,`deleted_at`,`name_fold`);--> statement-breakpoint
CREATE INDEX `suppliers_phone_idx` ON `suppliers` (`business_id`,`phone`);--> statement-breakpoint
CREATE TABLE `sync_problems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`op_id` text NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`fields` text NOT NULL,
	`created_at` text NOT NULL,
	`dismissed_at` text
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`party_type` text NOT NULL,
	`party_id` text NOT NULL,
	`direction` text NOT NULL,
	`amount_paise` integer NOT NULL,
	`entry_date` text NOT NULL,
	`note` text,
	`bill_id` text
);
--> statement-breakpoint
CREATE INDEX `transactions_party_idx` ON `transactions` (`party_id`,`entry_date`,`created_at`);--> statement-breakpoint
CREATE INDEX `transactions_bill_idx` ON `transactions` (`bill_id`);--> statement-breakpoint
CREATE INDEX `transactions_day_idx` ON `transactions` (`business_id`,`entry_date`);