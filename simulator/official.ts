/**
 * Luma's own API (the Agents API, luma-api.md §5.2) as the simulator speaks it on `/v1/generations`: the request
 * checks and the 422 combination rules Ray 3.2 documents, and the Generation object it answers with. Unknown
 * fields are ignored, as a real API does.
 */
import type { Job, JobState } from "./jobs";
import type { AspectRatio } from "./media";
import type { RenderContext } from "./generation-json";
import { downloadUrl } from "./generation-json";

export const OFFICIAL_MODEL = "ray-3.2";
const TYPES = ["video", "video_edit", "video_reframe"] as const;
const ASPECT_RATIOS: readonly AspectRatio[] = ["9:16", "3:4", "1:1", "4:3", "16:9", "21:9"];
const RESOLUTIONS = ["540p", "720p", "1080p"];
const DURATIONS = ["5s", "10s"];
const STRENGTHS = ["adhere_1", "adhere_2", "adhere_3", "flex_1", "flex_2", "flex_3", "reimagine_1", "reimagine_2", "reimagine_3"];

export type OfficialRequest = {
  type: (typeof TYPES)[number];
  model: string;
  prompt: string;
  aspectRatio: AspectRatio;
  /** The job this one continues, bridges from, edits or reframes. */
  parentId: string | null;
};

type Fields = Record<string, unknown>;
/** 400: malformed; 422: well-formed but refused (a bad combination, a reference that cannot be used). */
export type OfficialResult = { ok: true; value: OfficialRequest } | { ok: false; status: 400 | 422; detail: string };

const isObject = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);
const present = (fields: Fields, key: string) => fields[key] !== undefined && fields[key] !== null;

export type JobLookup = (id: string) => { job: Job; state: JobState } | undefined;

/** An ImageRef: exactly one of url, data (+ media_type) or generation_id. Answers the problem, or the referenced job id. */
function checkRef(
  ref: unknown,
  where: string,
  lookup: JobLookup,
  isClip: boolean,
): { problem: OfficialResult & { ok: false } } | { generationId: string | null } {
  const fail = (status: 400 | 422, detail: string) => ({ problem: { ok: false as const, status, detail } });
  if (!isObject(ref)) return fail(400, `${where} must be an object with url, data or generation_id`);
  const given = ["url", "data", "generation_id"].filter((key) => present(ref, key));
  if (given.length !== 1) return fail(400, `${where}: provide exactly one of url, data or generation_id`);
  if (present(ref, "url")) {
    const url = ref.url;
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) return fail(400, `${where}.url must be an http(s) URL`);
    if (isClip && !(typeof ref.media_type === "string" && ref.media_type.startsWith("video/")))
      return fail(400, `${where}.media_type (video/*) is required with a video URL`);
  }
  if (present(ref, "data")) {
    if (typeof ref.data !== "string" || ref.data === "") return fail(400, `${where}.data must be base64`);
    if (typeof ref.media_type !== "string") return fail(400, `${where}.media_type is required with data`);
  }
  if (present(ref, "generation_id")) {
    const id = ref.generation_id;
    const found = typeof id === "string" ? lookup(id) : undefined;
    if (!found || found.job.format !== "official") return fail(422, `${where}.generation_id does not name a generation of this account`);
    if (found.state !== "completed") return fail(422, `${where}.generation_id must be a completed generation`);
    return { generationId: found.job.id };
  }
  return { generationId: null };
}

