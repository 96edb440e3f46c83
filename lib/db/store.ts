import "server-only";
import { env } from "@/lib/env";
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
  const target = env.DATABASE_PATH;
  if (!holder.__lumaStore || holder.__lumaStore.target !== target) holder.__lumaStore = { target, ...openStore() };
  return holder.__lumaStore;
}

function openStore(): OpenStore {
  // PostgreSQL plugs in here: when env.DATABASE_URL is set, `createPostgresStore(env.DATABASE_URL)` with a
  // releaseLeasesOfDeadProcesses that releases nothing (and the target above becomes the URL).
  const store = new SqliteStore(env.DATABASE_PATH);
  return { store, releaseLeasesOfDeadProcesses: () => store.releaseAllLeases() };
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
