/** Request checks a gateway does before charging: each failure names the field, like real 400s do. */
import type { Dialect } from "./dialects";
import { ASPECT_RATIOS, DEFAULT_ASPECT_RATIO, isAspectRatio, type AspectRatio } from "./media";

export type CreateRequest = {
  prompt: string;
  aspectRatio: AspectRatio;
  model: string | null;
  notifyHook: string | null;
};

export type ExtendRequest = { prompt: string; notifyHook: string | null };

/** `code` is the one-api error code a refusal carries (`invalid_parameter` unless said otherwise). */
type Result<T> = { ok: true; value: T } | { ok: false; message: string; code?: string };

/** Models the seed's openai-hub has a channel for when it insists on one (`requireModel`). */
const OPENAI_HUB_MODELS = ["ray-v1", "ray-v2"];

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON null is treated as "not sent": clients often serialise unset optionals that way. */
function present(fields: Fields, key: string): boolean {
  return fields[key] !== undefined && fields[key] !== null;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function checkImage(fields: Fields, key: string): string | null {
  if (!present(fields, key)) return null;
  const value = fields[key];
  if (typeof value !== "string") return `${key} must be a string`;
  if (value.startsWith("data:image/") || isHttpUrl(value)) return null;
  return `${key} must be an http(s) URL or a data:image URI`;
}

function checkCommon(fields: Fields, dialect: Dialect): string | null {
  for (const key of ["image_url", "image_end_url"]) {
    const problem = checkImage(fields, key);
    if (problem) return problem;
  }
  for (const key of dialect.readsLoop ? ["expand_prompt", "loop"] : ["expand_prompt"]) {
    if (present(fields, key) && typeof fields[key] !== "boolean") return `${key} must be a boolean`;
  }
  if (dialect.callbacks && present(fields, "notify_hook")) {
    const hook = fields.notify_hook;
    if (typeof hook !== "string" || !isHttpUrl(hook)) return "notify_hook must be an http(s) URL";
  }
  const prompt = fields.user_prompt;
  if (present(fields, "user_prompt") && typeof prompt !== "string") return "user_prompt must be a string";
  const hasImage = present(fields, "image_url") || present(fields, "image_end_url");
  if ((typeof prompt !== "string" || prompt.trim() === "") && !hasImage) {
    return "user_prompt is required when no image_url or image_end_url is given";
  }
  return null;
}

/** The model under the dialect's own field name; the other spelling is an unknown field, ignored like any other. */
function checkModel(fields: Fields, dialect: Dialect, requireModel: boolean): Result<string | null> {
  const field = dialect.modelField;
  const model = present(fields, field) ? fields[field] : null;
  const known = dialect.models ?? (requireModel ? OPENAI_HUB_MODELS : null);
  if (model === null) {
    return requireModel ? { ok: false, message: `${field} is required`, code: "model_required" } : { ok: true, value: null };
  }
  if (typeof model !== "string") return { ok: false, message: `${field} must be a string` };
  if (known ? !known.includes(model) : !model.startsWith("ray")) {
    const expected = known ?? ["ray-v1", "ray-v2", "ray-v3"];
    const message = `unknown ${field === "model" ? "model" : field}: ${model} (expected ${expected.join(", ").replace(/, ([^,]*)$/, " or $1")})`;
    // Gateways that list their models answer one-api's `model_not_found`; the seed's openai-hub a plain 400.
    return { ok: false, message, code: known ? "model_not_found" : "invalid_parameter" };
  }
  return { ok: true, value: model };
}

/** Resolution and duration, where the dialect reads them: a known field with an unknown value is refused. */
function checkSpelling(fields: Fields, key: "resolution" | "duration", values: readonly string[] | null, example: string | null): string | null {
  if (values === null || !present(fields, key)) return null;
  const value = fields[key];
  if (typeof value !== "string") return `${key} must be a string`;
  if (values.includes(value)) return null;
  const hint = example ? ` (for example "${example}")` : "";
  return `${key} must be one of ${values.map((option) => `"${option}"`).join(", ")}${hint}, got "${value}"`;
}

export function validateCreate(body: unknown, dialect: Dialect, options: { requireModel?: boolean } = {}): Result<CreateRequest> {
  if (!isObject(body)) return { ok: false, message: "request body must be a JSON object" };
  const problem =
    checkCommon(body, dialect) ??
    checkSpelling(body, "resolution", dialect.resolutions, null) ??
    checkSpelling(body, "duration", dialect.durations, dialect.durationExample);
  if (problem) return { ok: false, message: problem };

  const aspectRatio = present(body, "aspect_ratio") ? body.aspect_ratio : DEFAULT_ASPECT_RATIO;
  if (!isAspectRatio(aspectRatio)) {
    return { ok: false, message: `aspect_ratio must be one of ${ASPECT_RATIOS.join(", ")}` };
  }
  const model = checkModel(body, dialect, options.requireModel === true);
  if (!model.ok) return model;
  if (dialect.refusesLoopWithEndFrame && body.loop === true && present(body, "image_end_url")) {
    return { ok: false, message: "Loop is not supported for keyframes" };
  }
  return {
    ok: true,
    value: {
      prompt: typeof body.user_prompt === "string" ? body.user_prompt : "",
      aspectRatio,
      model: model.value,
      notifyHook: dialect.callbacks && typeof body.notify_hook === "string" ? body.notify_hook : null,
    },
  };
}

export function validateExtend(body: unknown, dialect: Dialect): Result<ExtendRequest> {
  if (!isObject(body)) return { ok: false, message: "request body must be a JSON object" };
  if (typeof body.user_prompt !== "string") return { ok: false, message: "user_prompt is required" };
  const problem = checkCommon(body, dialect);
  if (problem) return { ok: false, message: problem };
  return {
    ok: true,
    value: { prompt: body.user_prompt, notifyHook: dialect.callbacks && typeof body.notify_hook === "string" ? body.notify_hook : null },
  };
}
