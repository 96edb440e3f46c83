import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";
import { authCookieAttributes, readSetCookie } from "./set-cookie";

/**
 * The spending limits, input caps and sign-in through the real route handlers, against the simulator:
 * every refusal is a clear 4xx, leaves no row and makes no upstream call.
 */
const PASSWORD = "route-test-password-1";
let h: Harness;
let store: import("@/lib/db/store-types").GenerationStore;
let limits: typeof import("@/lib/security/limits");
let login: typeof import("@/app/api/auth/login/route");
let logout: typeof import("@/app/api/auth/logout/route");
let loginThrottle: typeof import("@/lib/auth/login");

const rows = async () => (await store.listGenerations({ limit: 1000 })).length;
const upstreamCalls = () => h.sim.stats().requests;

async function expectRefused(response: Response, status: number, pattern: RegExp, given?: { rows: number; calls: number }) {
  const before = given ?? { rows: await rows(), calls: upstreamCalls() };
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(response.status, body.error.message).toBe(status);
  expect(body.error.message).toMatch(pattern);
  expect(await rows()).toBe(before.rows);
  expect(upstreamCalls()).toBe(before.calls);
  return body;
}

beforeAll(async () => {
  h = await startHarness({
    simulator: { pendingSeconds: 60, processingSeconds: 60 },
    reconciler: false,
    env: { APP_PASSWORD: PASSWORD, CREATE_RATE_LIMIT_PER_MINUTE: "10", MAX_IN_FLIGHT: "3", MAX_GENERATIONS_PER_DAY: "6" },
  });
  store = (await import("@/lib/db/store")).getStore();
  limits = await import("@/lib/security/limits");
  login = await import("@/app/api/auth/login/route");
  logout = await import("@/app/api/auth/logout/route");
  loginThrottle = await import("@/lib/auth/login");
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  await limits.resetCreateLimits();
  await loginThrottle.resetLoginThrottle();
});

