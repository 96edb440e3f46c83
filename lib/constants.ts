/** Enumerations shared by the form, the route, the database and the UI. Client-safe: no imports. */

/** Platform format documents the first five; Luma's official API adds the two cinema ratios. */
export const ASPECT_RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];
export const DEFAULT_ASPECT_RATIO: AspectRatio = "16:9";

/** Models gateways take (Ray 1.6, Ray 2, Ray 3.x); which of them a gateway offers is its profile's business (lib/luma/profiles.ts). */
export const MODELS = ["ray-v1", "ray-v2", "ray-v3"] as const;
export type Model = (typeof MODELS)[number];

/** Luma's own API (the Agents API) has one video model. */
export const OFFICIAL_MODEL = "ray-3.2";

/** Every model a named upstream offers, for the gallery's model filter (a custom gateway's own names are kept too). */
export const KNOWN_MODELS = [...MODELS, OFFICIAL_MODEL] as const;

/**
 * Video options in our own spelling; each upstream spells them its own way on the wire ("5s", "5", …).
 * Which of them an upstream takes is in its capabilities (lib/luma/capabilities.ts).
 */
export const VIDEO_RESOLUTIONS = ["540p", "720p", "1080p"] as const;
export type VideoResolution = (typeof VIDEO_RESOLUTIONS)[number];
export const VIDEO_DURATIONS = ["5s", "9s", "10s"] as const;
export type VideoDuration = (typeof VIDEO_DURATIONS)[number];

/** Camera moves a person can ask for; sent as a field where the upstream has one, otherwise said in the prompt. */
export const CAMERA_MOVES = [
  "static",
  "push_in",
  "pull_out",
  "pan_left",
  "pan_right",
  "tilt_up",
  "tilt_down",
  "orbit_left",
  "orbit_right",
  "crane_up",
  "crane_down",
  "truck_left",
  "truck_right",
  "dolly_zoom",
  "tracking",
  "aerial",
  "handheld",
] as const;
export type CameraMove = (typeof CAMERA_MOVES)[number];

/** What Luma's own API is asked to make: a new clip, a restyled one (edit), or one with another aspect ratio (reframe). */
export const UPSTREAM_GENERATION_TYPES = ["video", "video_edit", "video_reframe"] as const;
export type UpstreamGenerationType = (typeof UPSTREAM_GENERATION_TYPES)[number];

/** How a generation came about, for lineage: a fresh clip, an extension either way, a bridge between two clips, an edit, a reframe. */
export const GENERATION_KINDS = ["video", "extend", "extend_backward", "interpolate", "video_edit", "video_reframe"] as const;
export type GenerationKind = (typeof GENERATION_KINDS)[number];

/** What the detail view can make from a finished clip besides a forward extend: one route takes them all (`POST /api/generations/{id}/derive`). */
export const DERIVE_ACTIONS = ["extend_backward", "interpolate", "video_edit", "video_reframe"] as const satisfies readonly GenerationKind[];
export type DeriveAction = (typeof DERIVE_ACTIONS)[number];

/** How much a video edit keeps of its source: adhere (closest) → flex → reimagine (loosest), three steps each. */
export const EDIT_STRENGTHS = ["adhere_1", "adhere_2", "adhere_3", "flex_1", "flex_2", "flex_3", "reimagine_1", "reimagine_2", "reimagine_3"] as const;
export type EditStrength = (typeof EDIT_STRENGTHS)[number];

/**
 * Our lifecycle. `submitting` exists because the row is written before the upstream call;
 * `unknown` because a create that timed out may still have been accepted (and charged) upstream;
 * `timed_out` because a job stuck upstream must stop being polled yet stay re-checkable.
 */
export const GENERATION_STATES = ["submitting", "unknown", "queued", "running", "completed", "failed", "timed_out"] as const;
export type GenerationState = (typeof GENERATION_STATES)[number];

/** The gateway as the studio last saw it (the banner, /api/status, readiness and metrics). */
export const UPSTREAM_HEALTH_STATES = ["ok", "auth_failed", "rate_limited", "unreachable"] as const;
export type UpstreamHealth = (typeof UPSTREAM_HEALTH_STATES)[number];

export const UNFINISHED_STATES = ["submitting", "unknown", "queued", "running"] as const satisfies readonly GenerationState[];

export function isUnfinished(state: GenerationState): boolean {
  return (UNFINISHED_STATES as readonly string[]).includes(state);
}

/**
 * Why a generation ended without a video, as a code the UI words in the viewer's language; the row's
 * `failureReason` keeps the details (the upstream's own words). `outcome_unknown`: the create's answer was
 * lost, so the clip may or may not exist (and may have been charged).
 */
export const FAILURE_CODES = [
  "outcome_unknown",
  "moderation",
  "frames",
  "no_video",
  "upstream_lost",
  "upstream_failed",
  // From Luma's own API (`failure_code`), where the platform format only has free text.
  "generation_failed",
  "output_not_found",
  "budget_exhausted",
  "input_too_large",
  "input_unsupported",
  "input_corrupt",
  "invalid_request",
  "rate_limited",
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/** Failures for which Luma documents "retry the same request" as the remedy (a one-click retry). */
const RETRYABLE_FAILURE_CODES = ["generation_failed", "output_not_found"] as const satisfies readonly FailureCode[];

export function isRetryableFailure(code: FailureCode | null): boolean {
  return (RETRYABLE_FAILURE_CODES as readonly string[]).includes(code ?? "");
}

/** A generation id as the routes accept it (ours and the upstreams' ids alike); a source for the regexes built on it. */
export const GENERATION_ID_PATTERN = "[A-Za-z0-9_-]{8,64}";
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
