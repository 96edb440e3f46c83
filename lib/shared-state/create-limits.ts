import "server-only";
import type { Pool, PoolClient } from "pg";
import { log } from "@/lib/log";
import { RateWindow } from "@/lib/security/rate-window";
import { secondsUntilAgedOut } from "./pg-rate-window";

/** Who a create is counted against in the per-minute windows. */
export type CreateWindowKeys = { session: string; address: string };

/** The per-minute create windows. */
export interface CreateWindows {
  /** Seconds until one more create fits both windows, or 0 when it fits now. */
  retryAfterSeconds(keys: CreateWindowKeys, limit: number, now: number): Promise<number>;
  count(keys: CreateWindowKeys, now: number): Promise<void>;
}

/**
 * One connection (PostgreSQL) that a check reads through, with its statements sent together. In an admission it
 * holds the transaction: the lock is taken first on it, so what the work reads and writes through it runs after
 * the lock is held, and is committed with the lock's end, or not at all.
 */
export type AdmissionConnection = { client: PoolClient; windows: CreateWindows };

/**
 * What the spending limits need beyond the generation rows: one admission at a time, and the per-minute create
 * windows. In this process's memory by default (SQLite, one instance); in PostgreSQL with DATABASE_URL, so that
 * several instances together stay within MAX_IN_FLIGHT and the per-minute limit instead of each on its own.
 */
export interface CreateLimitsStore extends CreateWindows {
  /**
   * Runs the limit check and the write-ahead insert while no other admission (in this process, or on any
   * instance) runs, so concurrent creates cannot both take the last slot. With PostgreSQL, `work` gets the
   * admission's transaction and must read and write through it (lib/security/limits.ts `admissionContext`):
   * only that is behind the lock, and it is committed before this answers. In memory it gets null.
   */
  exclusive<T>(work: (transaction: AdmissionConnection | null) => Promise<T>): Promise<T>;
  /**
   * Runs a check's reads on one connection, sent together, without the lock and without writing (PostgreSQL;
   * null in memory): the cheap refusal before a request's body is read.
   */
  readTogether<T>(work: (connection: AdmissionConnection | null) => Promise<T>): Promise<T>;
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
  const inThisProcess = serialQueue();
  return {
    exclusive: (work) => inThisProcess(() => work(null)),
    readTogether: (work) => work(null),
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

type Queryable = Pool | PoolClient;

async function windowWait(db: Queryable, keys: CreateWindowKeys, limit: number, now: number): Promise<number> {
  const result = await db.query<{ session: string | null; address: string | null }>({
    name: "luma-create-window",
    text: WINDOW_SQL,
    values: [keys.session, keys.address, now - MINUTE_MS, limit - 1],
  });
  const oldest = result.rows[0];
  return Math.max(secondsUntilAgedOut(oldest?.session ?? null, MINUTE_MS, now), secondsUntilAgedOut(oldest?.address ?? null, MINUTE_MS, now));
}

async function countHit(db: Queryable, keys: CreateWindowKeys, now: number): Promise<void> {
  await db.query({ name: "luma-create-count", text: COUNT_SQL, values: [keys.session, keys.address, now, now - MINUTE_MS] });
}

/**
 * Holds the connection's writes back until this turn of the event loop is over, so the statements queued
 * meanwhile leave in one write. Pipelined but written one by one, each statement woke the server and handed it
 * the CPU; on a loaded machine every such hand-over is a wait for a core to come back.
 */
function sendTogether(client: PoolClient): void {
  client.connection.stream.cork();
  setImmediate(() => client.connection.stream.uncork());
}

const settle = <T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> =>
  promise.then(
    (value) => ({ status: "fulfilled", value }),
    (reason: unknown) => ({ status: "rejected", reason }),
  );

/**
 * One admission is one transaction on one pipelined connection (the shared-state pool's clients are): BEGIN and
 * the transaction-scoped advisory lock, then the work's statements queued right behind them (PostgreSQL runs
 * them in order, so after the lock is held), then COMMIT. The reads travel together in one round trip, the
 * window hit and the row insert in another, the COMMIT in a third; one after the other on the pool they were a
 * dozen. The process's queue stays in front of the lock, so an instance waits for it on one connection rather
 * than on every connection of its pool. Transaction-scoped, because a failure anywhere (a timeout, a dropped
 * connection, a killed instance) must end it with the transaction rather than leave it held; and a failed
 * COMMIT fails the admission, since the row it would have written is not there.
 */
export function createPgCreateLimits(pool: () => Promise<Pool>): CreateLimitsStore {
  const inThisProcess = serialQueue();
  async function underLock<T>(work: (transaction: AdmissionConnection) => Promise<T>): Promise<T> {
    const client = await (await pool()).connect();
    let isBroken = false;
    // The pool listens for errors only on idle connections; a connection cut while this one is checked out must
    // not become an uncaught error.
    const onError = (error: Error) => {
      isBroken = true;
      log.warn("admission connection lost", { error: error.message });
    };
    client.on("error", onError);
    const release = () => {
      client.off("error", onError);
      // A connection that failed (it may still be waiting for the lock server-side) is dropped, not pooled.
      client.release(isBroken);
    };
    // The window hit is sent at once and not waited for: the row insert queued behind it fails if it did (the
    // transaction is aborted), and both are settled before the COMMIT.
    const counts: Promise<void>[] = [];
    const windows: CreateWindows = {
      retryAfterSeconds: (keys, limit, now) => windowWait(client, keys, limit, now),
      count(keys, now) {
        // The row insert that follows joins it in one write.
        sendTogether(client);
        counts.push(countHit(client, keys, now));
        return Promise.resolve();
      },
    };
    // The lock and the work's reads leave in one write.
    sendTogether(client);
    const locked = settle(client.query(BEGIN_AND_LOCK_SQL));
    const outcome = await settle(work({ client, windows }));
    const failures = [await locked, ...(await Promise.all(counts.map(settle))), outcome].filter((each) => each.status === "rejected");
    if (failures.length > 0 || outcome.status === "rejected") {
      await client.query("ROLLBACK").catch(() => (isBroken = true));
      release();
      // The first failure explains the others (a statement after a failed one fails only because of it).
      throw failures[0]?.reason;
    }
    try {
      await client.query("COMMIT");
    } catch (error) {
      isBroken = true;
      throw error;
    } finally {
      release();
    }
    return outcome.value;
  }
  async function readTogether<T>(work: (connection: AdmissionConnection) => Promise<T>): Promise<T> {
    const client = await (await pool()).connect();
    const windows: CreateWindows = {
      retryAfterSeconds: (keys, limit, now) => windowWait(client, keys, limit, now),
      count: () => Promise.reject(new Error("a check outside an admission counts nothing")),
    };
    sendTogether(client);
    try {
      const answer = await work({ client, windows });
      client.release();
      return answer;
    } catch (error) {
      // Not knowing what failed, the connection is dropped rather than pooled.
      client.release(true);
      throw error;
    }
  }
  return {
    exclusive: (work) => inThisProcess(() => underLock(work)),
    readTogether,
    retryAfterSeconds: async (keys, limit, now) => windowWait(await pool(), keys, limit, now),
    count: async (keys, now) => countHit(await pool(), keys, now),
    async reset() {
      await (await pool()).query("DELETE FROM create_hits");
    },
  };
}
