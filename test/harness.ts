import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/simulator/server";

/**
 * Integration harness: a real simulator over HTTP, a throwaway database and media dir, and the app's
 * route handlers imported after the environment points at them (env is parsed at import time).
 */
export const TEST_KEY = "sk-test-canary-7f3e9c1d2b4a";

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * What the owner's browser sends past the front door (lib/security/front-door.ts), which the routes that take
 * large bodies run themselves: a loopback Host, the access token and, with a password, a session.
 */
async function frontDoorHeaders(): Promise<Record<string, string>> {
  const { ACCESS_COOKIE, getAccessToken } = await import("@/lib/auth/access-token");
  const { SESSION_COOKIE, createSessionToken } = await import("@/lib/auth/session");
  const cookies = [`${ACCESS_COOKIE}=${getAccessToken()}`];
  if (process.env.APP_PASSWORD) cookies.push(`${SESSION_COOKIE}=${(await createSessionToken()).token}`);
  return { host: "127.0.0.1:3000", cookie: cookies.join("; ") };
}

export async function startHarness(options: { simulator?: SimulatorOptions; env?: Record<string, string>; reconciler?: boolean } = {}) {
  const sim: RunningSimulator = await startSimulator({ pendingSeconds: 0.3, processingSeconds: 0.5, apiKey: TEST_KEY, ...options.simulator });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "luma-it-"));
  Object.assign(process.env, {
    LUMA_API_KEY: TEST_KEY,
    LUMA_BASE_URL: sim.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    // Tests create many jobs quickly; the spending limits are tested on their own.
    MAX_IN_FLIGHT: "1000",
    CREATE_RATE_LIMIT_PER_MINUTE: "100000",
    LUMA_CREATE_TIMEOUT_MS: "3000",
    LUMA_REQUEST_TIMEOUT_MS: "3000",
    ...options.env,
  });
  const generationsRoute = await import("@/app/api/generations/route");
  const generationRoute = await import("@/app/api/generations/[id]/route");
  const refreshRoute = await import("@/app/api/generations/[id]/refresh/route");
  const mediaRoute = await import("@/app/api/generations/[id]/media/[kind]/route");
  const callbackRoute = await import("@/app/api/callbacks/luma/[id]/[secret]/route");
  const reconciler = await import("@/lib/jobs/reconciler");
  if (options.reconciler !== false) reconciler.startReconciler();
  const door = await frontDoorHeaders();

  const ctx = <P extends Record<string, string>>(params: P) => ({ params: Promise.resolve(params) });
  const json = (body: unknown, headers: Record<string, string> = {}) => ({
    method: "POST",
    headers: { ...door, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

  return {
    sim,
    dataDir,
    /** Host and cookies of the owner's browser, for requests a test builds itself. */
    door,
    create: (body: unknown, headers?: Record<string, string>) => generationsRoute.POST(new Request("http://app.test/api/generations", json(body, headers))),
    list: (query = "") => generationsRoute.GET(new Request(`http://app.test/api/generations${query}`, { headers: door })),
    get: (id: string) => generationRoute.GET(new Request(`http://app.test/api/generations/${id}`), ctx({ id })),
    refresh: (id: string) => refreshRoute.POST(new Request(`http://app.test/api/generations/${id}/refresh`, { method: "POST" }), ctx({ id })),
    media: (id: string, kind: string, headers: Record<string, string> = {}) =>
      mediaRoute.GET(new Request(`http://app.test/api/generations/${id}/media/${kind}`, { headers }), ctx({ id, kind })),
    callback: (id: string, secret: string, body: unknown) =>
      callbackRoute.POST(new Request(`http://app.test/api/callbacks/luma/${id}/${secret}`, json(body)), ctx({ id, secret })),
    /** Polls our own API (never the upstream) until the predicate holds. */
    async waitFor(id: string, predicate: (g: Record<string, unknown>) => boolean, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Record<string, unknown> = {};
      while (Date.now() < deadline) {
        last = (await (await this.get(id)).json()) as Record<string, unknown>;
        if (predicate(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`timed out waiting for ${id}; last seen ${JSON.stringify(last).slice(0, 400)}`);
    },
    async close() {
      reconciler.stopReconciler();
      await sim.close();
    },
  };
}
