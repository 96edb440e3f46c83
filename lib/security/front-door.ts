import "server-only";
import { NextResponse } from "next/server";
import { ACCESS_COOKIE, ACCESS_TOKEN_PARAM, accessCookieHeader, isAccessToken } from "@/lib/auth/access-token";
import { cookieValue } from "@/lib/auth/cookie";
import { isSecureRequest, sessionFromRequest } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { listeningAddresses, openAccessProblem } from "./bind";
import { securityConfig } from "./config";
import { BASELINE_HEADERS } from "./baseline.mjs";
import { API_CSP } from "./csp";
import { checkSameOrigin, isAllowedHost, STATE_CHANGING_METHODS } from "./host";
import { noticeResponse } from "./notice-page";
import { relaySigns } from "./relay";
import { safeReturnPath } from "./return-path";

/**
 * The front door, in order: refuse an unsafe listen address; without a password, refuse anything relayed;
 * refuse unknown Host names (DNS rebinding) and cross-site writes; then ask for a session (with a password) or
 * the access token (without one). proxy.ts runs it for every path, and the routes that take large bodies run
 * it themselves before reading a byte (`behindFrontDoor`), because Next buffers a body for proxy.ts before
 * proxy.ts can refuse it.
 */

/**
 * Answered without a session or the access token. Probes (health, readiness) say only words like "ok"; the
 * metrics route and the callback receiver carry their own credential (a bearer token, a per-generation secret).
 * Without a password the relay refusal above still applies to them: a probe must come from this machine.
 */
const PUBLIC_PATHS = [/^\/api\/(health|ready|metrics)$/, /^\/api\/callbacks\/luma\/[^/]+\/[^/]+$/];
/** Reachable without a session when a password is set. */
const SIGN_IN_PATHS = [/^\/login$/, /^\/api\/auth\/(login|logout)$/, /^\/icon\.svg$/, /^\/favicon\.ico$/];
const RELAYED_API_MESSAGE =
  "This studio has no password, so it answers only a browser on the computer it runs on, and this request came through a proxy, a tunnel or another host name. To use it from elsewhere, set APP_PASSWORD (at least 8 characters) and restart it; behind a reverse proxy also set PUBLIC_BASE_URL and TRUST_PROXY=true.";
/** A stranger can trigger these at will; the log keeps one line per minute and how many it left out. */
const REFUSAL_LOG_INTERVAL_MS = 60_000;

const matches = (patterns: readonly RegExp[], path: string) => patterns.some((pattern) => pattern.test(path));

