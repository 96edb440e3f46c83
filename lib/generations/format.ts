import { ASPECT_RATIO_SIZES, UNFINISHED_STATES, type GenerationState } from "@/lib/constants";
import type { Generation } from "./types";

/** Client-safe helpers for showing a generation; no I/O. */

/** The clip's pixel size, or the size Luma answers with for its ratio while no clip exists yet. */
export function mediaSize(generation: Pick<Generation, "width" | "height" | "aspectRatio">): { width: number; height: number } {
  if (generation.width && generation.height) return { width: generation.width, height: generation.height };
  return ASPECT_RATIO_SIZES[generation.aspectRatio];
}

export function elapsedSeconds(generation: Pick<Generation, "createdAt" | "completedAt">, now: number): number {
  const end = generation.completedAt ? Date.parse(generation.completedAt) : now;
  return Math.max(0, (end - Date.parse(generation.createdAt)) / 1000);
}

/** The line under an unfinished card's elapsed time; null when the state badge says it all (rendering). */
export type ProgressNote = { kind: "sending" } | { kind: "queued" } | { kind: "startsIn"; seconds: number } | { kind: "queuedLonger" } | null;

/**
 * What to say about progress, in agreement with the state. Luma's estimate is the wait left in its queue,
 * counted from when we last heard from it, so it means something only while queued and before it runs out;
 * after that the honest thing is that the queue is slower than estimated, never "0s left".
 */
export function progressNote(generation: Pick<Generation, "state" | "estimateWaitSeconds" | "updatedAt">, now: number): ProgressNote {
  if (generation.state === "submitting") return { kind: "sending" };
  if (generation.state !== "queued") return null;
  if (generation.estimateWaitSeconds === null) return { kind: "queued" };
  const left = generation.estimateWaitSeconds - (now - Date.parse(generation.updatedAt)) / 1000;
  // Under a second would read "0s": the estimate has run out by then.
  return left >= 1 ? { kind: "startsIn", seconds: Math.ceil(left) } : { kind: "queuedLonger" };
}

/** What the gallery's state filter asks the API for (`state=a,b`). */
export const STATE_FILTERS = {
  all: [],
  in_progress: UNFINISHED_STATES,
  completed: ["completed"],
  failed: ["failed", "timed_out"],
} as const satisfies Record<string, readonly GenerationState[]>;
export type StateFilter = keyof typeof STATE_FILTERS;

export function isStateFilter(value: string | undefined): value is StateFilter {
  return value !== undefined && Object.hasOwn(STATE_FILTERS, value);
}
