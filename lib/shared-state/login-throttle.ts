import "server-only";
import type { Pool } from "pg";
import { RateWindow } from "@/lib/security/rate-window";
import { retryAfterSeconds } from "./pg-rate-window";

export type LoginLimits = {
  /** Failed sign-ins allowed per address per window. */
  perAddress: number;
  /** Failed sign-ins allowed from all addresses together per window. */
  global: number;
  windowMs: number;
};

export type LoginOutcome =
  { kind: "throttled"; scope: "address" | "global"; retryAfterSeconds: number } | { kind: "accepted" } | { kind: "refused"; failuresFromAddress: number };

/**
 * Counts failed sign-ins: in memory for one process (the SQLite default), in PostgreSQL when several instances
 * share the users, so a guesser cannot multiply the limits by spreading guesses over the instances.
 */
export interface LoginThrottleStore {
  /** Refuses while throttled; otherwise asks `isCorrect` and counts a failure or clears the address. */
  attempt(address: string, isCorrect: () => boolean, now?: number): Promise<LoginOutcome>;
  reset(): Promise<void>;
}

const ALL = "all";

export function createMemoryLoginThrottle(limits: LoginLimits): LoginThrottleStore {
  const perAddress = () => new RateWindow("login-failures-address", limits.perAddress, limits.windowMs);
  const everyone = () => new RateWindow("login-failures-global", limits.global, limits.windowMs);
  return {
    // No await before the counting: the check and the hit happen without another attempt in between.
    async attempt(address, isCorrect, now = Date.now()) {
      const byAddress = perAddress();
      const global = everyone();
      const addressWait = byAddress.retryAfterSeconds(address, now);
      if (addressWait > 0) return { kind: "throttled", scope: "address", retryAfterSeconds: addressWait };
      const globalWait = global.retryAfterSeconds(ALL, now);
      if (globalWait > 0) return { kind: "throttled", scope: "global", retryAfterSeconds: globalWait };
      if (isCorrect()) {
        byAddress.clear(address);
        return { kind: "accepted" };
      }
      byAddress.hit(address, now);
      global.hit(ALL, now);
      return { kind: "refused", failuresFromAddress: byAddress.count(address, now) };
    },
    async reset() {
      perAddress().clear();
      everyone().clear();
    },
  };
}

/** Any fixed number; serialises sign-in attempts across instances so parallel guesses cannot overshoot a limit. */
const LOGIN_LOCK = 0x6c756d61_02;

export function createPgLoginThrottle(pool: () => Promise<Pool>, limits: LoginLimits): LoginThrottleStore {
  return {
    async attempt(address, isCorrect, now = Date.now()) {
      const client = await (await pool()).connect();
      try {
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock($1)", [LOGIN_LOCK]);
        const outcome = await (async (): Promise<LoginOutcome> => {
          const addressWait = await retryAfterSeconds(client, "login_failures", "address", address, limits.perAddress, limits.windowMs, now);
          if (addressWait > 0) return { kind: "throttled", scope: "address", retryAfterSeconds: addressWait };
          const globalWait = await retryAfterSeconds(client, "login_failures", "global", ALL, limits.global, limits.windowMs, now);
          if (globalWait > 0) return { kind: "throttled", scope: "global", retryAfterSeconds: globalWait };
          if (isCorrect()) {
            await client.query("DELETE FROM login_failures WHERE scope = 'address' AND key = $1", [address]);
            return { kind: "accepted" };
          }
          await client.query("DELETE FROM login_failures WHERE at <= $1", [now - limits.windowMs]);
          await client.query("INSERT INTO login_failures (scope, key, at) VALUES ('address', $1, $2), ('global', $3, $2)", [address, now, ALL]);
          const counted = await client.query<{ failures: string }>(
            "SELECT count(*) AS failures FROM login_failures WHERE scope = 'address' AND key = $1 AND at > $2",
            [address, now - limits.windowMs],
          );
          return { kind: "refused", failuresFromAddress: Number(counted.rows[0]?.failures ?? 0) };
        })();
        await client.query("COMMIT");
        return outcome;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async reset() {
      await (await pool()).query("DELETE FROM login_failures");
    },
  };
}