export function withBaseline(response: Response, csp: string): Response {
  for (const [name, value] of Object.entries(BASELINE_HEADERS)) response.headers.set(name, value);
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

function refuse(error: AppError, isApi: boolean): Response {
  const response = isApi
    ? error.toResponse()
    : new Response(`${error.message}\n`, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  response.headers.set("Cache-Control", "no-store");
  return withBaseline(response, API_CSP);
}

/** Where redirects point: the configured public URL, else the Host the browser used (already allow-listed). */
function trustedOrigin(url: URL, host: string | null): string {
  if (securityConfig.publicBaseUrl) return new URL(securityConfig.publicBaseUrl).origin;
  return `${url.protocol}//${host ?? url.host}`;
}

function redirectTo(url: URL, host: string | null, path: string, cookie?: string): Response {
  const response = NextResponse.redirect(new URL(path, trustedOrigin(url, host)), 303);
  response.headers.set("Cache-Control", "no-store");
  if (cookie) response.headers.append("Set-Cookie", cookie);
  return withBaseline(response, API_CSP);
}

const holder = globalThis as typeof globalThis & { __lumaBindProblem?: string | null };

/**
 * Listening beyond loopback without a password. Instrumentation refuses to start in that case; this catches a
 * server that began listening after start-up (a custom server), once it is known where it listens.
 */
function bindProblem(): string | null {
  if (process.env.NODE_ENV !== "production") return null;
  if (holder.__lumaBindProblem !== undefined) return holder.__lumaBindProblem;
  const addresses = listeningAddresses();
  if (addresses.length === 0) return null;
  holder.__lumaBindProblem = openAccessProblem(
    { hasPassword: securityConfig.isPasswordRequired, allowOpenAccess: securityConfig.allowOpenAccess, allowedHosts: [], trustProxy: false },
    addresses,
  );
  if (holder.__lumaBindProblem) log.error("refusing to serve", { reason: holder.__lumaBindProblem });
  return holder.__lumaBindProblem;
}

/** Null to let the request through; otherwise the answer to send instead. */
export async function frontDoor(request: Request, url: URL): Promise<Response | null> {
  const path = url.pathname;
  const isApi = path.startsWith("/api/");
  const host = request.headers.get("host");
  const mode = securityConfig.accessMode;

  const problem = bindProblem();
  if (problem && path !== "/api/health") return refuse(new AppError("forbidden", problem), isApi);

  if (mode === "local") {
    const signs = relaySigns(request.headers);
    if (signs.length > 0) {
      log.warnAtMostEvery("relayed", REFUSAL_LOG_INTERVAL_MS, "relayed request refused: the studio has no password", { signs });
      // API clients get the same words in the API's one error shape.
      return isApi ? refuse(new AppError("forbidden", RELAYED_API_MESSAGE), true) : noticeResponse("relayed", 403);
    }
  }

  if (matches(PUBLIC_PATHS, path)) return null;

  if (!isAllowedHost(host, securityConfig.hostPolicy)) {
    return refuse(new AppError("forbidden", "This host name is not allowed. Add it to ALLOWED_HOSTS or set PUBLIC_BASE_URL."), isApi);
  }
  if (STATE_CHANGING_METHODS.has(request.method)) {
    const verdict = checkSameOrigin(
      { origin: request.headers.get("origin"), secFetchSite: request.headers.get("sec-fetch-site"), host },
      securityConfig.publicBaseUrl,
    );
    if (!verdict.ok) {
      log.warnAtMostEvery("cross-site", REFUSAL_LOG_INTERVAL_MS, "cross-site request refused", { path, method: request.method, reason: verdict.reason });
      return refuse(new AppError("forbidden", "Cross-site requests are refused. Use the studio's own pages."), isApi);
    }
  }

  if (mode === "password") {
    const session = await sessionFromRequest(request);
    if (path === "/login" && session && request.method === "GET") return redirectTo(url, host, safeReturnPath(url.searchParams.get("next")));
    if (!session && !matches(SIGN_IN_PATHS, path)) {
      if (isApi) return refuse(new AppError("unauthorized", "Sign in first: this studio is protected by a password."), true);
      const target = safeReturnPath(`${path}${url.search}`);
      return redirectTo(url, host, target === "/" ? "/login" : `/login?next=${encodeURIComponent(target)}`);
    }
    return null;
  }

  if (mode === "local") {
    const hasToken = isAccessToken(cookieValue(request.headers.get("cookie"), ACCESS_COOKIE));
    const offered = url.searchParams.get(ACCESS_TOKEN_PARAM);
    if (!isApi && offered !== null && (request.method === "GET" || request.method === "HEAD")) {
      if (!isAccessToken(offered)) return noticeResponse("token", 401);
      // Remember it, and take it out of the address bar (and of the history and any Referer).
      const rest = new URLSearchParams(url.searchParams);
      rest.delete(ACCESS_TOKEN_PARAM);
      const query = rest.toString();
      return redirectTo(url, host, `${path === "/login" ? "/" : path}${query ? `?${query}` : ""}`, accessCookieHeader(isSecureRequest(request)));
    }
    if (!hasToken) {
      if (isApi)
        return refuse(
          new AppError(
            "unauthorized",
            "This studio has no password, so it answers only the browser that opened the link printed when it started (…/?token=…). Send that token in the luma_access cookie, or set APP_PASSWORD.",
          ),
          true,
        );
      return noticeResponse("token", 401);
    }
  }

  if (path === "/login" && request.method === "GET") return redirectTo(url, host, "/");
  return null;
}

/**
 * For routes that proxy.ts does not run for (their bodies may be large, and Next would buffer them before
 * proxy.ts could refuse): the same front door, before the handler reads anything, and the API answers' CSP.
 */
export function behindFrontDoor<A extends [Request, ...unknown[]]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    const [request] = args;
    const refusal = await frontDoor(request, new URL(request.url));
    if (refusal) return refusal;
    const response = await handler(...args);
    if (!response.headers.has("Content-Security-Policy")) response.headers.set("Content-Security-Policy", API_CSP);
    return response;
  };
}
