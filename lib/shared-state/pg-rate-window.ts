import "server-only";
import type { Pool, PoolClient } from "pg";

/** The tables that count events per (scope, key) at epoch-millisecond times, as RateWindow does in memory. */
type HitsTable = "login_failures" | "create_hits";

/** Seconds until one more event fits under `limit`, as RateWindow counts it: the limit-th newest one must age out. */
export async function retryAfterSeconds(
  db: Pool | PoolClient,
  table: HitsTable,
  scope: string,
  key: string,
  limit: number,
  windowMs: number,
  now: number,
): Promise<number> {
  const result = await db.query<{ at: string }>(`SELECT at FROM ${table} WHERE scope = $1 AND key = $2 AND at > $3 ORDER BY at DESC OFFSET $4 LIMIT 1`, [
    scope,
    key,
    now - windowMs,
    limit - 1,
  ]);
  return secondsUntilAgedOut(result.rows[0]?.at ?? null, windowMs, now);
}

/** The wait behind the limit-th newest event at `at` (bigint text, as the driver answers it), or 0 when there is none. */
export function secondsUntilAgedOut(at: string | null, windowMs: number, now: number): number {
  if (at === null) return 0;
  return Math.max(1, Math.ceil((Number(at) + windowMs - now) / 1000));
}
