import "server-only";
import { env } from "@/lib/env";
import { createPostgresStore } from "./postgres/store";
import { SqliteStore } from "./sqlite-store";
import type { GenerationStore } from "./store-types";

type OpenStore = {
  store: GenerationStore;
  /** At boot: hands back the leases no live process can hold any more; see releaseLeasesOfDeadProcesses. */
  releaseLeasesOfDeadProcesses: () => Promise<number>;
};

// Route handlers and instrumentation load separate module instances (PITFALLS.md): one store per process lives
// here, and it is recognised by shape, never by class (the route's SqliteStore is another class than boot's).
const holder = globalThis as typeof globalThis & { __lumaStore?: OpenStore & { target: string } };

/** The process's database, opened (and migrated) on first use. */
export function getStore(): GenerationStore {
  return currentStore().store;
}

function currentStore(): OpenStore {
  // Keyed by where it points, so a test that moves DATABASE_PATH gets a store on its own file.
  const target = env.DATABASE_URL ?? env.DATABASE_PATH;
  if (!holder.__lumaStore || holder.__lumaStore.target !== target) holder.__lumaStore = { target, ...openStore() };
  return holder.__lumaStore;
}

function openStore(): OpenStore {
  if (env.DATABASE_URL) {
    // Other instances hold leases in the same database: none is released here, a dead instance's expire.
    return { store: whenOpen(createPostgresStore(env.DATABASE_URL)), releaseLeasesOfDeadProcesses: async () => 0 };
  }
  const store = new SqliteStore(env.DATABASE_PATH);
  return { store, releaseLeasesOfDeadProcesses: () => store.releaseAllLeases() };
}

/**
 * A store usable at once whose every call waits for it to open: PostgreSQL connects and migrates
 * asynchronously, and getStore() stays synchronous for its many callers. A store that failed to open fails
 * every call with that error (boot pings it first, so a wrong DATABASE_URL stops the start).
 */
function whenOpen(opening: Promise<GenerationStore>): GenerationStore {
  opening.catch(() => undefined); // Reported by the first call that awaits it, not as an unhandled rejection.
  return new Proxy({ dialect: "postgres" } as GenerationStore, {
    get(target, name) {
      if (name === "dialect") return target.dialect;
      // Not a promise itself: `await getStore()` must not find a `then` here.
      if (typeof name !== "string" || name === "then") return undefined;
      return async (...args: unknown[]) => {
        const store = await opening;
        return (store[name as keyof GenerationStore] as (...args: unknown[]) => unknown).apply(store, args);
      };
    },
  });
}

/**
 * At boot. SQLite has one writer process per database file, so every lease left in it belongs to a process
 * that died: all are released and the work resumes at once. PostgreSQL instances share the work and must never
 * release each other's leases (the store contract has no such call on purpose): there a dead one's expire.
 */
export function releaseLeasesOfDeadProcesses(): Promise<number> {
  return currentStore().releaseLeasesOfDeadProcesses();
}

/** At shutdown: closes the store (a later getStore() would open it again). */
export async function closeStore(): Promise<void> {
  const current = holder.__lumaStore;
  holder.__lumaStore = undefined;
  await current?.store.close();
}
