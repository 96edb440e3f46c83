import fc from "fast-check";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * proxy.ts in process, with a password set, against generated requests: whatever the path, Host, Origin,
 * method and cookie, nothing reaches a protected route without a valid session, nothing cross-site writes,
 * unknown host names get nothing, and every redirect stays on the studio's own origin.
 */
const PASSWORD = "proxy-fuzz-password";
let proxy: typeof import("@/proxy").proxy;
let validCookie = "";

beforeAll(async () => {
  Object.assign(process.env, { APP_PASSWORD: PASSWORD, DATA_DIR: `/tmp/luma-proxy-fuzz-${process.pid}`, LOG_LEVEL: "silent", ALLOWED_HOSTS: "studio.example" });
  ({ proxy } = await import("@/proxy"));
  const { createSessionToken } = await import("@/lib/auth/session");
  validCookie = `luma_session=${(await createSessionToken()).token}`;
});

const passedThrough = (response: Response) => response.headers.get("x-middleware-next") === "1";
const PUBLIC = /^\/api\/(health|callbacks\/luma\/[^/]+\/[^/]+)$/;
const SIGN_IN = /^\/(login|api\/auth\/(login|logout)|icon\.svg|favicon\.ico)$/;

const segment = fc.oneof(
  fc.constantFrom(
    "api",
    "generations",
    "health",
    "callbacks",
    "luma",
    "auth",
    "login",
    "logout",
    "gallery",
    "media",
    "video",
    "..",
    ".",
    "%2e%2e",
    "%2F",
    "events",
    "status",
    "uploads",
    "icon.svg",
  ),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
);
const requestArb = fc.record({
  path: fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join("/")}`),
  search: fc.constantFrom("", "?next=//evil.example", "?next=%2F%2Fevil.example", "?next=/gallery", "?x=1"),
  method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
  host: fc.constantFrom("localhost:3000", "127.0.0.1:3310", "studio.example", "evil.example", "localhost.evil.example", "[::1]:3000", "10.1.2.3:3000"),
  origin: fc.constantFrom(null, "http://localhost:3000", "https://evil.example", "null", "http://127.0.0.1:3310"),
  fetchSite: fc.constantFrom(null, "same-origin", "same-site", "cross-site", "none"),
  cookie: fc.constantFrom<string | null>(null, "luma_session=v1.forged.1.9999999999.AAAA", "luma_session=", "__valid__"),
});

describe("proxy.ts under generated requests", () => {
  it("holds its four rules", async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        runs += 1;
        const headers = new Headers({ host: r.host });
        if (r.origin) headers.set("origin", r.origin);
        if (r.fetchSite) headers.set("sec-fetch-site", r.fetchSite);
        if (r.cookie) headers.set("cookie", r.cookie === "__valid__" ? validCookie : r.cookie);
        const request = new NextRequest(`http://${r.host}${r.path}${r.search}`, { method: r.method, headers });
        const response = await proxy(request);
        const path = request.nextUrl.pathname;
        const isPublic = PUBLIC.test(path);
        const hostOk = !/evil/.test(r.host);
        const crossSite =
          ["POST", "PUT", "PATCH", "DELETE"].includes(r.method) &&
          (r.fetchSite ? !["same-origin", "none"].includes(r.fetchSite) : r.origin !== null && r.origin !== `http://${r.host}`);
        const signedIn = r.cookie === "__valid__";

        expect(response.status).toBeLessThan(500);
        expect(response.headers.get("x-frame-options")).toBe("DENY");
        expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
        if (passedThrough(response)) {
          expect(isPublic || hostOk, "unknown host passed").toBe(true);
          expect(isPublic || !crossSite, "cross-site write passed").toBe(true);
          expect(isPublic || signedIn || SIGN_IN.test(path), `unauthenticated request passed to ${path}`).toBe(true);
        }
        const location = response.headers.get("location");
        if (location) expect(new URL(location, `http://${r.host}`).host, location).toBe(r.host);
        if (!isPublic && !hostOk) expect(response.status).toBe(403);
        if (!isPublic && hostOk && !signedIn && !SIGN_IN.test(path) && !crossSite && path.startsWith("/api/")) expect(response.status).toBe(401);
      }),
      { numRuns: 4000 },
    );
    console.info(`[fuzz] proxy: ${runs} requests`);
  });
});
