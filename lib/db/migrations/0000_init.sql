CREATE TABLE `generation_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`generation_id` text NOT NULL,
	`state` text NOT NULL,
	`upstream_state` text,
	`note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`generation_id`) REFERENCES `generations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `generation_events_generation_idx` ON `generation_events` (`generation_id`,`at`);--> statement-breakpoint
CREATE TABLE `generations` (
	`id` text PRIMARY KEY NOT NULL,
	`upstream_id` text,
	`provider` text DEFAULT 'platform' NOT NULL,
	`idempotency_key` text,
	`request_hash` text,
	`state` text NOT NULL,
	`upstream_state` text,
	`failure_reason` text,
	`prompt` text NOT NULL,
	`aspect_ratio` text NOT NULL,
	`expand_prompt` integer NOT NULL,
	`loop` integer NOT NULL,
	`image_url` text,
	`image_end_url` text,
	`model` text,
	`parent_id` text,
	`liked` integer DEFAULT false NOT NULL,
	`video_url` text,
	`video_width` integer,
	`video_height` integer,
	`video_duration_seconds` real,
	`thumbnail_url` text,
	`thumbnail_width` integer,
	`thumbnail_height` integer,
	`last_frame_url` text,
	`last_frame_width` integer,
	`last_frame_height` integer,
	`estimate_wait_seconds` integer,
	`raw_upstream` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer,
	`deadline_at` integer NOT NULL,
	`next_check_at` integer,
	`check_attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`completed_without_url_since` integer,
	`last_check_error` text,
	`callback_secret_hash` text,
	`archive_state` text DEFAULT 'none' NOT NULL,
	`archive_attempts` integer DEFAULT 0 NOT NULL,
	`archive_next_at` integer,
	`archive_error` text,
	`video_key` text,
	`thumbnail_key` text,
	`last_frame_key` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `generations_upstream_id_unique` ON `generations` (`upstream_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `generations_idempotency_key_unique` ON `generations` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `generations_created_idx` ON `generations` ("created_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX `generations_state_created_idx` ON `generations` (`state`,"created_at" DESC);--> statement-breakpoint
CREATE INDEX `generations_next_check_idx` ON `generations` (`next_check_at`);--> statement-breakpoint
CREATE INDEX `generations_archive_next_idx` ON `generations` (`archive_next_at`);