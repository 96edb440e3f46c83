import { createBrand } from "@/lib/brand";
import { MIN_SECRET_LENGTH, scrubSecrets } from "@/lib/security/scrub";
import type { LumaErrorKind, UpstreamOrigin } from "./types";

/**
 * Pure (no server-only): the response parsers build these errors too. Every string that came from the
 * upstream is scrubbed of key-looking text on the way in, so nothing downstream has to remember to.
 */

const MESSAGE_MAX_LENGTH = 300;

type LumaErrorInit = {
  kind: LumaErrorKind;
  status?: number | null;
  upstreamMessage?: string | null;
  retryAfterSeconds?: number | null;
  mayHaveReachedUpstream: boolean;
  /** The gateway's host, so a network message can say where we tried to go. */
  host?: string | null;
  /** A short technical note: a socket error code, or what about a 2xx body we could not use. */
  detail?: string | null;
  origin?: UpstreamOrigin;
  /** For `model`: the model that was sent, or null when none was. */
  model?: string | null;
  /** For `unsupported`: what the upstream cannot do, per request field. */
  issues?: readonly LumaErrorIssue[];
  /** Exact strings (the API key) to remove from every upstream-supplied string. */
  secrets?: readonly string[];
  cause?: unknown;
};

type LumaErrorIssue = { field: string; message: string };

type LumaErrorFields = Pick<
  LumaError,
  "kind" | "status" | "upstreamMessage" | "retryAfterSeconds" | "mayHaveReachedUpstream" | "host" | "detail" | "origin" | "model" | "issues"
>;

const lumaErrorBrand = createBrand<LumaError>("LumaError");

export class LumaError extends Error {
  readonly kind: LumaErrorKind;
  readonly status: number | null;
  /** What the upstream said, trimmed and scrubbed; safe to show and to log. */
  readonly upstreamMessage: string | null;
  readonly retryAfterSeconds: number | null;
  /**
   * False only when the request provably never left or an HTTP answer refused it. When true, a create
   * may have been accepted (and charged) upstream, so the caller must not simply send it again.
   */
  readonly mayHaveReachedUpstream: boolean;
  readonly host: string | null;
  readonly detail: string | null;
  readonly origin: UpstreamOrigin;
  readonly model: string | null;
  readonly issues: readonly LumaErrorIssue[];

  constructor(init: LumaErrorInit) {
    const secrets = init.secrets ?? [];
    const fields: LumaErrorFields = {
      kind: init.kind,
      status: init.status ?? null,
      upstreamMessage: cleanUpstreamText(init.upstreamMessage, secrets),
      retryAfterSeconds: init.retryAfterSeconds == null || !Number.isFinite(init.retryAfterSeconds) ? null : Math.max(0, Math.ceil(init.retryAfterSeconds)),
      mayHaveReachedUpstream: init.mayHaveReachedUpstream,
      host: init.host ?? null,
      detail: cleanUpstreamText(init.detail, secrets),
      origin: init.origin ?? "gateway",
      model: init.model ?? null,
      issues: init.issues ?? [],
    };
    const cause = init.cause === undefined ? undefined : safeCause(init.cause, secrets);
    super(describeLumaError(fields), cause === undefined ? undefined : { cause });
    this.name = "LumaError";
    lumaErrorBrand.mark(this);
    this.kind = fields.kind;
    this.status = fields.status;
    this.upstreamMessage = fields.upstreamMessage;
    this.retryAfterSeconds = fields.retryAfterSeconds;
    this.mayHaveReachedUpstream = fields.mayHaveReachedUpstream;
    this.host = fields.host;
    this.detail = fields.detail;
    this.origin = fields.origin;
    this.model = fields.model;
    this.issues = fields.issues;
  }
}

/** The provider lives on `globalThis`, so its errors may come from another module instance's class. */
export const isLumaError = lumaErrorBrand.is;

/** A copy of `error` with some fields changed; `secrets` are removed from every string it carries (the parsers do not know the key). */
export function copyLumaError(error: LumaError, changes: Partial<Omit<LumaErrorInit, "cause">> = {}): LumaError {
  return new LumaError({
    kind: error.kind,
    status: error.status,
    upstreamMessage: error.upstreamMessage,
    retryAfterSeconds: error.retryAfterSeconds,
    mayHaveReachedUpstream: error.mayHaveReachedUpstream,
    host: error.host,
    detail: error.detail,
    origin: error.origin,
    model: error.model,
    issues: error.issues,
    cause: error.cause,
    ...changes,
  });
}

