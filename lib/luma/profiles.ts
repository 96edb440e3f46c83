import { ASPECT_RATIOS, PROMPT_MAX_LENGTH, VIDEO_DURATIONS, VIDEO_RESOLUTIONS, type VideoDuration, type VideoResolution } from "@/lib/constants";
import type { Capabilities, ModelChoice } from "./capabilities";

/**
 * Gateway dialects of the platform format (luma-api.md §5.1). A gateway ignores fields it does not know, so a
 * wrong field name or spelling is a silent wrong result: each gateway gets a named profile, and a test per
 * profile (lib/luma/profiles.wire.test.ts) checks what reaches the wire. Plain data; client-safe.
 */

export const GATEWAY_IDS = ["openai-hub", "openai-hk", "yutoai", "fast-token", "crazyrouter", "v98store", "custom"] as const;
export type GatewayId = (typeof GATEWAY_IDS)[number];
export const DEFAULT_GATEWAY = "openai-hub" satisfies GatewayId;

/** `standard`: /luma/generations. `pro`: the same under /pro (no watermark, no queue, dearer). `v2`: /luma/v2/generations (two videos per task). */
export const GATEWAY_ROUTES = ["standard", "pro", "v2"] as const;
export type GatewayRoute = (typeof GATEWAY_ROUTES)[number];

export type GatewayProfile = {
  id: GatewayId;
  label: string;
  /** The gateway's address when its documentation gives one; otherwise LUMA_BASE_URL must be set. */
  defaultBaseUrl: string | null;
  /** The field that carries the model (`model` or `model_name`). */
  modelField: string;
  models: ModelChoice[];
  /** Sent when the person picks none; LUMA_MODEL overrides it. */
  defaultModel: string | null;
  resolutionField: string | null;
  /** Our spelling → the gateway's, for each resolution it takes. */
  resolutions: Partial<Record<VideoResolution, string>>;
  defaultResolution: VideoResolution | null;
  durationField: string | null;
  durations: Partial<Record<VideoDuration, string>>;
  defaultDuration: VideoDuration | null;
  /** A structured camera-move field, where the gateway has one; otherwise the move is said in the prompt. */
  cameraField: string | null;
  routes: GatewayRoute[];
  /** How answers come back (the parser reads every shape; this is for the README and the simulator). */
  answers: { envelope: "none" | "code-message-data"; states: "platform" | "renamed" };
  features: {
    loop: boolean;
    endFrame: boolean;
    extend: boolean;
    callbacks: boolean;
    batchQuery: boolean;
    loopWithEndFrame: boolean;
  };
};

const RAY_1 = { value: "ray-v1", label: "Ray 1.6" };
const RAY_2 = { value: "ray-v2", label: "Ray 2" };
const RAY_3 = { value: "ray-v3", label: "Ray 3" };

function sameSpelling<K extends string>(values: readonly K[]): Record<K, string> {
  const table = {} as Record<K, string>;
  for (const value of values) table[value] = value;
  return table;
}

/**
 * Every named gateway but openai-hub is documented with `model_name`, `resolution` and `duration`: the fields of
 * Luma's Ray 2 API, which those gateways forward to. That API refuses a loop with keyframes ("Loop is not
 * supported for keyframes", luma-api.md §3), so they are marked as refusing a loop with an end frame.
 */
const RAY_2_FEATURES = { loop: true, endFrame: true, extend: true, callbacks: false, batchQuery: false, loopWithEndFrame: false };

