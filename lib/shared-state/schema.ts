import "server-only";
import type { Pool } from "pg";

/**
 * The tables behind the cross-instance auth state and create windows. Idempotent and taken under an advisory lock, because every
 * instance runs it at start and several start at once. Times are epoch milliseconds, as in the generations store.
 * To be folded into the drizzle PostgreSQL migrations once those exist.
 */
const SHARED_STATE_DDL = `
CREATE TABLE IF NOT EXISTS revoked_sessions (
  session_id text PRIMARY KEY,
  expires_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS revoked_sessions_expires_at_idx ON revoked_sessions (expires_at);
CREATE TABLE IF NOT EXISTS login_failures (
  id bigserial PRIMARY KEY,
  scope text NOT NULL,
  key text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_scope_key_at_idx ON login_failures (scope, key, at);
CREATE INDEX IF NOT EXISTS login_failures_at_idx ON login_failures (at);
CREATE TABLE IF NOT EXISTS create_hits (
  id bigserial PRIMARY KEY,
  scope text NOT NULL,
  key text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS create_hits_scope_key_at_idx ON create_hits (scope, key, at);
CREATE INDEX IF NOT EXISTS create_hits_at_idx ON create_hits (at);
`;

/** Any fixed number; it only has to differ from the other migrations' locks. */
const SHARED_STATE_LOCK = 0x6c756d61_01;

export async function migrateSharedState(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [SHARED_STATE_LOCK]);
    try {
      await client.query(SHARED_STATE_DDL);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [SHARED_STATE_LOCK]);
    }
  } finally {
    client.release();
  }
}
