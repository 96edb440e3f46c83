/** Enumerations shared by the form, the route, the database and the UI. Client-safe: no imports. */

/** Platform format documents the first five; Luma's official API adds the two cinema ratios. */
export const ASPECT_RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];
export const DEFAULT_ASPECT_RATIO: AspectRatio = "16:9";

/** Models offered in the form; an empty choice means "let the gateway pick" (model is sent only when set). */
export const MODELS = ["ray-v1", "ray-v2", "ray-v3"] as const;
export type Model = (typeof MODELS)[number];

/**
 * Our lifecycle. `submitting` exists because the row is written before the upstream call;
 * `unknown` because a create that timed out may still have been accepted (and charged) upstream;
 * `timed_out` because a job stuck upstream must stop being polled yet stay re-checkable.
 */
export const GENERATION_STATES = [
  "submitting",
  "unknown",
  "queued",
  "running",
  "completed",
  "failed",
  "timed_out",
] as const;
export type GenerationState = (typeof GENERATION_STATES)[number];

export const UNFINISHED_STATES = ["submitting", "unknown", "queued", "running"] as const satisfies readonly GenerationState[];
export const TERMINAL_STATES = ["completed", "failed", "timed_out"] as const satisfies readonly GenerationState[];

export function isUnfinished(state: GenerationState): boolean {
  return (UNFINISHED_STATES as readonly string[]).includes(state);
}

/**
 * Why a generation ended without a video, as a code the UI words in the viewer's language; the row's
 * `failureReason` keeps the details (the upstream's own words). `outcome_unknown`: the create's answer was
 * lost, so the clip may or may not exist (and may have been charged).
 */
export const FAILURE_CODES = ["outcome_unknown", "moderation", "frames", "no_video", "upstream_lost", "upstream_failed"] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export const PROMPT_MAX_LENGTH = 5000;
export const LIST_DEFAULT_LIMIT = 30;
export const LIST_MAX_LIMIT = 100;
/** Most ids one bulk delete or zip takes: the gallery's "Select all" over everything a person has scrolled through. */
export const BULK_IDS_MAX = 10_000;

/** Pixel sizes Luma answers with, used for previews and placeholders before a clip exists. */
export const ASPECT_RATIO_SIZES: Record<AspectRatio, { width: number; height: number }> = {
  "16:9": { width: 1360, height: 752 },
  "9:16": { width: 752, height: 1360 },
  "1:1": { width: 1024, height: 1024 },
  "4:3": { width: 1168, height: 864 },
  "3:4": { width: 864, height: 1168 },
  "21:9": { width: 1568, height: 672 },
  "9:21": { width: 672, height: 1568 },
};
