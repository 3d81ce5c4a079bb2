CREATE TABLE `sync_deferred` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`value` text,
	`stamp` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_deferred_pk` ON `sync_deferred` (`table_name`,`row_id`,`field`);