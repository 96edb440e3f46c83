import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, root, rssBytes, startNext, stop, waitForHealth, type Running } from "./built-server";

/**
 * The built app with a password, flooded with large bodies it must refuse: strangers (no session) and
 * cross-site requests (with the owner's cookie). Next reads a body completely before proxy.ts runs, so the
 * routes that take large bodies are left out of proxy.ts and check first; every other body is cut at 64 KB.
 * What must hold: every request refused, and the server's memory within 100 MB of idle.
 */
const PORT = Number(process.env.TEST_SECURITY_PORT ?? 3391) + 8;
const base = `http://127.0.0.1:${PORT}`;
const PASSWORD = "flood-password-4c2e";
const BODY_BYTES = 20 * 1024 * 1024;
const CONCURRENT = 50;
const MEMORY_BOUND = 100 * 1024 * 1024;
let server: Running;
let cookie = "";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "luma-flood-"));

const TARGETS = [
  "/api/generations",
  "/api/uploads",
  "/api/generations/abcdefgh-1234/extend",
  "/api/callbacks/luma/abcdefgh12/abcdefghijklmnopqrstuvwxyz",
  "/api/generations/bulk-delete",
  "/api/auth/login",
  "/",
];

type Outcome = { path: string; status: number; sentBeforeAnswer: number };

/**
 * Streams up to `total` bytes and stops as soon as the answer's status line arrives. With `pauseAfter`, sends only
 * that many bytes and waits for an answer with the rest still owed (status 0 if none comes within `waitMs`).
 */
function floodPost(
  pathname: string,
  headers: Record<string, string>,
  total = BODY_BYTES,
  { pauseAfter = total, waitMs = 30_000 }: { pauseAfter?: number; waitMs?: number } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const contentType = pathname === "/api/uploads" ? "image/png" : "application/json";
    const request = http.request({
      host: "127.0.0.1",
      port: PORT,
      path: pathname,
      method: "POST",
      headers: { "content-type": contentType, "content-length": String(total), ...headers },
    });
    const chunk = Buffer.alloc(64 * 1024, 0x7b);
    let sent = 0;
    let settled = false;
    const finish = (status: number) => {
      if (settled) return;
      settled = true;
      request.destroy();
      resolve({ path: pathname, status, sentBeforeAnswer: sent });
    };
    request.on("response", (response) => {
      response.resume();
      finish(response.statusCode ?? 0);
    });
    request.on("error", () => finish(0));
    const pump = () => {
      while (!settled && sent < Math.min(total, pauseAfter)) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (settled) return;
      if (sent >= total) request.end();
      else setTimeout(() => finish(0), waitMs).unref();
    };
    pump();
  });
}

/** Runs `work` while sampling the server's resident memory; answers the work's result and the peak. */
async function measuring<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  const pid = server.child.pid as number;
  let peak = rssBytes(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 10);
  try {
    const result = await work();
    peak = Math.max(peak, rssBytes(pid));
    return { result, peak };
  } finally {
    clearInterval(sampler);
  }
}

async function idleRss(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssBytes(server.child.pid as number));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Math.max(...samples);
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const REFUSED = new Set([303, 401, 403, 413]);

beforeAll(async () => {
  ensureBuilt();
  server = startNext(["-H", "127.0.0.1", "-p", String(PORT)], { APP_PASSWORD: PASSWORD, LOG_LEVEL: "error", DATA_DIR: dataDir, MAX_GENERATIONS_PER_DAY: "2" });
  await waitForHealth(`${base}/api/health`, server);
  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ password: PASSWORD }),
  });
  cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  // Load every route once, so idle memory already includes their code.
  for (const target of TARGETS) await floodPost(target, {}, 1024);
  for (const target of TARGETS) await floodPost(target, { cookie, origin: "https://evil.example" }, 1024);
}, 10 * 60_000);

afterAll(async () => {
  await stop(server);
});

