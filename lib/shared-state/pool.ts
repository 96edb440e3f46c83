import "server-only";
import { Pool } from "pg";
import { log } from "@/lib/log";
import { migratePostgres } from "@/lib/db/postgres/migrate";

type Shared = { pool: Pool; ready: Promise<Pool> };

export const DATABASE_WAIT_MS = 5_000;

// One per process: proxy.ts, the route handlers and instrumentation load separate module instances.
const holder = globalThis as typeof globalThis & { __lumaSharedStatePool?: Shared };

/**
 * The connections the shared auth state and the live bus publish through, ready once the tables exist. Small:
 * every query here is a single indexed statement; the generations store keeps its own pool.
 */
export function sharedStatePool(connectionString: string): Promise<Pool> {
  if (!holder.__lumaSharedStatePool) {
    // Bounded waits: an unreachable or stuck database fails a session check instead of hanging the request.
    const pool = new Pool({
      connectionString,
      max: 4,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: DATABASE_WAIT_MS,
      query_timeout: DATABASE_WAIT_MS,
      keepAlive: true,
      // A checked-out connection sends queued statements without waiting for each answer: a create's admission
      // (lib/shared-state/create-limits.ts) sends its lock and reads as one flight. Single statements are unchanged.
      pipeline: true,
    });
    // An idle connection that the server drops must not crash the process; the pool replaces it.
    pool.on("error", (error) => log.warn("shared-state connection lost", { error: error.message }));
    // And one cut while checked out, which the pool does not listen on (see lib/db/postgres/store.ts).
    pool.on("connect", (client) => client.on("error", (error) => log.warn("shared-state connection lost while in use", { error: error.message })));
    // Its tables come with the committed migrations, applied here too: this pool may be asked before the store opens.
    const ready = migratePostgres(pool).then(() => pool);
    // A failed migration is retried by the next caller rather than remembered forever.
    ready.catch(() => {
      if (holder.__lumaSharedStatePool?.pool === pool) holder.__lumaSharedStatePool = undefined;
      void pool.end().catch(() => {});
    });
    holder.__lumaSharedStatePool = { pool, ready };
  }
  return holder.__lumaSharedStatePool.ready;
}

/** At shutdown, after the live bus has sent what it still had queued. */
export async function closeSharedStatePool(): Promise<void> {
  const shared = holder.__lumaSharedStatePool;
  holder.__lumaSharedStatePool = undefined;
  await shared?.pool.end();
}
