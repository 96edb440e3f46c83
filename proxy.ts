import { NextResponse, type NextRequest } from "next/server";
import { THEME_SCRIPT } from "@/lib/client/theme-script";
import { FORWARDED_CHAIN_HEADER } from "@/lib/security/client-address";
import { securityConfig } from "@/lib/security/config";
import { API_CSP, buildPageCsp, MEDIA_CSP, mediaOriginsFor } from "@/lib/security/csp";
import { frontDoor, withBaseline } from "@/lib/security/front-door";

/**
 * Runs the front door (lib/security/front-door.ts) for every path except Next's static files and the routes
 * that take large bodies (see `config.matcher`). Then it forwards the request with the client's forwarding
 * headers set aside, and answers with the security headers and a per-request CSP.
 */

const MEDIA_PATHS = [/^\/api\/generations\/[^/]+\/media\/[^/]+$/, /^\/api\/uploads\/[^/]+$/];
/** Kept only under TRUST_PROXY; X-Forwarded-For is always moved aside (lib/security/client-address.ts). */
const FORWARDING_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

const holder = globalThis as typeof globalThis & { __lumaThemeHash?: Promise<string> };

function themeScriptHash(): Promise<string> {
  holder.__lumaThemeHash ??= crypto.subtle
    .digest("SHA-256", new TextEncoder().encode(THEME_SCRIPT))
    .then((digest) => `'sha256-${Buffer.from(digest).toString("base64")}'`);
  return holder.__lumaThemeHash;
}

export async function proxy(request: NextRequest): Promise<Response> {
  const refusal = await frontDoor(request, request.nextUrl);
  if (refusal) return refusal;

  const path = request.nextUrl.pathname;
  const isApi = path.startsWith("/api/");
  const requestHeaders = new Headers(request.headers);
  // Next refills X-Forwarded-For with the socket's address for the route; what the client or a relay sent
  // travels beside it, so the route can tell who connected from what they claim.
  requestHeaders.delete(FORWARDED_CHAIN_HEADER);
  const forwardedFor = request.headers.get("x-forwarded-for");
  if (forwardedFor) requestHeaders.set(FORWARDED_CHAIN_HEADER, forwardedFor);
  requestHeaders.delete("x-forwarded-for");
  if (!securityConfig.trustProxy) for (const name of FORWARDING_HEADERS) requestHeaders.delete(name);

  let csp = isApi ? (MEDIA_PATHS.some((pattern) => pattern.test(path)) ? MEDIA_CSP : API_CSP) : "";
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
  // Not Next's static build output (public, the same for every visitor), and not the routes that take large
  // bodies: Next reads a body completely before proxy.ts runs, so those routes run the front door themselves,
  // before reading (lib/security/front-door.ts `behindFrontDoor`). Every other body is cut at
  // experimental.proxyClientMaxBodySize (next.config.mjs), which is small.
  matcher: [
    "/((?!_next/static|api/generations$|api/generations/[^/]+/extend$|api/generations/[^/]+/derive$|api/generations/bulk-delete$|api/generations/zip$|api/uploads$|api/callbacks/).*)",
  ],
};