export function validateOfficialCreate(body: unknown, lookup: JobLookup): OfficialResult {
  const refuse = (status: 400 | 422, detail: string): OfficialResult => ({ ok: false, status, detail });
  if (!isObject(body)) return refuse(400, "Request body must be a JSON object");
  const { prompt } = body;
  if (typeof prompt !== "string" || prompt.trim().length === 0) return refuse(400, "prompt is required (1-6000 characters)");
  if (prompt.length > 6000) return refuse(400, "prompt must be at most 6000 characters");
  const type = present(body, "type") ? body.type : "image";
  if (!TYPES.includes(type as OfficialRequest["type"])) return refuse(400, `type ${String(type)} is not a video type: use video, video_edit or video_reframe`);
  if (body.model !== OFFICIAL_MODEL) return refuse(400, `model ${JSON.stringify(body.model ?? null)} cannot make video: use ${OFFICIAL_MODEL}`);
  const aspectRatio = present(body, "aspect_ratio") ? body.aspect_ratio : "16:9";
  if (!ASPECT_RATIOS.includes(aspectRatio as AspectRatio)) return refuse(400, `aspect_ratio must be one of ${ASPECT_RATIOS.join(", ")}`);

  if (present(body, "video") && !isObject(body.video)) return refuse(400, "video must be an object");
  const video: Fields = isObject(body.video) ? body.video : {};
  if (present(video, "resolution") && !RESOLUTIONS.includes(video.resolution as string))
    return refuse(400, `video.resolution must be one of ${RESOLUTIONS.join(", ")}`);
  if (present(video, "duration") && !DURATIONS.includes(video.duration as string)) return refuse(400, `video.duration must be one of ${DURATIONS.join(", ")}`);
  for (const key of ["loop", "hdr", "exr_export"]) {
    if (present(video, key) && typeof video[key] !== "boolean") return refuse(400, `video.${key} must be a boolean`);
  }

  let parentId: string | null = null;
  for (const key of ["start_frame", "end_frame"]) {
    if (!present(video, key)) continue;
    const checked = checkRef(video[key], `video.${key}`, lookup, false);
    if ("problem" in checked) return checked.problem;
    parentId ??= checked.generationId;
  }
  if (type === "video" && present(body, "source")) return refuse(422, "source is only used by video_edit and video_reframe");
  if (type !== "video") {
    if (!present(body, "source")) return refuse(400, `source is required for ${String(type)}`);
    const checked = checkRef(body.source, "source", lookup, true);
    if ("problem" in checked) return checked.problem;
    parentId = checked.generationId;
  }
  if (present(video, "edit")) {
    if (type !== "video_edit") return refuse(422, "video.edit is only valid when type is video_edit");
    const edit = isObject(video.edit) ? video.edit : {};
    if (present(edit, "strength") && !STRENGTHS.includes(edit.strength as string))
      return refuse(400, `video.edit.strength must be one of ${STRENGTHS.join(", ")}`);
  }

  // The combination rules Ray 3.2 documents, answered the way Luma does: 422.
  const duration = (video.duration as string | undefined) ?? "5s";
  const resolution = (video.resolution as string | undefined) ?? "720p";
  const hasFrames = present(video, "start_frame") || present(video, "end_frame");
  if (duration === "10s" && (hasFrames || type !== "video")) return refuse(422, "10s duration is text-to-video only: remove start_frame/end_frame or use 5s");
  if (video.loop === true) {
    if (type !== "video") return refuse(422, "loop is only valid for type=video");
    if (duration === "10s") return refuse(422, "loop is not supported with duration=10s");
    if (video.hdr === true) return refuse(422, "loop is not supported with hdr=true");
    if (present(video, "end_frame")) return refuse(422, "loop is not supported with end_frame");
  }
  if (video.hdr === true) {
    if (type === "video_reframe") return refuse(422, "hdr is not supported for video_reframe");
    if (resolution === "540p") return refuse(422, "hdr requires 720p or 1080p");
    if (duration !== "5s") return refuse(422, "hdr requires duration=5s");
  }
  if (video.exr_export === true && video.hdr !== true) return refuse(422, "exr_export requires hdr=true");

  return { ok: true, value: { type: type as OfficialRequest["type"], model: OFFICIAL_MODEL, prompt, aspectRatio: aspectRatio as AspectRatio, parentId } };
}

const OFFICIAL_STATE: Record<JobState, string> = { pending: "queued", processing: "processing", completed: "completed", failed: "failed" };

/** The Generation object; output links are presigned and expire like S3's. */
export function officialGenerationJson(job: Job, state: JobState, ctx: RenderContext, options: { withoutMedia?: boolean } = {}) {
  const output = state === "completed" && !options.withoutMedia ? [{ type: "video", url: downloadUrl(ctx, job) }] : [];
  return {
    id: job.id,
    created_at: new Date(job.createdAtMs).toISOString(),
    model: OFFICIAL_MODEL,
    type: job.type,
    state: OFFICIAL_STATE[state],
    failure_code: state === "failed" ? job.failureCode : null,
    failure_reason: state === "failed" ? job.failureReason : null,
    output,
  };
}
