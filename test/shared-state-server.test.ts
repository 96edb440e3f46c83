import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { ensureBuilt, startNext, stop, waitForHealth, type Running } from "./built-server";
import { createTestDatabase, type TestDatabase } from "./pg-database";

/**
 * Two built app instances on one PostgreSQL database, as behind a load balancer: a browser connected to either
 * sees every change live, a sign-out on one is honoured by the other, and failed sign-ins count on both.
 * TEST_SHARED_STATE_PORT and the port after it are used.
 */
const PASSWORD = "shared-state-password-1";
const PORT = Number(process.env.TEST_SHARED_STATE_PORT ?? 3393);
const bases = [`http://127.0.0.1:${PORT}`, `http://127.0.0.1:${PORT + 1}`] as const;
const [onA, onB] = bases;
let database: TestDatabase;
let sim: RunningSimulator;
const instances: Running[] = [];

/** An open /api/events stream: everything it has said so far, and whether the server ended it. */
function listen(base: string, cookie: string) {
  const heard = { text: "", isEnded: false };
  const controller = new AbortController();
  void fetch(`${base}/api/events`, { headers: { cookie }, signal: controller.signal })
    .then(async (response) => {
      expect(response.status).toBe(200);
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) heard.text += decoder.decode(read.value, { stream: true });
      heard.isEnded = true;
    })
    .catch(() => {});
  return { heard, close: () => controller.abort() };
}

async function until(condition: () => boolean, withinMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now();
}

async function signIn(base: string, password = PASSWORD): Promise<{ status: number; cookie: string }> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    body: JSON.stringify({ password }),
    headers: { "content-type": "application/json", origin: base },
  });
  const cookie = response.headers.get("set-cookie") ?? "";
  return { status: response.status, cookie: cookie.slice(0, cookie.indexOf(";")) };
}

beforeAll(async () => {
  ensureBuilt();
  database = await createTestDatabase();
  sim = await startSimulator({ apiKey: "sk-shared-state-test", pendingSeconds: 1, processingSeconds: 1 });
  const env = {
    LUMA_API_KEY: "sk-shared-state-test",
    LUMA_BASE_URL: sim.url,
    APP_PASSWORD: PASSWORD,
    SESSION_SECRET: "x".repeat(40),
    DATABASE_URL: database.url,
    LOG_LEVEL: "warn",
  };
  for (let index = 0; index < bases.length; index++) instances.push(startNext(["-H", "127.0.0.1", "-p", String(PORT + index)], env));
  await Promise.all(instances.map((instance, index) => waitForHealth(`${bases[index]}/api/health`, instance)));
}, 10 * 60_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => stop(instance)));
  await sim?.close();
  await database?.drop();
});

describe("two app instances sharing PostgreSQL", () => {
  it("a browser on B sees a clip made and finished on A within a second of A's own browser; a sign-out on A is honoured on B", async () => {
    const { cookie } = await signIn(onA);
    expect((await fetch(`${onB}/api/generations`, { headers: { cookie } })).status, "B accepts A's session").toBe(200);
    const streamA = listen(onA, cookie);
    const streamB = listen(onB, cookie);
    await until(() => streamA.heard.text.includes("upstream") && streamB.heard.text.includes("upstream"), 5000, "both streams open");

    const created = await fetch(`${onA}/api/generations`, {
      method: "POST",
      body: JSON.stringify({ prompt: "a lighthouse at dusk" }),
      headers: { cookie, origin: onA, "content-type": "application/json" },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const finished = (text: string) => text.split("\n\n").some((frame) => frame.includes(`"id":"${id}"`) && frame.includes(`"state":"completed"`));
    const seenOnA = await until(() => finished(streamA.heard.text), 30_000, "A's stream shows the finish");
    const seenOnB = await until(() => finished(streamB.heard.text), 30_000, "B's stream shows the finish");
    expect(seenOnB - seenOnA).toBeLessThan(1000);

    const signedOut = await fetch(`${onA}/api/auth/logout`, { method: "POST", headers: { cookie, origin: onA, accept: "application/json" } });
    expect(signedOut.status).toBe(200);
    expect((await fetch(`${onB}/api/generations`, { headers: { cookie } })).status, "B refuses the signed-out session at once").toBe(401);
    await until(() => streamB.heard.isEnded, 1000, "B closes the signed-out session's stream");
    streamA.close();
    streamB.close();
  });

  it("failed sign-ins on A and B add up to one throttle", async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt++) statuses.push((await signIn(bases[attempt % 2] ?? onA, "not-the-password")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect((await signIn(onB)).status, "even the right password waits").toBe(429);
    expect((await signIn(onA)).status).toBe(429);
  });
});
