import "server-only";
import { recordUpstreamCall } from "@/lib/ops/metrics";
import { LumaError, copyLumaError, isLumaError } from "./errors";
import { parseErrorBody, parseJsonBody } from "./parse";
import type { UpstreamOrigin } from "./types";

/**
 * The HTTP leg shared by both providers: bearer auth, one timeout over headers and body, no redirects, and
 * every failure turned into a LumaError that says whether the request may have reached the upstream. Nothing
 * here retries: a create costs money, and the reconciler owns the back-off for reads.
 */

type TransportOptions = {
  baseUrl: string;
  apiKey: string;
  origin: UpstreamOrigin;
  fetch?: typeof fetch;
  /** A last word on an error answer, for what only one upstream's documentation tells. */
  refineError?: (error: LumaError, answer: { status: number; json: unknown | undefined }) => LumaError;
};

type CallContext = {
  /** The model a create sent, so a refusal about it can name it. */
  model?: string | null;
};

type Transport = {
  readonly host: string | null;
  call(method: "GET" | "POST", path: string, body: Record<string, unknown> | undefined, timeoutMs: number, context?: CallContext): Promise<unknown>;
  /** Runs a parser and scrubs the key from anything it throws (parsers do not know the key). */
  parsed<T>(parse: () => T): T;
};

/** Socket errors raised before a single request byte could have left this machine. */
const NEVER_SENT_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EAI_FAIL",
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_INVALID_ARG",
  "ERR_INVALID_URL",
  "EPROTO",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/**
 * The most we read of any gateway answer. A generation is a few KB of JSON; a gateway that sends more is broken
 * or hostile, and the rest is never read, so it cannot fill memory or feed the scrubber megabytes.
 */
const UPSTREAM_BODY_MAX_BYTES = 1024 * 1024;

/**
 * The body as text, at most `maxBytes` of it. A 2xx that is longer is refused (a cut JSON answer is useless);
 * an error answer is cut, because its first bytes are all a message needs.
 */
async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - total;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      total += room;
      await reader.cancel().catch(() => undefined);
      if (response.ok) {
        throw new LumaError({ kind: "protocol", status: response.status, detail: `the answer is larger than ${maxBytes / 1024} KB`, mayHaveReachedUpstream: true });
      }
      break;
    }
    chunks.push(value);
    total += value.byteLength;
  }
  return new TextDecoder().decode(Buffer.concat(chunks, total));
}

/** Visible ASCII only: anything else cannot travel in a header, and undici would echo it in its error. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function createTransport(options: TransportOptions): Transport {
  const { apiKey, origin } = options;
  const secrets = [apiKey];
  const base = parseBaseUrl(options.baseUrl);
  const host = base?.host ?? null;

  /** Every call is counted and timed here, the one place both providers go through (`/api/metrics`). */
  async function call(method: "GET" | "POST", path: string, body: Record<string, unknown> | undefined, timeoutMs: number, context: CallContext = {}): Promise<unknown> {
    const started = performance.now();
    let outcome = "ok";
    try {
      return await send(method, path, body, timeoutMs, context);
    } catch (error) {
      outcome = isLumaError(error) ? error.kind : "error";
      throw error;
    } finally {
      recordUpstreamCall(routeLabel(method, path), outcome, (performance.now() - started) / 1000);
    }
  }

  async function send(method: "GET" | "POST", path: string, body: Record<string, unknown> | undefined, timeoutMs: number, context: CallContext): Promise<unknown> {
    if (!base) {
      throw new LumaError({ kind: "network", detail: "LUMA_BASE_URL is not a valid http(s) URL", mayHaveReachedUpstream: false, origin });
    }
    if (!HEADER_SAFE.test(apiKey)) {
      throw new LumaError({
        kind: "auth",
        detail: "LUMA_API_KEY is empty or has characters that cannot be sent in a header",
        mayHaveReachedUpstream: false,
        host,
        origin,
      });
    }

    const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, Accept: "application/json" };
    if (body) headers["Content-Type"] = "application/json";
    const doFetch = options.fetch ?? globalThis.fetch;
    // One signal covers headers and body, so an upstream that stalls mid-body still times out.
    const signal = AbortSignal.timeout(timeoutMs);

    let response: Response;
    try {
      response = await doFetch(`${base.href}${path}`, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        signal,
        // A redirect would replay a paid POST as a GET or drop the key; better to say so plainly.
        redirect: "manual",
      });
    } catch (error) {
      throw fromFetchError(error, host, secrets, origin);
    }

    let text: string;
    try {
      text = await readCappedText(response, UPSTREAM_BODY_MAX_BYTES);
    } catch (error) {
      if (!response.ok) text = "";
      else if (isLumaError(error)) throw error;
      else throw fromFetchError(error, host, secrets, origin);
    }

    if (response.status >= 300 && response.status < 400) {
      throw new LumaError({
        kind: "protocol",
        status: response.status,
        detail: `redirected to ${redirectHost(response.headers.get("location"), base)}; point LUMA_BASE_URL there`,
        mayHaveReachedUpstream: false,
        host,
        origin,
      });
    }
    if (!response.ok) {
      const error = parseErrorBody(response.status, text, response.headers, { secrets, host, origin, model: context.model });
      if (!options.refineError) throw error;
      const body = parseJsonBody(text);
      throw options.refineError(error, { status: response.status, json: body.ok ? body.value : undefined });
    }

    const json = parseJsonBody(text);
    if (!json.ok) {
      throw new LumaError({
        kind: "protocol",
        status: response.status,
        detail: "the body is not JSON",
        upstreamMessage: text,
        mayHaveReachedUpstream: true,
        host,
        origin,
        secrets,
      });
    }
    return json.value;
  }

  return {
    host,
    call,
    parsed<T>(parse: () => T): T {
      try {
        return parse();
      } catch (error) {
        throw isLumaError(error) ? copyLumaError(error, { secrets, host, origin }) : error;
      }
    },
  };
}

