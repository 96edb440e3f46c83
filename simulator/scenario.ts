/** How the fake gateway misbehaves: a global scenario, plus per-prompt `[sim:…]` tags for browser tests. */
import { isSimulatorProfile, type SimulatorProfile } from "./dialects";

export const CREATE_RESPONSE_SHAPES = ["201", "200", "array", "task_id"] as const;
export type CreateResponseShape = (typeof CREATE_RESPONSE_SHAPES)[number];

export const CALLBACK_MODES = ["normal", "none", "duplicate", "out_of_order"] as const;
export type CallbackMode = (typeof CALLBACK_MODES)[number];

/** Routes a scripted answer can stand in for (`create` and `get` cover Luma's API format too). */
export const SCRIPTED_ROUTES = ["create", "extend", "get", "download_url", "tasks", "any"] as const;
export type ScriptedRoute = (typeof SCRIPTED_ROUTES)[number];

/**
 * One scripted answer: the next request to `route` gets exactly this status, raw body and headers, so a test can
 * speak any gateway's dialect (two JSON bodies back to back, HTML from a proxy, a 402 with `detail`). With
 * `afterCreating`, a create or extend makes its job first and then answers this: the answer is lost, the job is not.
 */
export type ScriptedResponse = { route?: ScriptedRoute; status: number; body: string; headers?: Record<string, string>; afterCreating?: boolean };

export type SimulatorScenario = {
  profile?: SimulatorProfile; // the gateway dialect of the /luma/… routes (default openai-hub); /v1/generations is always Luma's API
  requireModel?: boolean; // openai-hub insists on a model it knows (ray-v1, ray-v2): 400 in the one-api shape otherwise
  createResponse?: CreateResponseShape; // shape of a successful create answer (default "201", the seed object)
  failWithReason?: string | null; // jobs created from now on finish as failed with this failure_reason
  failWithCode?: string | null; // Luma's API: the failure_code of those jobs (default: derived from the reason)
  completedWithoutUrlPolls?: number; // after completion, the first K GETs of each job answer "completed" without media
  stuck?: boolean; // jobs created from now on stay "processing"; setting it back to false releases them
  rateLimitNext?: number; // the next N requests (any route except /__sim) answer 429 with Retry-After
  retryAfterSeconds?: number; // value for Retry-After (default 2)
  serverErrorNext?: number; // the next N requests answer 500 with an HTML body
  unauthorizedAfter?: number | null; // after N more authenticated requests, every request answers 401
  insufficientBalance?: boolean; // creates and extends answer 403 insufficient quota
  createDelayMs?: number; // delay before the create answer (the job exists from arrival)
  createHang?: boolean; // create is accepted but never answered (socket left open until close/reset)
  createResetConnection?: boolean; // create is accepted, then the socket is destroyed without an answer
  getDelayMs?: number; // delay before answering GET generation and download_video_url
  mediaDelayMs?: number; // delay before media (video, thumbnail, last frame) answers: a slow CDN
  callbacks?: CallbackMode; // notify_hook behaviour (default normal)
  respondNext?: ScriptedResponse[]; // scripted answers, each used once by the next matching request
  dropConnections?: boolean; // every gateway request's socket is destroyed without an answer (gateway unreachable)
  cleanDownloadCutRate?: number; // share (0–1) of jobs created from now on whose clean-copy downloads are cut mid-stream
  cleanDownloadCuts?: number; // how many clean-copy downloads of such a job are cut before one gets through (default 3)
  mediaBaseUrl?: string | null; // media links name this origin instead of the simulator's (a hostile gateway pointing inside)
};

export const MODERATION_FAILURE = "Advanced prompt moderation failed";

type FieldKind = "boolean" | "count" | "rate" | "nullableCount" | "nullableString" | "createResponse" | "callbacks" | "scripted" | "profile";

const FIELD_KINDS: Record<keyof SimulatorScenario, FieldKind> = {
  profile: "profile",
  requireModel: "boolean",
  createResponse: "createResponse",
  failWithReason: "nullableString",
  failWithCode: "nullableString",
  completedWithoutUrlPolls: "count",
  stuck: "boolean",
  rateLimitNext: "count",
  retryAfterSeconds: "count",
  serverErrorNext: "count",
  unauthorizedAfter: "nullableCount",
  insufficientBalance: "boolean",
  createDelayMs: "count",
  createHang: "boolean",
  createResetConnection: "boolean",
  getDelayMs: "count",
  mediaDelayMs: "count",
  callbacks: "callbacks",
  respondNext: "scripted",
  dropConnections: "boolean",
  cleanDownloadCutRate: "rate",
  cleanDownloadCuts: "count",
  mediaBaseUrl: "nullableString",
};

