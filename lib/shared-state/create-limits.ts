import "server-only";
import type { Pool } from "pg";
import { log } from "@/lib/log";
import { RateWindow } from "@/lib/security/rate-window";
import { secondsUntilAgedOut } from "./pg-rate-window";

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

/** Any fixed number; it only has to differ from the other advisory locks (migrations, login). */
const ADMISSION_LOCK = 0x6c756d61_03;

/** Both scopes' limit-th newest hit in the window, in one statement (`create_hits_scope_key_at_idx` serves each). */
const WINDOW_SQL = `SELECT
  (SELECT at FROM create_hits WHERE scope = 'session' AND key = $1 AND at > $3 ORDER BY at DESC OFFSET $4 LIMIT 1) AS session,
  (SELECT at FROM create_hits WHERE scope = 'address' AND key = $2 AND at > $3 ORDER BY at DESC OFFSET $4 LIMIT 1) AS address`;
/** The hits that aged out go in the same statement as the new ones. */
const COUNT_SQL = `WITH aged AS (DELETE FROM create_hits WHERE at <= $4)
INSERT INTO create_hits (scope, key, at) VALUES ('session', $1, $3), ('address', $2, $3)`;
/** One message, one round trip: the simple protocol takes both statements, and the key is a constant, not input. */
const BEGIN_AND_LOCK_SQL = `BEGIN; SELECT pg_advisory_xact_lock(${ADMISSION_LOCK})`;

/**
 * The admission lock is a transaction-scoped advisory lock on one connection that does nothing else while the
 * check and the insert run on other connections (each of their writes commits on its own, before the lock ends).
 * The process's queue stays in front of it, so an instance waits for the lock on one connection rather than on
 * every connection of its pool (which the check itself needs). Transaction-scoped, because a failure anywhere
 * (a timeout, a dropped connection, a killed instance) must end it with the transaction rather than leave it held.
 * The caller does not wait for the COMMIT that ends it: its work is already committed, and the next admission
 * (the queue here, or the lock itself on another instance) does wait for it.
 */
export function createPgCreateLimits(pool: () => Promise<Pool>): CreateLimitsStore {
  let unlocked: Promise<unknown> = Promise.resolve();
  async function underLock<T>(work: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; unlocked: Promise<void> }> {
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
      await client.query(BEGIN_AND_LOCK_SQL);
    } catch (error) {
      // The connection may still be waiting for the lock server-side: drop it rather than pool it.
      client.off("error", onError);
      client.release(true);
      throw error;
    }
    let outcome: PromiseSettledResult<T>;
    try {
      outcome = { status: "fulfilled", value: await work() };
    } catch (reason) {
      outcome = { status: "rejected", reason };
    }
    // The work's outcome stands either way: its row is written, and the lock ends with the transaction.
    const committed = client.query("COMMIT").then(
      () => undefined,
      () => void (isBroken = true),
    );
    return {
      outcome,
      unlocked: committed.finally(() => {
        client.off("error", onError);
        client.release(isBroken);
      }),
    };
  }
  return {
    exclusive<T>(work: () => Promise<T>): Promise<T> {
      const admitted = unlocked.then(() => underLock(work));
      unlocked = admitted.then(
        (settled) => settled.unlocked,
        () => undefined,
      );
      return admitted.then(({ outcome }) => (outcome.status === "fulfilled" ? outcome.value : Promise.reject(outcome.reason)));
    },
    async retryAfterSeconds(keys, limit, now) {
      const db = await pool();
      const result = await db.query<{ session: string | null; address: string | null }>({
        name: "luma-create-window",
        text: WINDOW_SQL,
        values: [keys.session, keys.address, now - MINUTE_MS, limit - 1],
      });
      const oldest = result.rows[0];
      return Math.max(secondsUntilAgedOut(oldest?.session ?? null, MINUTE_MS, now), secondsUntilAgedOut(oldest?.address ?? null, MINUTE_MS, now));
    },
    async count(keys, now) {
      await (await pool()).query({ name: "luma-create-count", text: COUNT_SQL, values: [keys.session, keys.address, now, now - MINUTE_MS] });
    },
    async reset() {
      await (await pool()).query("DELETE FROM create_hits");
    },
  };
}
