import { NextResponse, type NextRequest } from "next/server";
import { THEME_SCRIPT } from "@/components/theme-script";
import { sessionTokenFrom, verifySessionToken } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { openAccessProblem } from "@/lib/security/bind";
import { securityConfig } from "@/lib/security/config";
import { API_CSP, BASELINE_HEADERS, buildPageCsp, MEDIA_CSP, mediaOriginsFor } from "@/lib/security/csp";
import { checkSameOrigin, isAllowedHost, STATE_CHANGING_METHODS } from "@/lib/security/host";
import { safeReturnPath } from "@/lib/security/return-path";

/**
 * The front door, in order: refuse an unsafe listen address, unknown Host names (DNS rebinding), cross-site
 * writes, and — with APP_PASSWORD — anyone without a session. Then it forwards the request with client-sent
 * forwarding headers removed (unless TRUST_PROXY) and answers with the security headers and a per-request CSP.
 */

const PUBLIC_PATHS = [/^\/api\/health$/, /^\/api\/callbacks\/luma\/[^/]+\/[^/]+$/];
/** Reachable without a session when a password is set. */
const SIGN_IN_PATHS = [/^\/login$/, /^\/api\/auth\/(login|logout)$/, /^\/icon\.svg$/, /^\/favicon\.ico$/];
const MEDIA_PATHS = [/^\/api\/generations\/[^/]+\/media\/[^/]+$/, /^\/api\/uploads\/[^/]+$/];
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

const holder = globalThis as typeof globalThis & { __lumaThemeHash?: Promise<string>; __lumaBindProblem?: string | null };

function themeScriptHash(): Promise<string> {
  holder.__lumaThemeHash ??= crypto.subtle
    .digest("SHA-256", new TextEncoder().encode(THEME_SCRIPT))
    .then((digest) => `'sha256-${Buffer.from(digest).toString("base64")}'`);
  return holder.__lumaThemeHash;
}

function bindProblem(): string | null {
  if (holder.__lumaBindProblem === undefined) {
    holder.__lumaBindProblem =
      process.env.NODE_ENV === "production"
        ? openAccessProblem({ argv: process.argv, hasPassword: securityConfig.isPasswordRequired, allowOpenAccess: securityConfig.allowOpenAccess })
        : null;
    if (holder.__lumaBindProblem) log.error("refusing to serve", { reason: holder.__lumaBindProblem });
  }
  return holder.__lumaBindProblem;
}

const matches = (patterns: readonly RegExp[], path: string) => patterns.some((pattern) => pattern.test(path));

function withBaseline(response: Response, csp: string): Response {
  for (const [name, value] of Object.entries(BASELINE_HEADERS)) response.headers.set(name, value);
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

function refuse(error: AppError, isApi: boolean): Response {
  const response = isApi ? error.toResponse() : new Response(`${error.message}\n`, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  response.headers.set("Cache-Control", "no-store");
  return withBaseline(response, API_CSP);
}

/** Where redirects point: the configured public URL, else the Host the browser used (already allow-listed). */
function trustedOrigin(request: NextRequest): string {
  if (securityConfig.publicBaseUrl) return new URL(securityConfig.publicBaseUrl).origin;
  return `${request.nextUrl.protocol}//${request.headers.get("host") ?? request.nextUrl.host}`;
}

function redirectTo(request: NextRequest, path: string): Response {
  const response = NextResponse.redirect(new URL(path, trustedOrigin(request)), 303);
  response.headers.set("Cache-Control", "no-store");
  return withBaseline(response, API_CSP);
}

export async function proxy(request: NextRequest): Promise<Response> {
  const path = request.nextUrl.pathname;
  const isApi = path.startsWith("/api/");
  const isPublic = matches(PUBLIC_PATHS, path);

  const problem = bindProblem();
  if (problem && path !== "/api/health") return refuse(new AppError("forbidden", problem), isApi);

  if (!isPublic) {
    if (!isAllowedHost(request.headers.get("host"), securityConfig.hostPolicy)) {
      return refuse(new AppError("forbidden", "This host name is not allowed. Add it to ALLOWED_HOSTS or set PUBLIC_BASE_URL."), isApi);
    }
    if (STATE_CHANGING_METHODS.has(request.method)) {
      const verdict = checkSameOrigin(
        { origin: request.headers.get("origin"), secFetchSite: request.headers.get("sec-fetch-site"), host: request.headers.get("host") },
        securityConfig.publicBaseUrl,
      );
      if (!verdict.ok) {
        log.warn("cross-site request refused", { path, method: request.method, reason: verdict.reason });
        return refuse(new AppError("forbidden", "Cross-site requests are refused. Use the studio's own pages."), isApi);
      }
    }
  }

  if (securityConfig.isPasswordRequired && !isPublic) {
    const session = await verifySessionToken(sessionTokenFrom(request.headers.get("cookie")));
    if (path === "/login" && session && request.method === "GET") {
      return redirectTo(request, safeReturnPath(request.nextUrl.searchParams.get("next")));
    }
    if (!session && !matches(SIGN_IN_PATHS, path)) {
      if (isApi) return refuse(new AppError("unauthorized", "Sign in first: this studio is protected by a password."), true);
      const target = safeReturnPath(`${path}${request.nextUrl.search}`);
      return redirectTo(request, target === "/" ? "/login" : `/login?next=${encodeURIComponent(target)}`);
    }
  } else if (path === "/login" && request.method === "GET") {
    return redirectTo(request, "/");
  }

  const requestHeaders = new Headers(request.headers);
  if (!securityConfig.trustProxy) for (const name of FORWARDING_HEADERS) requestHeaders.delete(name);

  let csp = isApi ? (matches(MEDIA_PATHS, path) ? MEDIA_CSP : API_CSP) : "";
  if (!isApi) {
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    csp = buildPageCsp({
      nonce,
      scriptHashes: [await themeScriptHash()],
      isDev: process.env.NODE_ENV === "development",
      mediaOrigins: mediaOriginsFor(securityConfig.upstreamBaseUrl, securityConfig.isDemo),
      allowHttpImages: securityConfig.allowHttpImageUrls,
      upgradeInsecureRequests: securityConfig.isPublicHttps,
    });
    // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
    requestHeaders.set("content-security-policy", csp);
    requestHeaders.set("x-nonce", nonce);
  }
  return withBaseline(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  // Everything except Next's static build output, which is public and the same for every visitor.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