export const GATEWAY_PROFILES: Record<Exclude<GatewayId, "custom">, GatewayProfile> = {
  // The seed: marks `model` required but lists no values and no example. The one-api family it belongs to routes
  // by `model` and refuses names it has no channel for; `ray-v2` is the one name every documented gateway
  // accepts (v98store takes nothing else) and the current Ray 2, so it is what we send unless told otherwise.
  "openai-hub": {
    id: "openai-hub",
    label: "openai-hub",
    defaultBaseUrl: "https://api.openai-hub.com",
    modelField: "model",
    models: [RAY_2, RAY_1],
    defaultModel: "ray-v2",
    resolutionField: null,
    resolutions: {},
    defaultResolution: null,
    durationField: null,
    durations: {},
    defaultDuration: null,
    cameraField: null,
    routes: ["standard"],
    answers: { envelope: "none", states: "platform" },
    features: { loop: true, endFrame: true, extend: true, callbacks: true, batchQuery: false, loopWithEndFrame: true },
  },
  "openai-hk": {
    id: "openai-hk",
    label: "openai-hk",
    defaultBaseUrl: "https://api.openai-hk.com",
    modelField: "model_name",
    models: [RAY_2, RAY_1],
    defaultModel: "ray-v2",
    resolutionField: "resolution",
    resolutions: { "720p": "720p" },
    defaultResolution: "720p",
    durationField: "duration",
    durations: { "5s": "5s" },
    defaultDuration: "5s",
    cameraField: null,
    routes: ["standard", "pro", "v2"],
    answers: { envelope: "none", states: "platform" },
    features: RAY_2_FEATURES,
  },
  yutoai: {
    id: "yutoai",
    label: "yutoai",
    defaultBaseUrl: null,
    modelField: "model_name",
    models: [RAY_2, RAY_1, RAY_3],
    defaultModel: "ray-v2",
    resolutionField: "resolution",
    // Documented as free strings; these are the values of the Ray 2 API it forwards to.
    resolutions: sameSpelling(VIDEO_RESOLUTIONS),
    defaultResolution: "720p",
    durationField: "duration",
    durations: { "5s": "5s", "9s": "9s" },
    defaultDuration: "5s",
    cameraField: null,
    routes: ["standard"],
    answers: { envelope: "none", states: "platform" },
    features: { ...RAY_2_FEATURES, callbacks: true },
  },
  "fast-token": {
    id: "fast-token",
    label: "fast-token",
    defaultBaseUrl: null,
    modelField: "model_name",
    models: [RAY_2, RAY_1],
    defaultModel: "ray-v2",
    resolutionField: "resolution",
    resolutions: { "720p": "720p", "1080p": "1080p" },
    defaultResolution: "720p",
    durationField: "duration",
    durations: { "5s": "5s" },
    defaultDuration: "5s",
    cameraField: null,
    routes: ["standard"],
    answers: { envelope: "code-message-data", states: "platform" },
    features: { ...RAY_2_FEATURES, callbacks: true, batchQuery: true },
  },
  crazyrouter: {
    id: "crazyrouter",
    label: "crazyrouter",
    defaultBaseUrl: "https://crazyrouter.com",
    modelField: "model_name",
    models: [RAY_2, RAY_1],
    defaultModel: "ray-v2",
    resolutionField: "resolution",
    resolutions: sameSpelling(VIDEO_RESOLUTIONS),
    defaultResolution: "720p",
    durationField: "duration",
    // Seconds without the unit.
    durations: { "5s": "5" },
    defaultDuration: "5s",
    cameraField: null,
    routes: ["standard"],
    answers: { envelope: "none", states: "renamed" },
    // Its documentation lists neither `loop` nor `notify_hook`.
    features: { ...RAY_2_FEATURES, loop: false },
  },
  v98store: {
    id: "v98store",
    label: "v98store",
    defaultBaseUrl: null,
    modelField: "model_name",
    models: [RAY_2],
    defaultModel: "ray-v2",
    resolutionField: "resolution",
    resolutions: { "720p": "720p" },
    defaultResolution: "720p",
    durationField: "duration",
    durations: { "5s": "5s" },
    defaultDuration: "5s",
    cameraField: null,
    routes: ["standard"],
    answers: { envelope: "none", states: "platform" },
    features: { ...RAY_2_FEATURES, batchQuery: true },
  },
};

/** The `custom` profile's settings, as LUMA_* variables give them (raw strings; empty means unset). */
export type CustomProfileSettings = {
  modelField?: string;
  models?: string;
  resolutionField?: string;
  resolutions?: string;
  durationField?: string;
  durations?: string;
  cameraField?: string;
};

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * A gateway we have no profile for, described by env: field names and the wire spellings it takes. Durations
 * are read as seconds with or without the unit ("5" or "5s") and sent exactly as written.
 */
