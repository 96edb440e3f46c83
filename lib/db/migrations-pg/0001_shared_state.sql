-- The shared-state tables (lib/shared-state/) were created by their own start-up DDL before this migration; on a
-- database that has them, IF NOT EXISTS leaves them as they are (same columns, same index names). The lock is the
-- one that DDL took, so an instance of an older version starting at the same moment cannot race this one.
SELECT pg_advisory_xact_lock(465826570497);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "create_hits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "login_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "revoked_sessions" (
	"session_id" text PRIMARY KEY NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "create_hits_scope_key_at_idx" ON "create_hits" USING btree ("scope","key","at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "create_hits_at_idx" ON "create_hits" USING btree ("at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "login_failures_scope_key_at_idx" ON "login_failures" USING btree ("scope","key","at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "login_failures_at_idx" ON "login_failures" USING btree ("at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "revoked_sessions_expires_at_idx" ON "revoked_sessions" USING btree ("expires_at");