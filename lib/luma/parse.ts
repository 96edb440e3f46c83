import { z } from "zod";
import { LumaError } from "./errors";
import type { UpstreamMedia, UpstreamOrigin, UpstreamSnapshot, UpstreamState } from "./types";

/**
 * Pure parsing of everything the platform-format gateways answer. Tolerant by design: gateways pass
 * Luma's own JSON through, which changed shape over time, and some wrap it in their own envelopes.
 * A field that does not fit becomes null instead of failing the whole answer.
 */

const STATE_WORDS: Record<UpstreamState, readonly string[]> = {
  queued: ["pending", "queued", "submitted", "waiting", "not_start"],
  running: ["processing", "dreaming", "running", "in_progress"],
  completed: ["completed", "succeeded", "succeed", "success", "finished"],
  failed: ["failed", "failure", "error", "cancelled"],
};

const STATE_BY_WORD = new Map<string, UpstreamState>(
  Object.entries(STATE_WORDS).flatMap(([state, words]) => words.map((word) => [word, state as UpstreamState] as const)),
);

export function normaliseState(raw: string | null | undefined): UpstreamState | null {
  if (!raw) return null;
  return STATE_BY_WORD.get(raw.trim().toLowerCase()) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Field schemas: each one falls back to null rather than rejecting the answer.

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

const numberish = z
  .union([z.number(), z.string().trim().regex(NUMERIC).transform(Number)])
  .nullish()
  .catch(null);

const textish = z
  .union([z.string(), z.number().transform(String)])
  .transform((value) => value.trim() || null)
  .nullish()
  .catch(null);

const reasonish = z
  .union([
    z.string(),
    z.looseObject({ message: z.string() }).transform((value) => value.message),
    z.looseObject({ reason: z.string() }).transform((value) => value.reason),
    z.looseObject({ detail: z.string() }).transform((value) => value.detail),
  ])
  .transform((value) => value.trim() || null)
  .nullish()
  .catch(null);

const urlish = z
  .string()
  .transform((value) => asHttpUrl(value))
  .nullish()
  .catch(null);

const createdAtish = z
  .union([
    z.string().transform((value) => value.trim() || null),
    // Gateway task records use epoch seconds; tolerate milliseconds too.
    z.number().transform((value) => new Date(value < 1e12 ? value * 1000 : value).toISOString()),
  ])
  .nullish()
  .catch(null);

type Media = {
  url: string | null;
  downloadUrl: string | null;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
};

const positive = (value: number | null | undefined) => (value != null && value > 0 ? value : null);

/** A media object, or (official format `assets`) a plain URL string. */
const mediaSchema = z
  .union([z.string(), z.looseObject({ url: urlish, download_url: urlish, width: numberish, height: numberish, duration: numberish })])
  .transform((value): Media =>
    typeof value === "string"
      ? { url: asHttpUrl(value), downloadUrl: null, width: null, height: null, durationSeconds: null }
      : {
          url: value.url ?? null,
          downloadUrl: value.download_url ?? null,
          width: positive(value.width),
          height: positive(value.height),
          durationSeconds: positive(value.duration),
        },
  )
  .nullish()
  .catch(null);

const generationSchema = z.looseObject({
  id: textish,
  task_id: textish,
  state: textish,
  status: textish,
  /** new-api task records (fast-token's envelope). */
  task_status: textish,
  failure_reason: reasonish,
  failure_code: textish,
  fail_reason: reasonish,
  video: mediaSchema,
  video_raw: mediaSchema,
  thumbnail: mediaSchema,
  last_frame: mediaSchema,
  artifact: z.looseObject({ video: mediaSchema, video_raw: mediaSchema, thumbnail: mediaSchema, last_frame: mediaSchema }).nullish().catch(null),
  assets: z.looseObject({ video: mediaSchema, image: mediaSchema }).nullish().catch(null),
  estimate_wait_seconds: numberish,
  created_at: createdAtish,
});

type Generation = z.output<typeof generationSchema>;
type JsonRecord = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Envelopes

const GENERATION_KEYS = ["state", "video", "video_raw", "assets", "artifact"] as const;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasAny(record: JsonRecord, keys: readonly string[]): boolean {
  return keys.some((key) => record[key] != null);
}

/**
 * The objects from the outermost envelope down to the generation: arrays give their first element,
 * and `data` is followed while the object is not itself a generation
 * (`{code, data}`, `{task_id, status, fail_reason, data}`).
 */
function collectLayers(json: unknown): JsonRecord[] {
  const layers: JsonRecord[] = [];
  let current = json;
  for (let depth = 0; depth < 8; depth++) {
    if (Array.isArray(current)) {
      current = current[0];
      continue;
    }
    if (!isRecord(current)) break;
    layers.push(current);
    const data = current.data;
    if ((isRecord(data) || Array.isArray(data)) && !hasAny(current, GENERATION_KEYS)) {
      current = data;
      continue;
    }
    break;
  }
  return layers;
}

/** `id` ?? `[0].id` ?? `task_id` ?? `data.task_id` ?? `data.id`, generalised to deeper envelopes. */
function findUpstreamId(layers: readonly JsonRecord[]): string | null {
  for (const [index, layer] of layers.entries()) {
    const parsed = generationSchema.parse(layer);
    // Below the top, `task_id` wins: gateway task records carry their own numeric row `id` beside it.
    const id = index === 0 ? (parsed.id ?? parsed.task_id) : (parsed.task_id ?? parsed.id);
    if (id) return id;
    if (typeof layer.data === "string" && layer.data.trim()) return layer.data.trim();
  }
  return null;
}

/** Layers that describe the job itself, innermost first; pure `{code, message, data}` envelopes are left out. */
function jobLayers(layers: readonly JsonRecord[]): Generation[] {
  return layers
    .filter((layer, index) => index === layers.length - 1 || hasAny(layer, ["id", "task_id"]))
    .map((layer) => generationSchema.parse(layer))
    .reverse();
}

function firstOf<T>(items: readonly Generation[], pick: (item: Generation) => T | null | undefined): T | null {
  for (const item of items) {
    const value = pick(item);
    if (value != null) return value;
  }
  return null;
}

const QUOTA_WORDS = /quota|balance|\bcredits?\b|\bfunds\b|余额|额度|欠费|充值/i;
const LOOSE_QUOTA_WORDS = /insufficient/i;
const NOT_FOUND_WORDS = /not[\s_-]?found|not[\s_-]?exist|no such|不存在/i;

/** A 2xx body that is really a refusal: `{code:"fail"}`, `{success:false}`, `{error:…}` without a job. */
function envelopeError(json: unknown): LumaError | null {
  const record = Array.isArray(json) ? undefined : isRecord(json) ? json : undefined;
  if (!record) return null;
  const code = typeof record.code === "string" ? record.code.trim().toLowerCase() : null;
  const failed =
    record.success === false ||
    (code !== null && ["fail", "failed", "failure", "error"].includes(code)) ||
    (record.error != null && !hasAny(record, ["id", "task_id", ...GENERATION_KEYS]));
  if (!failed) return null;
  const message = messageFromJson(record);
  const words = message ?? "";
  return new LumaError({
    kind: NOT_FOUND_WORDS.test(words) ? "not_found" : QUOTA_WORDS.test(words) || LOOSE_QUOTA_WORDS.test(words) ? "payment" : "rejected",
    upstreamMessage: message,
    mayHaveReachedUpstream: false,
  });
}

// ---------------------------------------------------------------------------------------------
// Snapshots

function buildSnapshot(upstreamId: string, layers: readonly JsonRecord[], raw: unknown): UpstreamSnapshot {
  const jobs = jobLayers(layers);
  const generation = jobs[0] ?? generationSchema.parse({});
  const rawState = firstOf(jobs, (job) => job.state ?? job.status ?? job.task_status);
  const { artifact, assets } = generation;

  // Watermark-free links first: `download_url` and `video_raw` are unwatermarked, `video.url` is not.
  const sources: Array<[string | null | undefined, Media | null | undefined]> = [
    [generation.video?.downloadUrl, generation.video],
    [generation.video_raw?.url, generation.video_raw],
    [artifact?.video_raw?.url, artifact?.video_raw],
    [artifact?.video?.downloadUrl, artifact?.video],
    [artifact?.video?.url, artifact?.video],
    [assets?.video?.url, assets?.video],
    [generation.video?.url, generation.video],
  ];
  const videoCandidates = [...new Set(sources.flatMap(([url]) => (url ? [url] : [])))];
  const chosen = sources.find(([url]) => url);
  const videoObjects = [generation.video, generation.video_raw, artifact?.video, artifact?.video_raw, assets?.video];

  let video: UpstreamSnapshot["video"] = null;
  if (chosen?.[0]) {
    const sized = chosen[1]?.width && chosen[1].height ? chosen[1] : videoObjects.find((media) => media?.width && media.height);
    video = {
      url: chosen[0],
      width: sized?.width ?? null,
      height: sized?.height ?? null,
      durationSeconds: chosen[1]?.durationSeconds ?? videoObjects.find((media) => media?.durationSeconds)?.durationSeconds ?? null,
    };
  }

  return {
    upstreamId,
    state: normaliseState(rawState),
    rawState,
    failureReason: firstOf(jobs, (job) => job.failure_reason ?? job.fail_reason),
    failureCode: firstOf(jobs, (job) => job.failure_code),
    video,
    videoCandidates,
    watermarkedVideoUrl: generation.video?.url ?? null,
    thumbnail: pickMedia([generation.thumbnail, artifact?.thumbnail, assets?.image]),
    lastFrame: pickMedia([generation.last_frame, artifact?.last_frame]),
    estimateWaitSeconds: firstOf(jobs, (job) => job.estimate_wait_seconds),
    createdAt: firstOf(jobs, (job) => job.created_at),
    raw,
  };
}

function pickMedia(options: ReadonlyArray<Media | null | undefined>): UpstreamMedia | null {
  const media = options.find((option) => option?.url);
  return media?.url ? { url: media.url, width: media.width, height: media.height } : null;
}

/** Answer to a create or an extend. The snapshot is present when the body carried the generation itself. */
export function parseCreateResponse(json: unknown): { upstreamId: string; snapshot: UpstreamSnapshot | null } {
  const refusal = envelopeError(json);
  if (refusal) throw refusal;
  const layers = collectLayers(json);
  const upstreamId = findUpstreamId(layers);
  if (!upstreamId) {
    throw new LumaError({
      kind: "protocol",
      detail: "the answer to a create carried no generation id",
      upstreamMessage: isRecord(json) ? messageFromJson(json) : null,
      // A 2xx answer did not say no: the job may exist without us knowing its id.
      mayHaveReachedUpstream: true,
    });
  }
  const inner = layers.at(-1);
  const hasGeneration = inner !== undefined && hasAny(inner, ["status", "task_status", ...GENERATION_KEYS]);
  return { upstreamId, snapshot: hasGeneration ? buildSnapshot(upstreamId, layers, json) : null };
}

/**
 * Answer to GET /luma/generations/{id} (or a `/luma/tasks` batch, first item). `fallbackId` covers
 * gateways that leave the id out of a body about the id we asked for.
 */
export function parseGenerationResponse(json: unknown, options: { fallbackId?: string } = {}): UpstreamSnapshot {
  const refusal = envelopeError(json);
  if (refusal) throw refusal;
  const layers = collectLayers(json);
  const inner = layers.at(-1);
  const ownId = findUpstreamId(layers);
  // A v2 task (`{"data": [...]}`, two videos) that has no videos listed yet: asked about, not done.
  if (inner && isRecord(json) && Array.isArray(json.data) && json.data.length === 0 && options.fallbackId && !ownId) {
    return buildSnapshot(options.fallbackId, layers, json);
  }
  if (!inner || !(ownId || hasAny(inner, ["status", "task_status", ...GENERATION_KEYS]))) {
    throw new LumaError({
      kind: "protocol",
      detail: "the answer carried no generation",
      upstreamMessage: messageFromJson(json),
      mayHaveReachedUpstream: true,
    });
  }
  const upstreamId = ownId ?? options.fallbackId ?? null;
  if (!upstreamId) {
    throw new LumaError({ kind: "protocol", detail: "the generation carried no id", mayHaveReachedUpstream: true });
  }
  return buildSnapshot(upstreamId, layers, json);
}

/** Answer to GET /luma/generations/{id}/download_video_url. */
export function parseDownloadUrlResponse(json: unknown): string {
  const refusal = envelopeError(json);
  if (refusal) throw refusal;
  const record = isRecord(json) ? json : {};
  const data = isRecord(record.data) ? record.data : {};
  const candidates = [record.url, data.url, record.download_url, data.download_url, typeof json === "string" ? json : null];
  for (const candidate of candidates) {
    const url = typeof candidate === "string" ? asHttpUrl(candidate) : null;
    if (url) return url;
  }
  throw new LumaError({
    kind: "protocol",
    detail: "the answer carried no download URL",
    upstreamMessage: messageFromJson(json),
    mayHaveReachedUpstream: true,
  });
}

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * Maps a non-2xx answer to a LumaError. `secrets` (the API key) are scrubbed from the upstream text
 * on top of the generic key-looking patterns.
 */
export function parseErrorBody(
  status: number,
  text: string,
  headers: Headers,
  options: { secrets?: readonly string[]; host?: string | null; origin?: UpstreamOrigin; model?: string | null } = {},
): LumaError {
  const body = parseJsonBody(text);
  const message = (body.ok ? messageFromJson(body.value) : null) ?? textFallback(text);
  const isModel = MODEL_REFUSAL_STATUSES.has(status) && isModelRefusal(`${message ?? ""} ${body.ok ? errorCodeFromJson(body.value) : ""}`);
  return new LumaError({
    kind: isModel ? "model" : kindForStatus(status, message ?? ""),
    status,
    upstreamMessage: message,
    retryAfterSeconds: parseRetryAfter(headers.get("retry-after")),
    mayHaveReachedUpstream: mayHaveActed(status),
    host: options.host,
    origin: options.origin,
    model: options.model,
    secrets: options.secrets,
  });
}

/** One-api answers a model it has no channel for with 503 (`model_not_found`); others with 400, 404 or 422. */
const MODEL_REFUSAL_STATUSES = new Set([400, 404, 422, 503]);

const MODEL_REFUSAL_WORDS = [
  /\bmodel(?:_name)?_(?:not_found|required|invalid|not_supported)\b/i,
  /\b(?:invalid|unknown|unsupported|missing)\s+(?:the\s+)?model(?:_name)?\b/i,
  /\bmodel(?:_name)?\b[^.;]{0,40}\b(?:is required|required|missing|not found|not supported|not available|does not exist|invalid)\b/i,
  /\bno available channel\b/i,
  /无可用渠道|模型[^，。,.]{0,20}(?:不存在|不支持|无效|必填|不能为空)|(?:缺少|无效的?|未知的?)模型/,
];

/** A refusal about the model: missing, unknown, or one the gateway has no channel for. */
function isModelRefusal(text: string): boolean {
  return MODEL_REFUSAL_WORDS.some((pattern) => pattern.test(text));
}

function errorCodeFromJson(json: unknown): string {
  const record = Array.isArray(json) ? json[0] : json;
  if (!isRecord(record)) return "";
  const error = isRecord(record.error) ? record.error : null;
  const code = error?.code ?? record.code;
  return typeof code === "string" ? code : "";
}

function kindForStatus(status: number, message: string): LumaError["kind"] {
  const quota = QUOTA_WORDS.test(message);
  // "insufficient" alone is too broad for 401/403 ("insufficient permissions").
  const looseQuota = quota || LOOSE_QUOTA_WORDS.test(message);
  if (status === 401) return quota ? "payment" : "auth";
  if (status === 402) return "payment";
  if (status === 403) return quota ? "payment" : "auth";
  if (status === 404) return "not_found";
  if (status === 408) return "timeout";
  if (status === 429) return looseQuota ? "payment" : "rate_limited";
  if (status >= 400 && status < 500) return looseQuota ? "payment" : "rejected";
  if (status >= 500 && status < 600) return "upstream";
  return "protocol";
}

/**
 * A 4xx, 501 or 503 is a refusal. Other 5xx (500, 502, 504, Cloudflare's 52x) can come from a proxy
 * that had already forwarded the request, so a create behind them may have been accepted.
 */
function mayHaveActed(status: number): boolean {
  if (status < 500) return false;
  return status !== 501 && status !== 503;
}

/** `Retry-After` as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (NUMERIC.test(trimmed)) return Math.max(0, Math.ceil(Number(trimmed)));
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The body as JSON; when that fails, the first complete JSON value (a buggy proxy can write two
 * bodies back to back).
 */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const first = firstJsonValue(text);
    return first === null ? { ok: false } : { ok: true, value: first.value };
  }
}

