/** Request checks a gateway does before charging: each failure names the field, like real 400s do. */
import { ASPECT_RATIOS, DEFAULT_ASPECT_RATIO, isAspectRatio, type AspectRatio } from "./media";

export type CreateRequest = {
  prompt: string;
  aspectRatio: AspectRatio;
  model: string | null;
  notifyHook: string | null;
};

export type ExtendRequest = { prompt: string; notifyHook: string | null };

type Result<T> = { ok: true; value: T } | { ok: false; message: string };

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

function checkCommon(fields: Fields): string | null {
  for (const key of ["image_url", "image_end_url"]) {
    const problem = checkImage(fields, key);
    if (problem) return problem;
  }
  for (const key of ["expand_prompt", "loop"]) {
    if (present(fields, key) && typeof fields[key] !== "boolean") return `${key} must be a boolean`;
  }
  if (present(fields, "notify_hook")) {
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

export function validateCreate(body: unknown): Result<CreateRequest> {
  if (!isObject(body)) return { ok: false, message: "request body must be a JSON object" };
  const problem = checkCommon(body);
  if (problem) return { ok: false, message: problem };

  const aspectRatio = present(body, "aspect_ratio") ? body.aspect_ratio : DEFAULT_ASPECT_RATIO;
  if (!isAspectRatio(aspectRatio)) {
    return { ok: false, message: `aspect_ratio must be one of ${ASPECT_RATIOS.join(", ")}` };
  }
  const model = present(body, "model") ? body.model : null;
  if (model !== null && (typeof model !== "string" || !model.startsWith("ray"))) {
    return { ok: false, message: `unknown model: ${String(model)} (expected ray-v1, ray-v2 or ray-v3)` };
  }
  for (const key of ["resolution", "duration"]) {
    if (present(body, key) && typeof body[key] !== "string") return { ok: false, message: `${key} must be a string` };
  }
  return {
    ok: true,
    value: {
      prompt: typeof body.user_prompt === "string" ? body.user_prompt : "",
      aspectRatio,
      model,
      notifyHook: typeof body.notify_hook === "string" ? body.notify_hook : null,
    },
  };
}

export function validateExtend(body: unknown): Result<ExtendRequest> {
  if (!isObject(body)) return { ok: false, message: "request body must be a JSON object" };
  if (typeof body.user_prompt !== "string") return { ok: false, message: "user_prompt is required" };
  const problem = checkCommon(body);
  if (problem) return { ok: false, message: problem };
  return {
    ok: true,
    value: { prompt: body.user_prompt, notifyHook: typeof body.notify_hook === "string" ? body.notify_hook : null },
  };
}
