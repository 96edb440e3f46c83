import { NextResponse, type NextRequest } from "next/server";
import { THEME_SCRIPT } from "@/components/theme-script";
import { securityConfig } from "@/lib/security/config";
import { API_CSP, buildPageCsp, MEDIA_CSP, mediaOriginsFor } from "@/lib/security/csp";
import { frontDoor, withBaseline } from "@/lib/security/front-door";

/**
 * Runs the front door (lib/security/front-door.ts) for every path except Next's static files. Then it forwards
 * the request with client-sent forwarding headers removed (unless TRUST_PROXY), and answers with the security
 * headers and a per-request CSP.
 */

const MEDIA_PATHS = [/^\/api\/generations\/[^/]+\/media\/[^/]+$/, /^\/api\/uploads\/[^/]+$/];
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

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
  // Everything except Next's static build output, which is public and the same for every visitor.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
