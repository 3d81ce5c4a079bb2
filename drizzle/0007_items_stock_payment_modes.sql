CREATE TABLE `items` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`name` text NOT NULL,
	`name_fold` text GENERATED ALWAYS AS (lower(name)) VIRTUAL,
	`hsn` text,
	`unit` text DEFAULT 'pcs' NOT NULL,
	`sale_price_paise` integer DEFAULT 0 NOT NULL,
	`purchase_price_paise` integer DEFAULT 0 NOT NULL,
	`gst_rate_bp` integer DEFAULT 0 NOT NULL,
	`barcode` text,
	`opening_qty_milli` integer DEFAULT 0 NOT NULL,
	`low_stock_milli` integer
);
--> statement-breakpoint
CREATE INDEX `items_list_idx` ON `items` (`business_id`,`deleted_at`,`name_fold`);--> statement-breakpoint
CREATE INDEX `items_barcode_idx` ON `items` (`business_id`,`barcode`) WHERE barcode IS NOT NULL;--> statement-breakpoint
CREATE INDEX `items_low_idx` ON `items` (`business_id`,`name_fold`) WHERE low_stock_milli IS NOT NULL AND deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `stock_adjustments` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`field_stamps` text DEFAULT '{}' NOT NULL,
	`item_id` text NOT NULL,
	`qty_milli` integer NOT NULL,
	`reason` text NOT NULL,
	`adj_date` text NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `stock_adjustments_item_idx` ON `stock_adjustments` (`item_id`,`adj_date`);--> statement-breakpoint
CREATE TABLE `stock_levels` (
	`item_id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`qty_milli` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stock_levels_qty_idx` ON `stock_levels` (`business_id`,`qty_milli`);--> statement-breakpoint
ALTER TABLE `bill_items` ADD `item_id` text;--> statement-breakpoint
ALTER TABLE `bill_items` ADD `stock_milli` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `bill_items_item_idx` ON `bill_items` (`item_id`) WHERE item_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `business_settings` ADD `upi_id` text;--> statement-breakpoint
ALTER TABLE `business_settings` ADD `bank_name` text;--> statement-breakpoint
ALTER TABLE `business_settings` ADD `bank_account` text;--> statement-breakpoint
ALTER TABLE `business_settings` ADD `bank_ifsc` text;--> statement-breakpoint
ALTER TABLE `transactions` ADD `mode` text;--> statement-breakpoint
ALTER TABLE `transactions` ADD `mode_ref` text;--> statement-breakpoint
CREATE INDEX `transactions_money_idx` ON `transactions` (`business_id`,`entry_date`,`mode`,`direction`,`amount_paise`,`deleted_at`) WHERE mode IS NOT NULL AND deleted_at IS NULL;