describe("large bodies the studio must refuse", { timeout: 120_000 }, () => {
  it("Next buffers at most the ordinary JSON cap for proxy.ts (the large caps belong to routes outside it)", async () => {
    const configUrl = new URL("../next.config.mjs", import.meta.url).href;
    const { default: nextConfig } = (await import(/* @vite-ignore */ configUrl)) as { default: { experimental: { proxyClientMaxBodySize: number } } };
    const { JSON_BODY_MAX_BYTES } = await import("@/lib/security/baseline.mjs");
    expect(nextConfig.experimental.proxyClientMaxBodySize).toBe(JSON_BODY_MAX_BYTES);
    expect(JSON_BODY_MAX_BYTES).toBeLessThanOrEqual(64 * 1024);
  });

  it(`${CONCURRENT} concurrent unauthenticated 20 MB POSTs: all refused, memory within 100 MB of idle`, async () => {
    const idle = await idleRss();
    const { result, peak } = await measuring(() =>
      Promise.all(Array.from({ length: CONCURRENT }, (_, i) => floodPost(TARGETS[i % TARGETS.length] as string, {}))),
    );
    const refused = result.filter((outcome) => REFUSED.has(outcome.status));
    // Logged, not asserted: how much was sent before the answer depends on how busy the machine is (the next test
    // proves the refusal comes before the body).
    const sentByPath = Object.fromEntries(
      TARGETS.map((target) => [target, mb(Math.max(...result.filter((o) => o.path === target).map((o) => o.sentBeforeAnswer)))]),
    );
    console.info(
      JSON.stringify({
        case: "unauthenticated",
        tried: result.length,
        refused: refused.length,
        idleMB: mb(idle),
        peakMB: mb(peak),
        growthMB: mb(peak - idle),
        mbSentBeforeAnswerByPath: sentByPath,
      }),
    );
    expect(result.map((outcome) => `${outcome.path} ${outcome.status}`).filter((line) => !REFUSED.has(Number(line.split(" ")[1])))).toEqual([]);
    expect(peak - idle).toBeLessThan(MEMORY_BOUND);
  });

  it("the routes that take large bodies refuse a stranger with 19 of the 20 MB still unsent", async () => {
    // Not timed: the client sends 1 MB and then waits. A route that read the body before refusing would wait for
    // the 19 MB that never come, and no answer would arrive (status 0).
    for (const target of TARGETS.slice(0, 4)) {
      const outcome = await floodPost(target, {}, BODY_BYTES, { pauseAfter: 1024 * 1024 });
      expect(REFUSED.has(outcome.status), `${target} answered ${outcome.status}`).toBe(true);
    }
  });

  it(`${CONCURRENT} concurrent cross-site 20 MB POSTs carrying the owner's cookie: all refused, memory within 100 MB of idle`, async () => {
    const idle = await idleRss();
    const { result, peak } = await measuring(() =>
      Promise.all(Array.from({ length: CONCURRENT }, (_, i) => floodPost(TARGETS[i % TARGETS.length] as string, { cookie, origin: "https://evil.example" }))),
    );
    // The callback receiver takes no cookie and answers servers, not pages: it refuses by its secret (401).
    const expected = (outcome: Outcome) => (outcome.path.startsWith("/api/callbacks/") ? 401 : 403);
    const refused = result.filter((outcome) => outcome.status === expected(outcome));
    console.info(
      JSON.stringify({ case: "cross-site", tried: result.length, refused: refused.length, idleMB: mb(idle), peakMB: mb(peak), growthMB: mb(peak - idle) }),
    );
    expect(result.filter((outcome) => outcome.status !== expected(outcome))).toEqual([]);
    expect(peak - idle).toBeLessThan(MEMORY_BOUND);
  });

  it("the owner still uploads and creates with bodies far larger than what proxy.ts buffers", async () => {
    const png = Buffer.concat([fs.readFileSync(path.join(root, "test", "fixtures", "frame.png")), Buffer.alloc(2 * 1024 * 1024)]);
    const upload = await fetch(`${base}/api/uploads`, { method: "POST", headers: { "content-type": "image/png", cookie, origin: base }, body: png });
    expect(upload.status).toBe(201);
    const inline = `data:image/png;base64,${png.toString("base64")}`;
    const created = await fetch(`${base}/api/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: base },
      body: JSON.stringify({ prompt: "a large inline frame", imageUrl: inline }),
    });
    expect([201, 202]).toContain(created.status);
  });

  it("once a spending limit is reached, an upload or an inline frame is refused before anything is stored", async () => {
    const second = await fetch(`${base}/api/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: base },
      body: JSON.stringify({ prompt: "the day's second" }),
    });
    expect([201, 202]).toContain(second.status);
    const uploads = path.join(dataDir, "media", "uploads");
    const before = fs.readdirSync(uploads).length;
    const png = Buffer.concat([fs.readFileSync(path.join(root, "test", "fixtures", "frame.png")), Buffer.alloc(4096, 7)]);
    const upload = await fetch(`${base}/api/uploads`, { method: "POST", headers: { "content-type": "image/png", cookie, origin: base }, body: png });
    expect(upload.status).toBe(429);
    expect((await upload.json()).error.message).toMatch(/MAX_GENERATIONS_PER_DAY/);
    const inline = await fetch(`${base}/api/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: base },
      body: JSON.stringify({ prompt: "over the limit", imageUrl: `data:image/png;base64,${png.toString("base64")}` }),
    });
    expect(inline.status).toBe(429);
    expect(fs.readdirSync(uploads).length).toBe(before);
  });
});
