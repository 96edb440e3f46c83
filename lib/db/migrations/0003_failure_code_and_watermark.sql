ALTER TABLE `generations` ADD `failure_code` text;--> statement-breakpoint
ALTER TABLE `generations` ADD `video_is_watermarked` integer DEFAULT false NOT NULL;