/** `POST /luma/generations/{id}/extend`: the path with its ids taken out, so each route is one series. */
function routeLabel(method: string, path: string): string {
  const [bare = path] = path.split("?");
  const template = bare
    .split("/")
    .map((segment, index, segments) => (index > 0 && /^(generations|tasks)$/.test(segments[index - 1] ?? "") ? "{id}" : segment))
    .join("/");
  return `${method} ${template}`;
}

/** The base URL without trailing slashes, so paths can be appended; null when unusable. */
function parseBaseUrl(baseUrl: string): { href: string; host: string } | null {
  try {
    const url = new URL(baseUrl.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (url.username || url.password) return null;
    url.search = "";
    url.hash = "";
    return { href: url.href.replace(/\/+$/, ""), host: url.host };
  } catch {
    return null;
  }
}

function redirectHost(location: string | null, base: { href: string }): string {
  if (!location) return "another address";
  try {
    const url = new URL(location, base.href);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "another address";
  }
}

/** Maps what `fetch` throws to a LumaError, deciding whether the request may have reached the upstream. */
function fromFetchError(error: unknown, host: string | null, secrets: readonly string[], origin: UpstreamOrigin): LumaError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") {
    return new LumaError({ kind: "timeout", detail: "timed out", mayHaveReachedUpstream: true, host, cause: error, secrets, origin });
  }
  const code = socketCode(error);
  if (code && TIMEOUT_CODES.has(code)) {
    return new LumaError({ kind: "timeout", detail: code, mayHaveReachedUpstream: true, host, cause: error, secrets, origin });
  }
  return new LumaError({
    kind: "network",
    detail: code ?? "connection failed",
    // Unknown failures count as "may have arrived": wrongly assuming it did not could pay for a job twice.
    mayHaveReachedUpstream: !(code && NEVER_SENT_CODES.has(code)),
    host,
    cause: error,
    secrets,
    origin,
  });
}

/** The first error code along `cause` chains and AggregateError members. */
function socketCode(error: unknown, depth = 0): string | null {
  if (depth > 5 || typeof error !== "object" || error === null) return null;
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown; message?: unknown };
  const inner = socketCode(record.cause, depth + 1);
  if (inner) return inner;
  if (typeof record.code === "string" && record.code) return record.code;
  if (Array.isArray(record.errors)) {
    for (const member of record.errors) {
      const code = socketCode(member, depth + 1);
      if (code) return code;
    }
  }
  if (typeof record.message === "string" && /other side closed|socket hang up/i.test(record.message)) return "UND_ERR_SOCKET";
  return null;
}

/** Paths take upstream ids verbatim: an empty one is a bug, not a request. */
export function encodeId(upstreamId: string): string {
  if (!upstreamId) throw new TypeError("An upstream generation id is required");
  return encodeURIComponent(upstreamId);
}
