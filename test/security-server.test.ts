import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { authCookieAttributes, readSetCookie } from "./set-cookie";

/**
 * The built app under `next start` with APP_PASSWORD: what a stranger on the network gets (nothing), what the
 * owner's browser gets (a session cookie, security headers, a nonce CSP), and what the logs keep (no secrets).
 */
const CANARY_KEY = "sk-canary-sec-91c2e7a4b3d8f0";
const PASSWORD = "canary-password-7d1e0b";
const PORT = Number(process.env.TEST_SECURITY_PORT ?? 3391);
const base = `http://127.0.0.1:${PORT}`;
const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
let sim: RunningSimulator;
let server: ChildProcess | undefined;
let cookie = "";

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output().slice(-2000)}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not start:\n${output().slice(-2000)}`);
}

function startNext(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, [nextBin, "start", ...args], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "luma-sec-")),
      PUBLIC_BASE_URL: "",
      APP_PASSWORD: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

const startNextWithPassword = (port: number, env: Record<string, string> = {}) =>
  startNext(["-H", "127.0.0.1", "-p", String(port)], { LUMA_API_KEY: "", APP_PASSWORD: PASSWORD, LOG_LEVEL: "warn", ...env });

const get = (url: string, headers: Record<string, string> = {}) => fetch(`${base}${url}`, { headers, redirect: "manual" });
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${url}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers }, redirect: "manual" });

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    const result = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", timeout: 8 * 60_000 });
    if (result.status !== 0) throw new Error("next build failed");
  }
  sim = await startSimulator({ apiKey: CANARY_KEY, pendingSeconds: 1, processingSeconds: 2 });
  const started = startNext(["-H", "127.0.0.1", "-p", String(PORT)], {
    LUMA_API_KEY: CANARY_KEY,
    LUMA_BASE_URL: sim.url,
    APP_PASSWORD: PASSWORD,
    LOG_LEVEL: "debug",
  });
  server = started.child;
  await waitForHealth(`${base}/api/health`, server, started.output);
  Object.defineProperty(globalThis, "__secLogs", { get: started.output, configurable: true });
}, 10 * 60_000);

afterAll(async () => {
  await stop(server);
  await sim?.close();
});

const serverLog = () => (globalThis as unknown as { __secLogs: string }).__secLogs;

describe("the owner", () => {
  it("signs in with the form: a signed HttpOnly SameSite=Lax cookie, and a hostile return path lands on /", async () => {
    const response = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: new URLSearchParams({ password: PASSWORD, next: "//evil.example/steal" }).toString(),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const setCookie = readSetCookie(response.headers.get("set-cookie"));
    expect(setCookie).toEqual({ name: "luma_session", value: expect.stringMatching(/^v1\.[A-Za-z0-9_.-]+$/), attributes: authCookieAttributes(/^[1-9]\d*$/) });
    cookie = `${setCookie.name}=${setCookie.value}`;
    expect((await get("/api/generations?limit=1", { cookie })).status).toBe(200);
  });

  it("gets every page with a fresh nonce CSP, no eval, and no inline style or unnonced script", async () => {
    const nonces = new Set<string>();
    for (const url of ["/", "/gallery", "/gallery", "/does-not-exist"]) {
      const response = await get(url, { cookie });
      expect([200, 404]).toContain(response.status);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
      expect(nonce).not.toBe("");
      nonces.add(nonce);
      const html = await response.text();
      expect(html, `${url} has an inline style attribute`).not.toMatch(/<[^>]+\sstyle="/);
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1] ?? "");
      const unnonced = scripts.filter((attributes) => !attributes.includes(`nonce="${nonce}"`));
      // Only the theme script runs without the nonce; it is allowed by its hash instead.
      expect(unnonced.length, `${url}: ${unnonced.join(" | ")}`).toBeLessThanOrEqual(1);
    }
    expect(nonces.size).toBe(4);
  });

  it("gets the security headers on pages and API answers, and the static files' own set on scripts", async () => {
    const page = await get("/", { cookie });
    const html = await page.text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0] ?? "";
    expect(asset).not.toBe("");
    for (const response of [page, await get("/api/generations", { cookie }), await get("/api/health")]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
    // A script gets the headers that act on a script; framing, features and the opener govern documents only.
    const script = await get(asset);
    expect(script.headers.get("x-content-type-options")).toBe("nosniff");
    expect(script.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(script.headers.get("x-powered-by")).toBeNull();
    expect(script.headers.get("x-frame-options")).toBeNull();
    expect((await get("/api/generations", { cookie })).headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
  });

  it("creates, and the media answers with the right Content-Type and Content-Disposition", async () => {
    const created = await post("/api/generations", JSON.stringify({ prompt: "a lighthouse, ok to download" }), { cookie, origin: base });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const deadline = Date.now() + 60_000;
    let generation: { isArchived?: boolean } = {};
    while (!generation.isArchived && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      generation = (await (await get(`/api/generations/${id}`, { cookie })).json()) as { isArchived?: boolean };
    }
    expect(generation.isArchived).toBe(true);
    const video = await get(`/api/generations/${id}/media/video?download=1`, { cookie });
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect(video.headers.get("x-content-type-options")).toBe("nosniff");
    expect(video.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"/\\]+\.mp4"/);
    await video.body?.cancel();
    expect((await get(`/api/generations/${id}/media/thumbnail`, { cookie })).headers.get("content-type")).toBe("image/jpeg");

    // A browser keeps it, but asks before every use: once the clip is deleted, its cached copy is gone too.
    const thumbnail = `/api/generations/${id}/media/thumbnail`;
    const first = await get(thumbnail, { cookie });
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"/);
    await first.body?.cancel();
    expect((await get(thumbnail, { cookie, "if-none-match": etag })).status).toBe(304);
    expect((await fetch(`${base}/api/generations/${id}`, { method: "DELETE", headers: { cookie, origin: base } })).ok).toBe(true);
    expect((await get(thumbnail, { cookie, "if-none-match": etag })).status).toBe(404);
  });

  it("finds the Next image optimizer off (nothing uses it; it would fetch and re-encode on request)", async () => {
    const response = await get("/_next/image?url=%2Ficon.svg&w=64&q=75", { cookie });
    expect(response.status).toBe(404);
  });

  it("cannot be made to write from another site, even with the cookie", async () => {
    const before = sim.stats().requests;
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { origin: "null" }] as Array<Record<string, string>>) {
      const response = await post("/api/generations", JSON.stringify({ prompt: "csrf" }), { cookie, ...headers });
      expect(response.status).toBe(403);
    }
    expect(sim.stats().requests).toBe(before);
  });

  it("is not reachable through a rebinding host name, even with the cookie", async () => {
    // fetch() will not send a Host of our choosing; a rebinding browser does, so speak HTTP directly.
    const statusFor = (host: string, url: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port: PORT, path: url, headers: { host, cookie } }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          })
          .on("error", reject);
      });
    for (const host of ["evil.example", `localhost.evil.example:${PORT}`]) {
      expect(await statusFor(host, "/api/generations")).toBe(403);
      expect(await statusFor(host, "/")).toBe(403);
    }
    expect(await statusFor(`localhost:${PORT}`, "/api/generations")).toBe(200);
  });

  it("signs out: the cookie is cleared and the old one stops working", async () => {
    const response = await fetch(`${base}/api/auth/logout`, { method: "POST", headers: { cookie, origin: base }, redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login");
    expect(readSetCookie(response.headers.get("set-cookie"))).toEqual({ name: "luma_session", value: "", attributes: authCookieAttributes(/^0$/) });
    expect((await get("/api/generations", { cookie })).status).toBe(401);
  });
});

// Before the strangers: their wrong passwords throttle sign-in from this address for 15 minutes.
describe("live events", () => {
  async function signIn(origin = base): Promise<string> {
    const response = await fetch(`${origin}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  }

  async function openStream(session: string, origin = base) {
    const controller = new AbortController();
    const response = await fetch(`${origin}/api/events`, { headers: { cookie: session }, signal: controller.signal });
    return { response, close: () => controller.abort() };
  }

  /** True once the server ends the stream; false if it is still open after `ms` (heartbeats keep coming). */
  async function endsWithin(response: Response, ms: number): Promise<boolean> {
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<"wait">((resolve) => setTimeout(() => resolve("wait"), deadline - Date.now()))]);
      if (next === "wait") break;
      if (next.done) return true;
    }
    await reader.cancel().catch(() => undefined);
    return false;
  }

  it("signing out ends the session's open streams at once", async () => {
    const session = await signIn();
    const stream = await openStream(session);
    expect(stream.response.status).toBe(200);
    const signedOut = await fetch(`${base}/api/auth/logout`, { method: "POST", headers: { cookie: session, origin: base, accept: "application/json" } });
    expect(signedOut.status).toBe(200);
    expect(await endsWithin(stream.response, 10_000)).toBe(true);
    expect((await openStream(session)).response.status).toBe(401);
  });

  it("one session holds at most 8 streams: the next gets 429 with Retry-After, and a closed one frees its slot", async () => {
    const session = await signIn();
    const open = [];
    for (let i = 0; i < 8; i++) {
      const stream = await openStream(session);
      expect(stream.response.status).toBe(200);
      open.push(stream);
    }
    const refused = await openStream(session);
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.response.json()).toEqual({ error: { code: "rate_limited", message: expect.stringMatching(/8 live connections/) } });
    // Another session is not affected.
    const other = await openStream(await signIn());
    expect(other.response.status).toBe(200);
    other.close();
    open.pop()?.close();
    await expect
      .poll(
        async () => {
          const again = await openStream(session);
          again.close();
          return again.response.status;
        },
        { timeout: 10_000 },
      )
      .toBe(200);
    for (const stream of open) stream.close();
  });

  it("a stream ends when its session expires", async () => {
    const running = startNextWithPassword(PORT + 1, { SESSION_MAX_AGE_HOURS: "0.002" });
    const origin = `http://127.0.0.1:${PORT + 1}`;
    try {
      await waitForHealth(`${origin}/api/health`, running.child, running.output);
      const stream = await openStream(await signIn(origin), origin);
      expect(stream.response.status).toBe(200);
      // The session lasts 7 s.
      expect(await endsWithin(stream.response, 20_000)).toBe(true);
    } finally {
      await stop(running.child);
    }
  }, 90_000);
});

