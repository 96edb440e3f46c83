import "server-only";
import type { Pool } from "pg";
import { log } from "@/lib/log";
import { RateWindow } from "@/lib/security/rate-window";
import { retryAfterSeconds } from "./pg-rate-window";

/** Who a create is counted against in the per-minute windows. */
export type CreateWindowKeys = { session: string; address: string };

/**
 * What the spending limits need beyond the generation rows: one admission at a time, and the per-minute create
 * windows. In this process's memory by default (SQLite, one instance); in PostgreSQL with DATABASE_URL, so that
 * several instances together stay within MAX_IN_FLIGHT and the per-minute limit instead of each on its own.
 */
export interface CreateLimitsStore {
  /**
   * Runs the limit check and the write-ahead insert while no other admission (in this process, or on any
   * instance) runs, so concurrent creates cannot both take the last slot.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Seconds until one more create fits both windows, or 0 when it fits now. */
  retryAfterSeconds(keys: CreateWindowKeys, limit: number, now: number): Promise<number>;
  count(keys: CreateWindowKeys, now: number): Promise<void>;
  /** For tests: forget the windows. */
  reset(): Promise<void>;
}

const MINUTE_MS = 60_000;

/** One admission at a time in this process: the next starts when the previous has settled, either way. */
function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
}

export function createMemoryCreateLimits(): CreateLimitsStore {
  const window = (scope: keyof CreateWindowKeys, limit = 1) => new RateWindow(`creates-${scope}`, limit, MINUTE_MS);
  return {
    exclusive: serialQueue(),
    async retryAfterSeconds(keys, limit, now) {
      return Math.max(window("session", limit).retryAfterSeconds(keys.session, now), window("address", limit).retryAfterSeconds(keys.address, now));
    },
    async count(keys, now) {
      window("session").hit(keys.session, now);
      window("address").hit(keys.address, now);
    },
    async reset() {
      window("session").clear();
      window("address").clear();
    },
  };
}

/** Any fixed number; it only has to differ from the other advisory locks (lib/shared-state/schema.ts, login). */
const ADMISSION_LOCK = 0x6c756d61_03;

/**
 * The admission lock is a transaction-scoped advisory lock on one connection that does nothing else while the
 * check and the insert run on other connections. The process's queue stays in front of it, so an instance waits
 * for the lock on one connection rather than on every connection of its pool (which the check itself needs).
 * Transaction-scoped, because a failure anywhere (a timeout, a dropped connection, a killed instance) must end
 * it with the transaction rather than leave it held.
 */
export function createPgCreateLimits(pool: () => Promise<Pool>): CreateLimitsStore {
  const inThisProcess = serialQueue();
  async function underLock<T>(work: () => Promise<T>): Promise<T> {
    const client = await (await pool()).connect();
    let isBroken = false;
    // The pool listens for errors only on idle connections; this one sits idle in its transaction while the
    // work runs elsewhere, and a connection cut then must not become an uncaught error.
    const onError = (error: Error) => {
      isBroken = true;
      log.warn("admission lock connection lost", { error: error.message });
    };
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [ADMISSION_LOCK]);
    } catch (error) {
      // The connection may still be waiting for the lock server-side: drop it rather than pool it.
      client.off("error", onError);
      client.release(true);
      throw error;
    }
    try {
      return await work();
    } finally {
      // The work's outcome stands either way: its row is written, and the lock ends with the transaction.
      await client.query("COMMIT").catch(() => (isBroken = true));
      client.off("error", onError);
      client.release(isBroken);
    }
  }
  return {
    exclusive: (work) => inThisProcess(() => underLock(work)),
    async retryAfterSeconds(keys, limit, now) {
      const db = await pool();
      const waits = await Promise.all([
        retryAfterSeconds(db, "create_hits", "session", keys.session, limit, MINUTE_MS, now),
        retryAfterSeconds(db, "create_hits", "address", keys.address, limit, MINUTE_MS, now),
      ]);
      return Math.max(...waits);
    },
    async count(keys, now) {
      const db = await pool();
      await db.query("DELETE FROM create_hits WHERE at <= $1", [now - MINUTE_MS]);
      await db.query("INSERT INTO create_hits (scope, key, at) VALUES ('session', $1, $3), ('address', $2, $3)", [keys.session, keys.address, now]);
    },
    async reset() {
      await (await pool()).query("DELETE FROM create_hits");
    },
  };
}
