ALTER TABLE `generations` ADD `resolution` text;--> statement-breakpoint
ALTER TABLE `generations` ADD `duration` text;--> statement-breakpoint
ALTER TABLE `generations` ADD `camera_move` text;--> statement-breakpoint
ALTER TABLE `generations` ADD `hdr` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `generations` ADD `exr_export` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `generations` ADD `kind` text DEFAULT 'video' NOT NULL;--> statement-breakpoint
ALTER TABLE `generations` ADD `second_parent_id` text;--> statement-breakpoint
ALTER TABLE `generations` ADD `edit_strength` text;--> statement-breakpoint
ALTER TABLE `generations` ADD `source_position` text;--> statement-breakpoint
CREATE INDEX `generations_second_parent_idx` ON `generations` (`second_parent_id`);
--> statement-breakpoint
-- Rows from before kinds existed: the only way a row got a parent was the platform's extend.
UPDATE `generations` SET `kind` = 'extend' WHERE `parent_id` IS NOT NULL;