describe("spending limits", () => {
  it("rate: at most CREATE_RATE_LIMIT_PER_MINUTE per session and per address, with Retry-After", async () => {
    const now = Date.now();
    for (let i = 0; i < 10; i++) await limits.assertCreateAllowed({ sessionId: "s1", address: `10.0.0.${i}` }, now);
    await expect(limits.assertCreateAllowed({ sessionId: "s1", address: "10.0.1.1" }, now + 1000)).rejects.toThrow(
      /10 per minute \(CREATE_RATE_LIMIT_PER_MINUTE\)\. Try again in 59 s/,
    );
    for (let i = 0; i < 10; i++) await limits.assertCreateAllowed({ sessionId: `other-${i}`, address: "10.9.9.9" }, now);
    await expect(limits.assertCreateAllowed({ sessionId: "fresh", address: "10.9.9.9" }, now)).rejects.toThrow(/CREATE_RATE_LIMIT_PER_MINUTE/);
    // The window slides: a minute later both have room again.
    await limits.assertCreateAllowed({ sessionId: "s1", address: "10.9.9.9" }, now + 61_000);
  });

  it("rate limit through the route: 429, Retry-After, no row, no upstream call", async () => {
    for (let i = 0; i < 10; i++) await limits.assertCreateAllowed({ sessionId: null, address: "unknown" });
    const response = await h.create({ prompt: "over the rate" });
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    await expectRefused(response, 429, /CREATE_RATE_LIMIT_PER_MINUTE/);
  });

  it("in flight: MAX_IN_FLIGHT unfinished generations, then 429 naming the limit; a replay still answers", async () => {
    const keys = ["inflight-key-1", "inflight-key-2", "inflight-key-3"];
    for (const key of keys) expect((await h.create({ prompt: `running ${key}` }, { "idempotency-key": key })).status).toBe(201);
    const refused = await h.create({ prompt: "one too many" }, { "x-forwarded-for": "203.0.113.9" });
    expect(refused.headers.get("retry-after")).toBe("15");
    await expectRefused(refused, 429, /3 generations are already in progress.*MAX_IN_FLIGHT = 3/);

    const before = { rows: await rows(), calls: upstreamCalls() };
    const replay = await h.create({ prompt: "running inflight-key-1" }, { "idempotency-key": "inflight-key-1" });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect({ rows: await rows(), calls: upstreamCalls() }).toEqual(before);
  });

  it("daily: MAX_GENERATIONS_PER_DAY over the last 24 hours, with when it frees up", async () => {
    const finishAll = async () => {
      for (const row of await store.listGenerations({ limit: 1000 })) await store.updateGeneration(row.id, { state: "completed" });
    };
    await finishAll();
    for (let i = 0; i < 3; i++) expect((await h.create({ prompt: `daily ${i}` })).status).toBe(201);
    await finishAll();
    expect(await rows()).toBe(6);
    const refused = await h.create({ prompt: "seventh today" });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(23 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
    await expectRefused(refused, 429, /daily limit of 6 generations \(MAX_GENERATIONS_PER_DAY.*The next one is possible at \d\d:\d\d UTC, in 2[34] h/);
  });
});

describe("limits before storage", () => {
  it("a refused create or upload stores nothing: the limits run before inline frames and uploads are written", async () => {
    // The tests above reached MAX_GENERATIONS_PER_DAY (6).
    const uploads = path.join(h.dataDir, "media", "uploads");
    const stored = () => (fs.existsSync(uploads) ? fs.readdirSync(uploads).length : 0);
    const before = stored();
    const png = Buffer.concat([fs.readFileSync(path.join(process.cwd(), "test", "fixtures", "frame.png")), randomBytes(64)]);
    const { POST } = await import("@/app/api/uploads/route");
    const upload = await POST(
      new NextRequest("http://app.test/api/uploads", { method: "POST", headers: { ...h.door, "content-type": "image/png" }, body: png }),
    );
    await expectRefused(upload, 429, /MAX_GENERATIONS_PER_DAY/);
    await expectRefused(
      await h.create({ prompt: "inline, over the limit", imageUrl: `data:image/png;base64,${png.toString("base64")}` }),
      429,
      /MAX_GENERATIONS_PER_DAY/,
    );
    expect(stored()).toBe(before);
  });
});

describe("input hardening", () => {
  // The limits run before the body is read; these tests are about the body.
  beforeAll(async () => {
    for (const row of await store.listGenerations({ limit: 1000 })) await store.deleteGenerationById(row.id);
  });
  const tiny = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

  it.each([
    ["plain http image", { prompt: "x", imageUrl: "http://example.com/a.png" }, /plain http:\/\/ is turned off/],
    ["credentials in the URL", { prompt: "x", imageUrl: "https://user:pass@example.com/a.png" }, /https:\/\/ image URL/],
    ["a data URI of another type", { prompt: "x", imageUrl: "data:image/svg+xml;base64,PHN2Zz4=" }, /https:\/\/ image URL/],
    ["broken base64", { prompt: "x", imageUrl: "data:image/png;base64,abc=d" }, /https:\/\/ image URL/],
    ["an over-long URL", { prompt: "x", imageUrl: `https://example.com/${"a".repeat(5000)}` }, /under 4096 characters/],
    ["an unknown field", { prompt: "x", admin: true }, /Unrecognized key/i],
    ["an unknown aspect ratio", { prompt: "x", aspectRatio: "2:1" }, /aspectRatio/],
    ["a prompt over 5000 characters", { prompt: "p".repeat(5001) }, /under 5000 characters/],
    ["javascript: URL", { prompt: "x", imageEndUrl: "javascript:alert(1)" }, /https:\/\/ image URL/],
  ])("%s → 400 with the field named", async (_name, body, pattern) => {
    await expectRefused(await h.create(body), 400, pattern);
  });

  it("a data URI over 10 MB decoded → 400; the body cap → 413; both before any row or call", async () => {
    const big = `data:image/png;base64,${"A".repeat(Math.ceil((10 * 1024 * 1024 + 3) / 3) * 4)}`;
    await expectRefused(await h.create({ prompt: "x", imageUrl: big }), 400, /under 10 MB/);
    const huge = JSON.stringify({ prompt: "x", imageUrl: big, imageEndUrl: big, pad: "y".repeat(1024 * 1024) });
    await expectRefused(await h.create(huge), 413, /larger than 26 MB/);
  });

  it("a small inline PNG is accepted", async () => {
    for (const row of await store.listGenerations({ limit: 1000 })) await store.deleteGenerationById(row.id);
    const response = await h.create({ prompt: "inline frame", imageUrl: `data:image/png;base64,${tiny}` });
    expect(response.status).toBe(201);
  });

  it("a chunked body without Content-Length is cut off at the cap", async () => {
    const { POST } = await import("@/app/api/generations/bulk-delete/route");
    const chunk = new TextEncoder().encode("[".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await POST(
      new NextRequest("http://app.test/api/generations/bulk-delete", {
        method: "POST",
        headers: { ...h.door, "content-type": "application/json" },
        body,
        duplex: "half",
      } as ConstructorParameters<typeof NextRequest>[1]),
    );
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });
});

describe("sign-in", () => {
  const post = (body: string, type: string, headers: Record<string, string> = {}) =>
    login.POST(new NextRequest("http://app.test/api/auth/login", { method: "POST", headers: { "content-type": type, ...headers }, body }));

  it("JSON: the right password answers a signed HttpOnly SameSite=Lax cookie; a wrong one 401", async () => {
    const wrong = await post(JSON.stringify({ password: "nope" }), "application/json");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const right = await post(JSON.stringify({ password: PASSWORD }), "application/json");
    expect(right.status).toBe(200);
    const cookie = readSetCookie(right.headers.get("set-cookie"));
    expect(cookie).toEqual({ name: "luma_session", value: expect.stringMatching(/^v1\./), attributes: authCookieAttributes(/^[1-9]\d*$/) });
    const { verifySessionToken } = await import("@/lib/auth/session");
    const token = cookie.value;
    expect(await verifySessionToken(token)).not.toBeNull();
    expect(await verifySessionToken(`${token.slice(0, -2)}AA`)).toBeNull();
    expect(await verifySessionToken(token.replace(/\.(\d+)\./, ".1.")), "a changed issue time breaks the signature").toBeNull();

    const out = await logout.POST(
      new NextRequest("http://app.test/api/auth/logout", { method: "POST", headers: { cookie: `luma_session=${token}`, accept: "application/json" } }),
    );
    expect(readSetCookie(out.headers.get("set-cookie"))).toEqual({ name: "luma_session", value: "", attributes: authCookieAttributes(/^0$/) });
    expect(await verifySessionToken(token), "signed out tokens stop working").toBeNull();
  });

  it("an https request gets a Secure cookie", async () => {
    const response = await login.POST(
      new NextRequest("https://studio.example/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password: PASSWORD }),
      }),
    );
    expect(readSetCookie(response.headers.get("set-cookie")).attributes).toEqual(authCookieAttributes(/^[1-9]\d*$/, { secure: true }));
  });

  it("form: redirects to a safe return path only (relative Location)", async () => {
    const good = await post(new URLSearchParams({ password: PASSWORD, next: "/gallery?state=failed" }).toString(), "application/x-www-form-urlencoded");
    expect(good.status).toBe(303);
    expect(good.headers.get("location")).toBe("/gallery?state=failed");
    for (const next of ["//evil.example", "/\\evil.example", "https://evil.example/", "/%2F%2Fevil.example"]) {
      const response = await post(new URLSearchParams({ password: PASSWORD, next }).toString(), "application/x-www-form-urlencoded");
      expect(response.headers.get("location"), next).toBe("/");
    }
    const wrong = await post(new URLSearchParams({ password: "bad", next: "//evil.example" }).toString(), "application/x-www-form-urlencoded");
    expect(wrong.headers.get("location")).toBe("/login?error=wrong");
  });

  it("five failures from one address, then 429 with Retry-After, even for the right password; other addresses unaffected", async () => {
    const from = (address: string, password: string) => post(JSON.stringify({ password }), "application/json", { "x-forwarded-for": address });
    for (let i = 0; i < 5; i++) expect((await from("198.51.100.7", `guess-${i}`)).status).toBe(401);
    const throttled = await from("198.51.100.7", PASSWORD);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(800);
    expect((await throttled.json()).error.message).toMatch(/Too many failed sign-ins from this address\. Try again in 15 min/);
    expect((await from("198.51.100.8", PASSWORD)).status).toBe(200);
  });

  it("a global ceiling holds when the address rotates", async () => {
    let lastStatus = 0;
    for (let i = 0; i < 101; i++)
      lastStatus = (await post(JSON.stringify({ password: `g-${i}` }), "application/json", { "x-forwarded-for": `192.0.2.${i % 250}` })).status;
    expect(lastStatus).toBe(429);
  });

  it("refuses bodies that are not a sign-in", async () => {
    expect((await post("password=a", "text/plain")).status).toBe(415);
    expect((await post(JSON.stringify({ password: PASSWORD, extra: 1 }), "application/json")).status).toBe(400);
    expect((await post(JSON.stringify({ password: "x".repeat(20_000) }), "application/json")).status).toBe(413);
  });
});