export function buildCustomProfile(settings: CustomProfileSettings): { ok: true; profile: GatewayProfile } | { ok: false; message: string } {
  for (const [name, value] of [
    ["LUMA_MODEL_FIELD", settings.modelField],
    ["LUMA_RESOLUTION_FIELD", settings.resolutionField],
    ["LUMA_DURATION_FIELD", settings.durationField],
    ["LUMA_CAMERA_FIELD", settings.cameraField],
  ] as const) {
    if (value && !FIELD_NAME.test(value)) return { ok: false, message: `${name} must be a JSON field name such as model_name, got "${value}"` };
  }
  const resolutions: Partial<Record<VideoResolution, string>> = {};
  for (const wire of splitList(settings.resolutions)) {
    const ours = VIDEO_RESOLUTIONS.find((resolution) => resolution === wire.toLowerCase());
    if (!ours) return { ok: false, message: `LUMA_RESOLUTIONS: "${wire}" is not one of ${VIDEO_RESOLUTIONS.join(", ")}` };
    resolutions[ours] = wire;
  }
  const durations: Partial<Record<VideoDuration, string>> = {};
  for (const wire of splitList(settings.durations)) {
    const ours = VIDEO_DURATIONS.find((duration) => duration === `${/^(\d+)s?$/i.exec(wire)?.[1] ?? ""}s`);
    if (!ours) return { ok: false, message: `LUMA_DURATIONS: "${wire}" is not one of ${VIDEO_DURATIONS.join(", ")} (with or without the "s")` };
    durations[ours] = wire;
  }
  if (Object.keys(resolutions).length && !settings.resolutionField)
    return { ok: false, message: "LUMA_RESOLUTIONS needs LUMA_RESOLUTION_FIELD (the field the gateway reads)" };
  if (Object.keys(durations).length && !settings.durationField)
    return { ok: false, message: "LUMA_DURATIONS needs LUMA_DURATION_FIELD (the field the gateway reads)" };
  const firstOf = <K extends string>(record: Partial<Record<K, string>>) => (Object.keys(record)[0] as K | undefined) ?? null;
  return {
    ok: true,
    profile: {
      id: "custom",
      label: "the gateway",
      defaultBaseUrl: null,
      modelField: settings.modelField || "model",
      models: splitList(settings.models).map((value) => ({ value, label: value })),
      defaultModel: null,
      resolutionField: settings.resolutionField || null,
      resolutions,
      defaultResolution: firstOf(resolutions),
      durationField: settings.durationField || null,
      durations,
      defaultDuration: firstOf(durations),
      cameraField: settings.cameraField || null,
      routes: ["standard"],
      answers: { envelope: "none", states: "platform" },
      // An unknown gateway: let it decide what it refuses, and offer it the format's callback field.
      features: { loop: true, endFrame: true, extend: true, callbacks: true, batchQuery: false, loopWithEndFrame: true },
    },
  };
}

/** What the form may offer through this gateway. `model` (LUMA_MODEL) becomes the default and is offered too. */
export function gatewayCapabilities(profile: GatewayProfile, config: { model?: string | null; route?: GatewayRoute } = {}): Capabilities {
  const models = [...profile.models];
  if (config.model && !models.some((choice) => choice.value === config.model)) models.unshift({ value: config.model, label: config.model });
  // A v2 task is not a Luma generation id: nothing documents extending one.
  const canExtend = profile.features.extend && config.route !== "v2";
  return {
    provider: "platform",
    profile: profile.id,
    label: profile.label,
    models,
    defaultModel: config.model || profile.defaultModel,
    resolutions: Object.keys(profile.resolutions) as VideoResolution[],
    defaultResolution: profile.defaultResolution,
    durations: Object.keys(profile.durations) as VideoDuration[],
    defaultDuration: profile.defaultDuration,
    aspectRatios: [...ASPECT_RATIOS],
    prompt: { maxLength: PROMPT_MAX_LENGTH, isRequired: false },
    options: {
      expandPrompt: true,
      loop: profile.features.loop,
      startFrame: true,
      endFrame: profile.features.endFrame,
      hdr: false,
      exrExport: false,
      cameraMove: profile.cameraField ? "field" : "prompt",
    },
    actions: { extend: canExtend, extendBackward: false, interpolate: false, edit: false, reframe: false },
    editStrengths: [],
    callbacks: profile.features.callbacks,
    batchQuery: profile.features.batchQuery,
    rules: { textOnlyDurations: [], hdrResolutions: [], hdrDurations: [], loopWithEndFrame: profile.features.loopWithEndFrame, loopWithHdr: false },
  };
}