describe("a stranger without the password", () => {
  it("gets redirected from pages to the sign-in page, with a safe return path", async () => {
    const response = await get("/gallery?state=failed");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login?next=%2Fgallery%3Fstate%3Dfailed");
    const login = await get("/login?next=%2F%2Fevil.example");
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('name="next" value="/"');
  });

  it.each(["/api/generations", "/api/status", "/api/events", "/api/generations/zip?ids=abcdefgh", "/api/uploads/x.png"])(
    "gets 401 JSON from %s",
    async (url) => {
      const response = await get(url);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.stringMatching(/Sign in/) } });
    },
  );

  it("can still reach the health and readiness checks and the callback receiver (which checks its own secret)", async () => {
    expect((await get("/api/health")).status).toBe(200);
    const ready = await get("/api/ready");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, failed: [], checks: { database: "ok", media: "ok", upstream: "ok" } });
    expect((await post("/api/callbacks/luma/abcdefgh12/abcdefghijklmnopqrstuvwxyz", "{}")).status).toBe(401);
  });

  it("cannot create: 401, no upstream call", async () => {
    const before = sim.stats().requests;
    expect((await post("/api/generations", JSON.stringify({ prompt: "free video please" }))).status).toBe(401);
    expect(sim.stats().requests).toBe(before);
  });

  it("is throttled after five wrong passwords, whatever X-Forwarded-For says", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await post("/api/auth/login", JSON.stringify({ password: `guess-${i}` }), { "x-forwarded-for": `203.0.113.${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Every one of them came from this machine claiming to forward for someone: the owner is told what to set.
    expect(serverLog()).toMatch(/requests arrive through a proxy but TRUST_PROXY is not set/);
  });

  it("cannot flood the log with refused cross-site requests: one line a minute, with a count", async () => {
    const lines = () =>
      serverLog()
        .split("\n")
        .filter((line) => line.includes("cross-site request refused")).length;
    const before = lines();
    const statuses = await Promise.all(
      Array.from({ length: 100 }, () =>
        post("/api/generations/bulk-delete", JSON.stringify({ ids: [] }), { origin: "https://evil.example" }).then((r) => r.status),
      ),
    );
    expect(statuses.every((status) => status === 403)).toBe(true);
    expect(lines() - before).toBeLessThanOrEqual(1);
    expect(lines()).toBeLessThanOrEqual(1);
  });
});

describe("secrets", () => {
  it("neither the key nor the password appears in any answer or log line", async () => {
    const texts: Array<[string, string]> = [];
    for (const url of ["/", "/login", "/gallery", "/api/health", "/api/generations", "/api/status", "/nope"]) texts.push([url, await (await get(url)).text()]);
    texts.push(["server log", serverLog()]);
    const leaks = texts.filter(([, text]) => text.includes(CANARY_KEY) || text.includes(PASSWORD)).map(([where]) => where);
    expect(serverLog()).toMatch(/failed sign-in/);
    expect(leaks).toEqual([]);
  });
});

describe("listening beyond loopback", () => {
  it("the start script refuses a public address without a password, and says what to do", () => {
    const result = spawnSync(process.execPath, [path.join(root, "scripts/start.mjs")], {
      cwd: root,
      env: { ...process.env, BIND_ADDRESS: "0.0.0.0", PORT: String(PORT + 2), APP_PASSWORD: "", ALLOW_OPEN_ACCESS: "" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0 without a password.*\n.*APP_PASSWORD/);
  });

  it("with ALLOW_OPEN_ACCESS=true every page says the studio is open to anyone", async () => {
    const { child, output } = startNext(["-H", "0.0.0.0", "-p", String(PORT + 3)], { LUMA_API_KEY: "", ALLOW_OPEN_ACCESS: "true" });
    try {
      await waitForHealth(`http://127.0.0.1:${PORT + 3}/api/health`, child, output);
      for (const url of ["/", "/gallery"]) {
        const html = await (await fetch(`http://127.0.0.1:${PORT + 3}${url}`)).text();
        expect(html).toContain("accepts anyone who can reach it");
      }
    } finally {
      await stop(child);
    }
  }, 90_000);
});
