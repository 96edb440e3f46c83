import "server-only";
import type { Pool } from "pg";

/**
 * Signed-out session ids, kept until the session would have expired anyway. In memory for one process (the
 * SQLite default); in PostgreSQL when several instances serve the same users, so a sign-out on one takes effect
 * on all of them at once.
 */
export interface RevocationStore {
  revoke(sessionId: string, expiresAtSeconds: number, now?: number): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
}

export function createMemoryRevocationStore(): RevocationStore {
  const revoked = new Map<string, number>();
  return {
    async revoke(sessionId, expiresAtSeconds, now = Date.now()) {
      for (const [id, expiresAt] of revoked) if (expiresAt * 1000 <= now) revoked.delete(id);
      revoked.set(sessionId, expiresAtSeconds);
    },
    async isRevoked(sessionId) {
      return revoked.has(sessionId);
    },
  };
}

/**
 * Every session check reads the table directly (a primary-key lookup) rather than a per-instance cache: a cache
 * would leave a signed-out cookie working on the other instances for as long as it lives.
 */
export function createPgRevocationStore(pool: () => Promise<Pool>): RevocationStore {
  return {
    async revoke(sessionId, expiresAtSeconds, now = Date.now()) {
      const db = await pool();
      // Expired rows go on each sign-out; an expired session fails its own check before it gets here.
      await db.query("DELETE FROM revoked_sessions WHERE expires_at <= $1", [now]);
      await db.query("INSERT INTO revoked_sessions (session_id, expires_at) VALUES ($1, $2) ON CONFLICT (session_id) DO NOTHING", [
        sessionId,
        expiresAtSeconds * 1000,
      ]);
    },
    async isRevoked(sessionId) {
      const db = await pool();
      const result = await db.query({ name: "luma-session-revoked", text: "SELECT 1 FROM revoked_sessions WHERE session_id = $1", values: [sessionId] });
      return (result.rowCount ?? 0) > 0;
    },
  };
}
