/** Simulated generations. State is derived from a clock since creation, so nothing has to tick. */
import { randomUUID } from "node:crypto";
import type { AspectRatio } from "./media";
import { isPickedAtRate, parsePromptTags, type SimulatorScenario } from "./scenario";

export type JobState = "pending" | "processing" | "completed" | "failed";

/** Which format made the job: a gateway route (`/luma/…`) or Luma's own API (`/v1/generations`). */
export type JobFormat = "platform" | "official";

export type Job = {
  readonly id: string;
  readonly format: JobFormat;
  /** Official format: video | video_edit | video_reframe. */
  readonly type: string;
  /** Made through a gateway's v2 route: answered as a task with two videos. */
  readonly isV2Task: boolean;
  readonly batchId: string;
  readonly createdAtMs: number;
  readonly prompt: string;
  readonly aspectRatio: AspectRatio;
  readonly model: string | null;
  readonly parentId: string | null;
  readonly notifyHook: string | null;
  readonly pendingMs: number;
  readonly processingMs: number;
  readonly failureReason: string | null;
  /** Official format: the machine-readable code that goes with `failureReason`. */
  readonly failureCode: string | null;
  readonly isStuckByTag: boolean;
  /** Cleared when the global `stuck` flag is switched off, which lets these jobs finish. */
  isStuckByScenario: boolean;
  /** GETs left that answer "completed" without media. */
  noUrlPollsLeft: number;
  /** Whole-file downloads of the watermark-free copy left that are cut mid-stream. */
  cleanCutsLeft: number;
};

export type NewJob = {
  prompt: string;
  aspectRatio: AspectRatio;
  model: string | null;
  parentId: string | null;
  notifyHook: string | null;
  format?: JobFormat;
  type?: string;
  isV2Task?: boolean;
};

export type JobTimings = { pendingSeconds: number; processingSeconds: number };

/**
 * The job's fate is fixed at creation from the scenario of that moment plus the prompt's tags. `ordinal` is the
 * job's 1-based place in creation order (which jobs a cut rate picks).
 */
export function createJob(input: NewJob, scenario: SimulatorScenario, timings: JobTimings, nowMs: number, ordinal = 1): Job {
  const tags = parsePromptTags(input.prompt);
  const isCutByRate = isPickedAtRate(ordinal, scenario.cleanDownloadCutRate ?? 0);
  const code = tags.failureCode ?? scenario.failWithCode ?? null;
  const failureReason = tags.failureReason ?? scenario.failWithReason ?? (code ? `Generation failed (${code})` : null);
  return {
    ...input,
    format: input.format ?? "platform",
    type: input.type ?? "video",
    isV2Task: input.isV2Task ?? false,
    id: randomUUID(),
    batchId: randomUUID(),
    createdAtMs: nowMs,
    pendingMs: timings.pendingSeconds * 1000,
    processingMs: (tags.processingSeconds ?? timings.processingSeconds) * 1000,
    failureReason,
    failureCode: failureReason === null ? null : (code ?? failureCodeFor(failureReason)),
    isStuckByTag: tags.isStuck,
    isStuckByScenario: scenario.stuck === true,
    noUrlPollsLeft: tags.noUrlPolls ?? scenario.completedWithoutUrlPolls ?? 0,
    cleanCutsLeft: tags.cleanDownloadCuts ?? (isCutByRate ? (scenario.cleanDownloadCuts ?? 3) : 0),
  };
}

export function isJobStuck(job: Job): boolean {
  return job.isStuckByTag || job.isStuckByScenario;
}

export function isTerminal(state: JobState): boolean {
  return state === "completed" || state === "failed";
}

export function jobStateAt(job: Job, nowMs: number): JobState {
  const elapsed = nowMs - job.createdAtMs;
  if (elapsed < job.pendingMs) return "pending";
  if (isJobStuck(job) || elapsed < job.pendingMs + job.processingMs) return "processing";
  return job.failureReason === null ? "completed" : "failed";
}

/** When the state will next change, or null if it never will (terminal or stuck). */
export function nextChangeAt(job: Job, nowMs: number): number | null {
  const state = jobStateAt(job, nowMs);
  if (state === "pending") return job.createdAtMs + job.pendingMs;
  if (state === "processing" && !isJobStuck(job)) return job.createdAtMs + job.pendingMs + job.processingMs;
  return null;
}

/** Whole seconds left in the queue, as the gateway's countdown shows it. */
export function estimateWaitSeconds(job: Job, nowMs: number): number {
  return Math.max(0, Math.ceil((job.createdAtMs + job.pendingMs - nowMs) / 1000));
}

/** Luma's API names why a job failed; a reason given only in words gets the code it would come with. */
function failureCodeFor(reason: string): string {
  return /moderat|blacklist|prohibited|policy/i.test(reason) ? "content_moderated" : "generation_failed";
}