function isScriptedResponse(value: unknown): value is ScriptedResponse {
  if (typeof value !== "object" || value === null) return false;
  const { route, status, body, headers, afterCreating } = value as Record<string, unknown>;
  const isHeaders =
    headers === undefined || (typeof headers === "object" && headers !== null && Object.values(headers).every((header) => typeof header === "string"));
  return (
    (route === undefined || (SCRIPTED_ROUTES as readonly unknown[]).includes(route)) &&
    typeof status === "number" &&
    Number.isInteger(status) &&
    status >= 100 &&
    status <= 599 &&
    typeof body === "string" &&
    isHeaders &&
    (afterCreating === undefined || typeof afterCreating === "boolean")
  );
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function fitsKind(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case "boolean":
      return typeof value === "boolean";
    case "count":
      return isCount(value);
    case "rate":
      return isCount(value) && value <= 1;
    case "nullableCount":
      return value === null || isCount(value);
    case "nullableString":
      return value === null || typeof value === "string";
    case "createResponse":
      return (CREATE_RESPONSE_SHAPES as readonly unknown[]).includes(value);
    case "callbacks":
      return (CALLBACK_MODES as readonly unknown[]).includes(value);
    case "scripted":
      return Array.isArray(value) && value.every(isScriptedResponse);
    case "profile":
      return isSimulatorProfile(value);
  }
}

/** Checks a patch that arrived over HTTP; unknown keys are refused so a typo in a test fails loudly. */
export function parseScenarioPatch(input: unknown): { ok: true; patch: SimulatorScenario } | { ok: false; message: string } {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, message: "scenario patch must be a JSON object" };
  }
  for (const [key, value] of Object.entries(input)) {
    if (!Object.hasOwn(FIELD_KINDS, key)) return { ok: false, message: `unknown scenario key: ${key}` };
    const kind = FIELD_KINDS[key as keyof SimulatorScenario];
    if (value !== undefined && !fitsKind(kind, value)) return { ok: false, message: `invalid value for ${key}` };
  }
  return { ok: true, patch: input as SimulatorScenario };
}

export type PromptTags = {
  failureReason?: string;
  /** Luma's API `failure_code`, e.g. `[sim:code=generation_failed]`. */
  failureCode?: string;
  isStuck: boolean;
  noUrlPolls?: number;
  processingSeconds?: number;
  cleanDownloadCuts?: number;
};

const TAG_PATTERN = /\[sim:([a-z_]+)(?:=([^\]]*))?\]/gi;

/**
 * `[sim:moderation]`, `[sim:stuck]`, `[sim:nourl=K]`, `[sim:fail=REASON]`, `[sim:code=CODE]`, `[sim:slow=S]`,
 * `[sim:cutclean=N]`; unknown tags are ignored.
 */
export function parsePromptTags(prompt: string): PromptTags {
  const tags: PromptTags = { isStuck: false };
  for (const match of prompt.matchAll(TAG_PATTERN)) {
    const name = (match[1] ?? "").toLowerCase();
    const value = (match[2] ?? "").trim();
    const number = Number(value);
    if (name === "moderation") tags.failureReason = MODERATION_FAILURE;
    else if (name === "fail" && value) tags.failureReason = value;
    else if (name === "code" && /^[a-z_]+$/.test(value)) tags.failureCode = value;
    else if (name === "stuck") tags.isStuck = true;
    else if (name === "nourl" && value && isCount(number)) tags.noUrlPolls = Math.floor(number);
    else if (name === "slow" && value && isCount(number)) tags.processingSeconds = number;
    else if (name === "cutclean" && value && isCount(number)) tags.cleanDownloadCuts = Math.floor(number);
  }
  return tags;
}

/**
 * Whether the `ordinal`-th job (1-based) is one of the `rate` share whose clean copy is cut. Spread evenly over
 * creation order instead of drawn at random, so a test sees the same jobs cut on every run.
 */
export function isPickedAtRate(ordinal: number, rate: number): boolean {
  return Math.floor(ordinal * rate) > Math.floor((ordinal - 1) * rate);
}
