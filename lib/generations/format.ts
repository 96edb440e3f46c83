import { ASPECT_RATIO_SIZES, isUnfinished, type GenerationState } from "@/lib/constants";
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

/** Luma's estimate is relative to when we last heard from it, so count down from that moment. */
export function remainingSeconds(generation: Pick<Generation, "estimateWaitSeconds" | "updatedAt">, now: number): number | null {
  if (generation.estimateWaitSeconds === null) return null;
  const sinceUpdate = (now - Date.parse(generation.updatedAt)) / 1000;
  return Math.max(0, generation.estimateWaitSeconds - sinceUpdate);
}

export function hasUnfinished(generations: readonly Pick<Generation, "state">[]): boolean {
  return generations.some((generation) => isUnfinished(generation.state));
}

/** What the gallery's state filter asks the API for (`state=a,b`). */
export const STATE_FILTERS = {
  all: [],
  in_progress: ["submitting", "unknown", "queued", "running"],
  completed: ["completed"],
  failed: ["failed", "timed_out"],
} as const satisfies Record<string, readonly GenerationState[]>;
export type StateFilter = keyof typeof STATE_FILTERS;

export function isStateFilter(value: string | undefined): value is StateFilter {
  return value !== undefined && Object.hasOwn(STATE_FILTERS, value);
}
