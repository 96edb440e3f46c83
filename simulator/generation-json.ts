/** The generation objects the gateway answers with (platform format, docs/luma-api.md §2). */
import { randomBytes } from "node:crypto";
import { stateWord, taskStatus, type Dialect } from "./dialects";
import { estimateWaitSeconds, type Job, type JobState } from "./jobs";
import { CLIP_DURATION_SECONDS, MEDIA_SIZES } from "./media";
import type { Presigner } from "./presign";
import type { CreateResponseShape } from "./scenario";

export type RenderContext = { baseUrl: string; presigner: Presigner; nowMs: number };

/** Luma's timestamps carry microseconds. */
function createdAt(job: Job): string {
  return new Date(job.createdAtMs).toISOString().replace("Z", "000Z");
}

export function mediaUrl(baseUrl: string, job: Job, file: string): string {
  return `${baseUrl}/media/${job.id}/${file}`;
}

export function downloadUrl(ctx: RenderContext, job: Job): string {
  return `${ctx.baseUrl}/signed/${job.id}/video.mp4?${ctx.presigner.sign(job.id, ctx.nowMs)}`;
}

/** The seed document's 201 body, key for key, plus the extras some gateways add. */
export function pendingGenerationJson(job: Job, nowMs: number) {
  return {
    created_at: createdAt(job),
    estimate_wait_seconds: estimateWaitSeconds(job, nowMs),
    id: job.id,
    last_frame: null,
    liked: null,
    prompt: job.prompt,
    state: "pending" as const,
    thumbnail: null,
    video: null,
    queue_state: null,
    batch_id: job.batchId,
    video_raw: null,
  };
}

export function createAnswer(shape: CreateResponseShape, job: Job, nowMs: number): { status: number; body: unknown } {
  const generation = pendingGenerationJson(job, nowMs);
  switch (shape) {
    case "201":
      return { status: 201, body: generation };
    case "200":
      return { status: 200, body: generation };
    case "array":
      return { status: 201, body: [generation] };
    case "task_id":
      return { status: 200, body: { task_id: job.id } };
  }
}

function completedMedia(job: Job, ctx: RenderContext) {
  const size = MEDIA_SIZES[job.aspectRatio];
  const video = { url: mediaUrl(ctx.baseUrl, job, "watermarked.mp4"), ...size };
  const videoRaw = { url: mediaUrl(ctx.baseUrl, job, "raw.mp4"), ...size };
  const thumbnail = {
    url: mediaUrl(ctx.baseUrl, job, "thumb.jpg"),
    ...size,
    media_type: "image/jpeg",
    palette: { colors: ["#e1ab5c", "#6b1ae6", "#4d8ab4", "#94c83c"] },
  };
  const lastFrame = { url: mediaUrl(ctx.baseUrl, job, "last_frame.jpg"), ...size };
  return {
    video: { ...video, download_url: downloadUrl(ctx, job) },
    video_raw: videoRaw,
    thumbnail,
    last_frame: lastFrame,
    artifact: {
      video,
      thumbnail,
      video_raw: { ...videoRaw, duration: CLIP_DURATION_SECONDS },
      last_frame: lastFrame,
    },
  };
}

const NO_MEDIA = { video: null, video_raw: null, thumbnail: null, last_frame: null, artifact: null };

/**
 * What GET answers, in the late-2024 superset shape. `withoutMedia` renders the "completed but the
 * URLs are not there yet" answer some gateways give for a while after completion.
 */
export function generationJson(job: Job, state: JobState, ctx: RenderContext, options: { withoutMedia?: boolean } = {}) {
  const media = state === "completed" && !options.withoutMedia ? completedMedia(job, ctx) : NO_MEDIA;
  return {
    id: job.id,
    prompt: job.prompt,
    state,
    created_at: createdAt(job),
    estimate_wait_seconds: state === "pending" ? estimateWaitSeconds(job, ctx.nowMs) : null,
    liked: null,
    queue_state: null,
    batch_id: job.batchId,
    ...media,
    request: { prompt: job.prompt, aspect_ratio: job.aspectRatio },
    failure_reason: state === "failed" ? job.failureReason : null,
  };
}

function requestId(): string {
  return randomBytes(8).toString("hex");
}

/** A create's answer in the dialect's shape: a v2 task id, fast-token's task envelope, or the seed's object. */
export function dialectCreateAnswer(dialect: Dialect, shape: CreateResponseShape, job: Job, nowMs: number): { status: number; body: unknown } {
  if (job.isV2Task) return { status: 200, body: { task_id: job.id } };
  if (dialect.envelope === "task") {
    return { status: 200, body: { code: "success", message: "", request_id: requestId(), data: { task_id: job.id, task_status: taskStatus("pending") } } };
  }
  const answer = createAnswer(shape, job, nowMs);
  if (dialect.stateWords === "platform") return answer;
  const renamed = (generation: unknown) => ({ ...(generation as object), state: stateWord(dialect, "pending") });
  return { ...answer, body: Array.isArray(answer.body) ? answer.body.map(renamed) : "state" in (answer.body as object) ? renamed(answer.body) : answer.body };
}

/** A status answer in the dialect's shape: renamed states, fast-token's envelope, or a v2 task's two videos. */
export function dialectGenerationJson(dialect: Dialect, job: Job, state: JobState, ctx: RenderContext, options: { withoutMedia?: boolean } = {}): unknown {
  const generation = { ...generationJson(job, state, ctx, options), state: stateWord(dialect, state) };
  if (job.isV2Task) {
    // Two videos per task, each its own generation id; the task id is the one the create answered.
    return { data: [1, 2].map((index) => ({ ...generation, id: `${job.id}-${index}` })) };
  }
  if (dialect.envelope === "task") {
    return { code: "success", message: "", request_id: requestId(), data: { task_id: job.id, task_status: taskStatus(state), data: generation } };
  }
  return generation;
}
