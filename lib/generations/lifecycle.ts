import type { GenerationState } from "@/lib/constants";
import type { GenerationRow, NewGenerationRow } from "@/lib/db/schema";
import type { UpstreamSnapshot } from "@/lib/luma/types";
import { failureCodeFor } from "./failure";
import { serializeRawUpstream } from "./raw-upstream";

/**
 * The lifecycle rules, as pure functions of (row, what the upstream said, now): the reconciler,
 * the callback receiver and manual re-checks all go through here, so every path agrees.
 */
export type LifecycleConfig = {
  completedWithoutUrlGraceMs: number;
  timeoutMs: number;
  /** STATUS_CHECK_INTERVAL_MS: the first wait between status checks; every later wait is a multiple of it. */
  checkIntervalMs: number;
};

const NO_VIDEO_REASON = "Luma reported the job as finished but never provided a video";
export const UPSTREAM_LOST_REASON = "The gateway no longer knows this job (it answered 404 several times)";
/** Details for an `outcome_unknown` row when nothing more specific was recorded. */
export const UNKNOWN_OUTCOME_REASON = "the create request was cut off before the gateway answered";

/**
 * How long to wait before asking again: quick at first, slower for long jobs (Ray 2 takes minutes). With the
 * default interval of 2 s: 2 s for the first half minute, then 4 s, 8 s, and 15 s after five minutes.
 */
export function nextCheckDelayMs(ageMs: number, intervalMs: number): number {
  if (ageMs < 30_000) return intervalMs;
  if (ageMs < 120_000) return 2 * intervalMs;
  if (ageMs < 300_000) return 4 * intervalMs;
  return 7.5 * intervalMs;
}

/**
 * The other waits between checks, as multiples of the interval (with the default 2 s: 3 s, 5 s and 10 s): a job
 * reported completed without its URL yet, a create whose answer was lost (while a callback may still come), and an
 * `unknown` row with no upstream id, which only a callback can reveal.
 */
export const RECHECK_AFTER_INTERVALS = { missingUrl: 1.5, lostAnswer: 2.5, withoutUpstreamId: 5 } as const;

/** Backoff after failed checks: with the default interval 5 s, 10 s, 20 s … capped at two minutes. */
export function errorBackoffMs(consecutiveErrors: number, intervalMs: number): number {
  return Math.min(60 * intervalMs, 2.5 * intervalMs * 2 ** Math.max(0, consecutiveErrors - 1));
}

type Transition = { patch: Partial<NewGenerationRow>; note: string | null };

export function applySnapshot(row: GenerationRow, snapshot: UpstreamSnapshot, now: number, config: LifecycleConfig): Transition {
  const base: Partial<NewGenerationRow> = {
    upstreamState: snapshot.rawState ?? row.upstreamState,
    rawUpstream: safeStringify(snapshot.raw),
    estimateWaitSeconds: snapshot.estimateWaitSeconds,
    checkAttempts: 0,
    lastCheckError: null,
    leaseUntil: null,
    updatedAt: now,
    // The job answered, so a lost create answer is no longer the story.
    ...(row.failureCode === "outcome_unknown" ? { failureCode: null, failureReason: null } : {}),
  };
  const schedule = now + nextCheckDelayMs(now - row.createdAt, config.checkIntervalMs);
  const state = snapshot.state;

  if (state === "completed" && snapshot.video) {
    return {
      note: null,
      patch: {
        ...base,
        state: "completed",
        failureCode: null,
        failureReason: null,
        videoUrl: snapshot.video.url,
        videoWidth: snapshot.video.width ?? snapshot.thumbnail?.width ?? null,
        videoHeight: snapshot.video.height ?? snapshot.thumbnail?.height ?? null,
        videoDurationSeconds: snapshot.video.durationSeconds,
        thumbnailUrl: snapshot.thumbnail?.url ?? null,
        thumbnailWidth: snapshot.thumbnail?.width ?? null,
        thumbnailHeight: snapshot.thumbnail?.height ?? null,
        lastFrameUrl: snapshot.lastFrame?.url ?? null,
        lastFrameWidth: snapshot.lastFrame?.width ?? null,
        lastFrameHeight: snapshot.lastFrame?.height ?? null,
        estimateWaitSeconds: null,
        completedAt: row.completedAt ?? now,
        nextCheckAt: null,
        completedWithoutUrlSince: null,
        archiveState: "pending",
        archiveNextAt: now,
      },
    };
  }

  if (state === "completed") {
    // Seen in the wild: `completed` arrives before the URL does. Keep looking for a bounded time.
    const since = row.completedWithoutUrlSince ?? now;
    if (now - since >= config.completedWithoutUrlGraceMs) {
      return {
        note: "no video after grace period",
        patch: { ...base, state: "failed", failureCode: "no_video", failureReason: NO_VIDEO_REASON, nextCheckAt: null, completedAt: now },
      };
    }
    return {
      note: row.completedWithoutUrlSince ? null : "completed without a video URL; waiting for it",
      patch: { ...base, state: "running", completedWithoutUrlSince: since, nextCheckAt: now + RECHECK_AFTER_INTERVALS.missingUrl * config.checkIntervalMs },
    };
  }

  if (state === "failed") {
    return {
      note: null,
      patch: {
        ...base,
        state: "failed",
        failureCode: failureCodeFor(snapshot.failureCode, snapshot.failureReason),
        failureReason: snapshot.failureReason ?? "The job failed upstream without a reason",
        nextCheckAt: null,
        completedAt: now,
      },
    };
  }

  const nextState: GenerationState = state === "running" ? "running" : state === "queued" ? "queued" : row.state === "unknown" ? "queued" : row.state;
  return {
    note: null,
    patch: { ...base, state: nextState, nextCheckAt: schedule },
  };
}

/** The gateway's answer as the rawUpstream column keeps it: scrubbed of our callback secret and the key. */
export function safeStringify(value: unknown): string | null {
  return serializeRawUpstream(value);
}