function firstJsonValue(text: string): { value: unknown } | null {
  const start = text.search(/\S/);
  const opening = start < 0 ? undefined : text[start];
  if (opening !== "{" && opening !== "[") return null;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth === 0) {
        try {
          return { value: JSON.parse(text.slice(start, index + 1)) };
        } catch {
          return null;
        }
      }
    }
  }
  return null;
}

const nonEmpty = (value: unknown): string | null => {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.trim() ? value.trim() : null;
};

/** The error shapes gateways use, in the order luma-api.md lists them. */
function messageFromJson(json: unknown): string | null {
  const record = Array.isArray(json) ? json[0] : json;
  if (typeof record === "string") return nonEmpty(record);
  if (!isRecord(record)) return null;

  const { error, detail } = record;
  if (isRecord(error)) return nonEmpty(error.message) ?? nonEmpty(error.code) ?? nonEmpty(error.type);
  if (typeof error === "string" && error.trim()) return error.trim();

  if (typeof detail === "string" && detail.trim()) return detail.trim();
  if (isRecord(detail)) return nonEmpty(detail.reason) ?? nonEmpty(detail.message) ?? nonEmpty(detail.msg) ?? nonEmpty(detail.code);
  if (Array.isArray(detail)) {
    // FastAPI 422: [{loc: ["body", "user_prompt"], msg: "field required", type}]
    const parts = detail.flatMap((item) => {
      if (!isRecord(item)) return nonEmpty(item) ?? [];
      const msg = nonEmpty(item.msg) ?? nonEmpty(item.message);
      if (!msg) return [];
      const loc = Array.isArray(item.loc) ? item.loc.filter((part) => part !== "body").join(".") : "";
      return loc ? `${loc}: ${msg}` : msg;
    });
    if (parts.length > 0) return parts.join("; ");
  }

  return nonEmpty(record.message) ?? nonEmpty(record.msg) ?? (typeof record.code === "string" ? nonEmpty(record.code) : null);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'", nbsp: " " };

/** Non-JSON bodies: an HTML error page becomes its title (or its text), anything else stays as is. */
function textFallback(text: string): string | null {
  if (!/<\/?[a-z][^>]*>/i.test(text)) return text.trim() || null;
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const source = title?.trim() ? title : text.replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, " ");
  const stripped = source
    .replace(/<[^>]*>/g, " ")
    .replace(/&(amp|lt|gt|quot|apos|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? " ")
    .replace(/\s+/g, " ")
    .trim();
  return stripped || null;
}

function asHttpUrl(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === "https:" || url.protocol === "http:" ? trimmed : null;
  } catch {
    return null;
  }
}
