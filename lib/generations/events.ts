import "server-only";
import { getGenerationById } from "@/lib/db/queries";
import type { GenerationRow } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { createMemoryLiveBus, createPgLiveBus, type LiveBus } from "@/lib/shared-state/live-bus";
import { sharedStatePool } from "@/lib/shared-state/pool";
import type { GenerationEvent } from "./types";
import { toGenerationJson } from "./read";

// One bus per process: route handlers (SSE) and the reconciler (instrumentation) are separate module instances.
const holder = globalThis as typeof globalThis & { __lumaLiveBus?: LiveBus };

/**
 * This process alone by default; with DATABASE_URL, every app instance, so a browser sees each change whichever
 * instance made it and whichever one the browser is connected to.
 */
export function liveBus(): LiveBus {
  const url = env.DATABASE_URL;
  holder.__lumaLiveBus ??= url
    ? createPgLiveBus({
        connectionString: url,
        publisher: () => sharedStatePool(url),
        readGeneration: async (id) => {
          const row = await getGenerationById(id);
          return row ? toGenerationJson(row) : null;
        },
      })
    : createMemoryLiveBus();
  return holder.__lumaLiveBus;
}

export function publish(event: GenerationEvent): void {
  liveBus().publish(event);
}

export function publishGeneration(row: GenerationRow): void {
  publish({ type: "generation", generation: toGenerationJson(row) });
}

export function subscribe(listener: (event: GenerationEvent) => void): () => void {
  return liveBus().subscribe(listener);
}
