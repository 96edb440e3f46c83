import "server-only";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { recordUpstreamCall } from "@/lib/ops/metrics";
import { LumaError, copyLumaError, isLumaError } from "./errors";
import { parseErrorBody, parseJsonBody } from "./parse";
import type { UpstreamOrigin } from "./types";

/**
 * The HTTP leg shared by both providers: bearer auth, one timeout over headers and body, no redirects, and
 * every failure turned into a LumaError that says whether the request may have reached the upstream. Nothing
 * here retries: a create costs money, and the reconciler owns the back-off for reads.
 *
 * Sent with node:http on keep-alive agents rather than `fetch`: a create then costs one write and no web-stream
 * plumbing (the fetch leg alone took ≈ 1.5 ms of CPU per create, bench/create-overhead.ts), and the connection
 * to the gateway is reused instead of opened per call.
 */

type TransportOptions = {
  baseUrl: string;
  apiKey: string;
  origin: UpstreamOrigin;
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
 * Idle connections are closed after this, below the 5 s most servers keep one open (Node's and many proxies'
 * default), so a call is never sent on a connection the gateway is closing at that moment: a create lost that
 * way would look as if it may have reached the gateway.
 */
const IDLE_SOCKET_MS = 4_000;
const agents = {
  "http:": new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  "https:": new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
};

type Answer = { status: number; ok: boolean; message: IncomingMessage };

/** One request; resolves at the answer's headers. Rejects with a `TimeoutError` once `signal` fires. */
function open(url: URL, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(url, { method, headers, agent: agents[url.protocol as keyof typeof agents] }, (message) => {
      const status = message.statusCode ?? 0;
      resolve({ status, ok: status >= 200 && status < 300, message });
    });
    const onAbort = () => request.destroy(timeoutReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    request.once("close", () => signal.removeEventListener("abort", onAbort));
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * The body as text, at most `maxBytes` of it. A 2xx that is longer is refused (a cut JSON answer is useless);
 * an error answer is cut, because its first bytes are all a message needs.
 */
function readCappedText({ message, status, ok }: Answer, maxBytes: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    // A stall mid-body is the same timeout as one before the headers, not a dropped connection.
    const fail = (error: unknown) => reject(signal.aborted ? timeoutReason(signal) : error);
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = () => resolve(new TextDecoder().decode(Buffer.concat(chunks, total)));
    message.on("data", (chunk: Buffer) => {
      const room = maxBytes - total;
      if (chunk.byteLength <= room) {
        chunks.push(chunk);
        total += chunk.byteLength;
        return;
      }
      chunks.push(chunk.subarray(0, room));
      total += room;
      message.removeAllListeners("data");
      message.removeAllListeners("end");
      if (ok) reject(new LumaError({ kind: "protocol", status, detail: `the answer is larger than ${maxBytes / 1024} KB`, mayHaveReachedUpstream: true }));
      else finish();
      // The rest is never read: the connection goes rather than back to the pool (after settling, so the
      // destruction's own events cannot decide the outcome).
      message.destroy();
    });
    message.once("end", finish);
    message.on("error", fail);
    message.once("aborted", () => fail(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })));
  });
}

function timeoutReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("timed out", "TimeoutError");
}

/** Node's header record as a `Headers`, for the error parsers (only error answers need it). */
function toHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}

/** Visible ASCII only: anything else cannot travel in a header, and undici would echo it in its error. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function createTransport(options: TransportOptions): Transport {
  const { apiKey, origin } = options;
  const secrets = [apiKey];
  const base = parseBaseUrl(options.baseUrl);
  const host = base?.host ?? null;

  /** Every call is counted and timed here, the one place both providers go through (`/api/metrics`). */
  async function call(
    method: "GET" | "POST",
    path: string,
    body: Record<string, unknown> | undefined,
    timeoutMs: number,
    context: CallContext = {},
  ): Promise<unknown> {
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

  async function send(
    method: "GET" | "POST",
    path: string,
    body: Record<string, unknown> | undefined,
    timeoutMs: number,
    context: CallContext,
  ): Promise<unknown> {
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

    const payload = body ? JSON.stringify(body) : undefined;
    const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, Accept: "application/json" };
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = String(Buffer.byteLength(payload));
    }
    // One signal covers headers and body, so an upstream that stalls mid-body still times out.
    const signal = AbortSignal.timeout(timeoutMs);

    // Redirects are never followed (node:http does not): one would replay a paid POST as a GET or drop the key.
    let response: Answer;
    try {
      response = await open(new URL(`${base.href}${path}`), method, headers, payload, signal);
    } catch (error) {
      throw fromFetchError(error, host, secrets, origin);
    }

    let text: string;
    try {
      text = await readCappedText(response, UPSTREAM_BODY_MAX_BYTES, signal);
    } catch (error) {
      if (!response.ok) text = "";
      else if (isLumaError(error)) throw error;
      else throw fromFetchError(error, host, secrets, origin);
    }

    if (response.status >= 300 && response.status < 400) {
      throw new LumaError({
        kind: "protocol",
        status: response.status,
        detail: `redirected to ${redirectHost(response.message.headers.location ?? null, base)}; point LUMA_BASE_URL there`,
        mayHaveReachedUpstream: false,
        host,
        origin,
      });
    }
    if (!response.ok) {
      const error = parseErrorBody(response.status, text, toHeaders(response.message), { secrets, host, origin, model: context.model });
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
