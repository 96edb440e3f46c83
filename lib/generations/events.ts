import "server-only";
import { getStore } from "@/lib/db/store";
import type { GenerationRow } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { closeAllStreams, closeStreamsOf, sessionHolder } from "@/lib/security/live-streams";
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
          const row = await getStore().getGenerationById(id);
          return row ? toGenerationJson(row) : null;
        },
        onSignOut: (sessionId) => void closeStreamsOf(sessionHolder(sessionId)),
        // Browsers whose stream ends reconnect and reload their lists, which catches up on what was missed.
        onResumed: () => {
          const closed = closeAllStreams();
          if (closed > 0) log.info("live streams restarted to catch up after a lost database connection", { closed });
        },
      })
    : createMemoryLiveBus();
  return holder.__lumaLiveBus;
}

/**
 * Whether this instance hears what the others publish, waiting up to `timeoutMs`. Right after a boot the
 * listening connection takes a moment; a stream answered before it is up misses the other instances' events
 * while the browser takes it for live, and nothing ever tells the page to catch up.
 */
export async function isLiveBusListening(timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      liveBus()
        .whenListening()
        .then(() => true as const),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
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

/** Sign-out ends the session's live streams on this instance now, and on every other one shortly after. */
export function closeSessionStreams(sessionId: string): void {
  closeStreamsOf(sessionHolder(sessionId));
  liveBus().shareSignOut(sessionId);
}

/** At shutdown: stops listening and sends what is still queued. */
export async function closeLiveBus(): Promise<void> {
  await holder.__lumaLiveBus?.close();
  holder.__lumaLiveBus = undefined;
}
