import "server-only";
import { EventEmitter } from "node:events";
import type { GenerationRow } from "@/lib/db/schema";
import type { GenerationEvent } from "./types";
import { toGenerationJson } from "./read";

// One bus per process: route handlers (SSE) and the reconciler (instrumentation) are separate module instances.
const holder = globalThis as typeof globalThis & { __lumaEvents?: EventEmitter };
function bus(): EventEmitter {
  if (!holder.__lumaEvents) {
    holder.__lumaEvents = new EventEmitter();
    holder.__lumaEvents.setMaxListeners(0);
  }
  return holder.__lumaEvents;
}

/**
 * In-process fan-out to open SSE streams. With several app instances (Postgres), this is the seam
 * where LISTEN/NOTIFY would feed the same bus.
 */
export function publish(event: GenerationEvent): void {
  bus().emit("event", event);
}

export function publishGeneration(row: GenerationRow): void {
  publish({ type: "generation", generation: toGenerationJson(row) });
}

export function subscribe(listener: (event: GenerationEvent) => void): () => void {
  bus().on("event", listener);
  return () => bus().off("event", listener);
}
