CREATE INDEX `generations_liked_created_idx` ON `generations` (`liked`,"created_at" DESC);--> statement-breakpoint
CREATE INDEX `generations_parent_idx` ON `generations` (`parent_id`);