/** One English sentence or two that tell a person what happened and what to do about it. */
export function describeLumaError(error: LumaErrorFields): string {
  const isLuma = error.origin === "luma";
  const who = isLuma ? "Luma" : "The gateway";
  const whom = isLuma ? "Luma" : "the gateway";
  const said = error.upstreamMessage ? ` ${isLuma ? "Luma" : "Gateway"} said: "${error.upstreamMessage}"` : "";
  const http = error.status === null ? "" : ` (HTTP ${error.status})`;
  const where = error.host ? ` at ${error.host}` : "";
  const retry = error.retryAfterSeconds === null ? null : `Try again in ${Math.max(1, error.retryAfterSeconds)} s.`;

  switch (error.kind) {
    case "auth":
      if (error.status === null && error.detail) return `The API key could not be used: ${error.detail}. Check LUMA_API_KEY.`;
      if (isLuma && error.status === 403) return `Luma refused this account${http}: it may be suspended or deactivated, so contact Luma's support.${said}`;
      if (isLuma) return `Luma rejected the API key${http}. Check LUMA_API_KEY (Luma's keys start with luma-api-).${said}`;
      // A gateway answers 401 both for a bad key and when its own Luma session has expired.
      return `The gateway rejected the API key, or its own Luma session is down${http}. Check LUMA_API_KEY and the gateway's status page.${said}`;
    case "payment":
      return isLuma
        ? `Luma says the account has no balance left${http}. Add funds to your Luma API account, then try again.${said}`
        : `The gateway says the key has no balance or quota left${http}. Top up your credit, then try again.${said}`;
    case "rate_limited":
      return `${who} is rate limiting (too many requests or jobs in flight). ${retry ?? "Try again in a minute."}${said}`;
    case "model":
      // One sentence, pointing at the two places a model is chosen; the gateway's own words stay in `upstreamMessage`.
      if (!error.model)
        return "The gateway needs a model and none was sent: pick one in the form, or set LUMA_MODEL to a model name your gateway lists (for example ray-v2).";
      // One-api's 503 "no available channel": an unknown model, or a known one whose channels are all down.
      return error.status === 503
        ? `The gateway has no channel for the model "${error.model}" right now: pick another model in the form or set LUMA_MODEL, or try again later if this model worked before.`
        : `The gateway does not accept the model "${error.model}": pick another model in the form, or set LUMA_MODEL to a model name your gateway lists.`;
    case "unsupported": {
      const first = error.issues[0]?.message ?? error.detail ?? "an option it does not have";
      return `This request was not sent because ${whom} cannot do it: ${first}`;
    }
    case "rejected":
      return error.upstreamMessage ? `${who} rejected the request${http}: ${error.upstreamMessage}` : `${who} rejected the request${http} without saying why.`;
    case "not_found":
      return `${who} does not know this generation${http}. It may belong to another key${isLuma ? "" : " or gateway"}, or LUMA_BASE_URL points at the wrong path.${said}`;
    case "upstream":
      return `${isLuma ? "Luma" : "The gateway or Luma"} is failing right now${http}. ${retry ?? "Try again in a few minutes."}${said}`;
    case "network": {
      const code = error.detail ? ` (${error.detail})` : "";
      return error.mayHaveReachedUpstream
        ? `The connection to ${whom}${where} broke${code} after the request was sent, so it may have been received. Check the generation before sending it again.`
        : `Could not reach ${whom}${where}${code}. Check LUMA_BASE_URL and the network connection.`;
    }
    case "timeout":
      return error.mayHaveReachedUpstream
        ? `${who}${where} did not answer in time. It may still have received the request, so check the generation before sending it again.`
        : `${who}${where} gave up waiting for the request${http}. Try again.`;
    case "protocol": {
      const what = error.detail ? ` (${error.detail})` : "";
      return `${who} answered in a way this app does not understand${what}${http}.${said}`;
    }
  }
}

/** Collapses whitespace and cuts to a length that fits in a banner or a log line. */
function trimMessage(text: string, max = MESSAGE_MAX_LENGTH): string {
  const collapsed = text.replace(/\s+/g, " ").trim();
  return collapsed.length <= max ? collapsed : `${collapsed.slice(0, max - 1).trimEnd()}…`;
}

function cleanUpstreamText(text: string | null | undefined, secrets: readonly string[]): string | null {
  if (text == null) return null;
  // Scrub before trimming, so a cut can never leave half a key behind.
  const cleaned = trimMessage(scrubSecrets(text, secrets));
  return cleaned === "" ? null : cleaned;
}

/**
 * Keeps the original cause for debugging unless some string in it contains a secret (undici puts an
 * invalid header value, and JSON.parse a slice of the body, into their messages).
 */
function safeCause(cause: unknown, secrets: readonly string[]): unknown {
  const live = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  if (live.length === 0 || !mentionsAny(cause, live, 0)) return cause;
  const replacement = new Error(scrubSecrets(errorMessage(cause), live));
  const code = errorCode(cause);
  if (code) Object.assign(replacement, { code });
  return replacement;
}

function mentionsAny(value: unknown, secrets: readonly string[], depth: number): boolean {
  if (depth > 4 || value == null) return false;
  if (typeof value === "string") return secrets.some((secret) => value.includes(secret));
  if (typeof value !== "object") return false;
  const record = value as { message?: unknown; stack?: unknown; cause?: unknown; errors?: unknown };
  if (mentionsAny(record.message, secrets, depth + 1) || mentionsAny(record.stack, secrets, depth + 1)) return true;
  if (mentionsAny(record.cause, secrets, depth + 1)) return true;
  if (Array.isArray(record.errors)) return record.errors.some((inner) => mentionsAny(inner, secrets, depth + 1));
  try {
    return secrets.some((secret) => JSON.stringify(value).includes(secret));
  } catch {
    return true;
  }
}

function errorMessage(value: unknown): string {
  return value instanceof Error ? value.message : typeof value === "string" ? value : "upstream error";
}

function errorCode(value: unknown): string | null {
  const code = (value as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : null;
}
