import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import type { GenerationInput } from "@/lib/generations/create";
import { startSimulator, type RunningSimulator, type SimulatorOptions, type SimulatorProfile } from "@/simulator/server";
import { createTestDatabase, type TestDatabase } from "./pg-database";

/**
 * Integration harness: a real simulator over HTTP, a throwaway database and media dir, and the app's
 * route handlers imported after the environment points at them (env is parsed at import time, so one
 * harness per test file). `provider` and `profile` choose the upstream: a gateway in one profile's
 * dialect (default openai-hub), or Luma's own API (the simulator's /v1 routes). The database is a SQLite file,
 * or a throwaway PostgreSQL database with `database: "postgres"` or TEST_DATABASE=postgres (the second Vitest
 * project, vitest.config.ts).
 */
export const TEST_KEY = "sk-test-canary-7f3e9c1d2b4a";

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * What the owner's browser sends past the front door (lib/security/front-door.ts), which the routes that take
 * large bodies run themselves: a loopback Host, the access token and, with a password, a session.
 */
export async function frontDoorHeaders(): Promise<Record<string, string>> {
  const { ACCESS_COOKIE, getAccessToken } = await import("@/lib/auth/access-token");
  const { SESSION_COOKIE, createSessionToken } = await import("@/lib/auth/session");
  const cookies = [`${ACCESS_COOKIE}=${getAccessToken()}`];
  if (process.env.APP_PASSWORD) cookies.push(`${SESSION_COOKIE}=${(await createSessionToken()).token}`);
  return { host: "127.0.0.1:3000", cookie: cookies.join("; ") };
}

export type HarnessOptions = {
  simulator?: SimulatorOptions;
  env?: Record<string, string>;
  reconciler?: boolean;
  provider?: "platform" | "official";
  /** The gateway profile (LUMA_GATEWAY) and the simulator's dialect; platform only. */
  profile?: SimulatorProfile;
  database?: "sqlite" | "postgres";
};

export async function startHarness(options: HarnessOptions = {}) {
  const provider = options.provider ?? "platform";
  const profile = options.profile ?? "openai-hub";
  const sim: RunningSimulator = await startSimulator({ pendingSeconds: 0.3, processingSeconds: 0.5, apiKey: TEST_KEY, profile, ...options.simulator });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "luma-it-"));
  const postgres: TestDatabase | null = (options.database ?? process.env.TEST_DATABASE) === "postgres" ? await createTestDatabase() : null;
  Object.assign(process.env, {
    LUMA_API_KEY: TEST_KEY,
    LUMA_PROVIDER: provider,
    LUMA_GATEWAY: profile,
    LUMA_BASE_URL: provider === "official" ? `${sim.url}/v1` : sim.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    // Tests create many jobs quickly; the spending limits are tested on their own.
    MAX_IN_FLIGHT: "1000",
    CREATE_RATE_LIMIT_PER_MINUTE: "100000",
    LUMA_CREATE_TIMEOUT_MS: "3000",
    LUMA_REQUEST_TIMEOUT_MS: "3000",
    // The simulator finishes a job in under a second; status checks every 2 s (and backoffs of 5 s and more) would
    // make every test that waits for a state wait for the clock. Every wait is a multiple of this interval.
    STATUS_CHECK_INTERVAL_MS: "250",
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    ...options.env,
  });
  const generationsRoute = await import("@/app/api/generations/route");
  const generationRoute = await import("@/app/api/generations/[id]/route");
  const refreshRoute = await import("@/app/api/generations/[id]/refresh/route");
  const mediaRoute = await import("@/app/api/generations/[id]/media/[kind]/route");
  const callbackRoute = await import("@/app/api/callbacks/luma/[id]/[secret]/route");
  const extendRoute = await import("@/app/api/generations/[id]/extend/route");
  const deriveRoute = await import("@/app/api/generations/[id]/derive/route");
  const { deriveGeneration } = await import("@/lib/generations/derive");
  const { createGeneration } = await import("@/lib/generations/create");
  const { isAppError } = await import("@/lib/errors");
  const { activeCapabilities } = await import("@/lib/luma/upstream");
  const reconciler = await import("@/lib/jobs/reconciler");
  if (options.reconciler !== false) await reconciler.startReconciler();
  const door = await frontDoorHeaders();

  const ctx = <P extends Record<string, string>>(params: P) => ({ params: Promise.resolve(params) });
  const json = (body: unknown, headers: Record<string, string> = {}) => ({
    method: "POST",
    headers: { ...door, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

  return {
    sim,
    database: postgres ? ("postgres" as const) : ("sqlite" as const),
    dataDir,
    provider,
    capabilities: activeCapabilities(),
    /** Clips made from clips, through the domain function the routes for them will call. */
    derive: deriveGeneration,
    /**
     * createGeneration answered the way the route answers, past the route's schema: for options only the domain
     * takes (EXR export) and to prove the domain refuses what the schema would (test/options-route.ts goes through the route).
     */
    async generate(input: Partial<GenerationInput> & { prompt: string }, idempotencyKey?: string): Promise<Response> {
      try {
        const result = await createGeneration(
          { aspectRatio: "16:9", expandPrompt: true, loop: false, imageUrl: undefined, imageEndUrl: undefined, model: undefined, ...input },
          { idempotencyKey },
        );
        return Response.json(result.generation, { status: result.status, headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} });
      } catch (error) {
        if (isAppError(error)) return error.toResponse();
        throw error;
      }
    },
    /** Host and cookies of the owner's browser, for requests a test builds itself. */
    door,
    // NextRequests, as Next hands every route handler: the front door and the session read `request.cookies`.
    create: (body: unknown, headers?: Record<string, string>) => generationsRoute.POST(new NextRequest("http://app.test/api/generations", json(body, headers))),
    list: (query = "") => generationsRoute.GET(new NextRequest(`http://app.test/api/generations${query}`, { headers: door })),
    get: (id: string) => generationRoute.GET(new NextRequest(`http://app.test/api/generations/${id}`), ctx({ id })),
    refresh: (id: string) => refreshRoute.POST(new NextRequest(`http://app.test/api/generations/${id}/refresh`, { method: "POST" }), ctx({ id })),
    media: (id: string, kind: string, headers: Record<string, string> = {}) =>
      mediaRoute.GET(new NextRequest(`http://app.test/api/generations/${id}/media/${kind}`, { headers }), ctx({ id, kind })),
    extend: (id: string, body: unknown, headers?: Record<string, string>) =>
      extendRoute.POST(new NextRequest(`http://app.test/api/generations/${id}/extend`, json(body, headers)), ctx({ id })),
    /** `POST /api/generations/{id}/derive`: a lead-in, a bridge, a restyle or a reframe of a finished clip. */
    deriveRoute: (id: string, body: unknown, headers?: Record<string, string>) =>
      deriveRoute.POST(new NextRequest(`http://app.test/api/generations/${id}/derive`, json(body, headers)), ctx({ id })),
    /**
     * A process restart over the same database: the reconciler stops, the provider is forgotten (a new process
     * builds its own), and both come back through the normal start, which resumes unfinished work.
     */
    async restart(whileDown?: () => Promise<void>) {
      await reconciler.stopReconciler();
      (globalThis as { __lumaProvider?: unknown }).__lumaProvider = undefined;
      await whileDown?.();
      await reconciler.startReconciler();
    },
    callback: (id: string, secret: string, body: unknown) =>
      callbackRoute.POST(new NextRequest(`http://app.test/api/callbacks/luma/${id}/${secret}`, json(body)), ctx({ id, secret })),
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
      await reconciler.stopReconciler();
      await sim.close();
      if (postgres) {
        const [{ closeStore }, { closeLiveBus }, { closeSharedStatePool }] = await Promise.all([
          import("@/lib/db/store"),
          import("@/lib/generations/events"),
          import("@/lib/shared-state/pool"),
        ]);
        await closeStore();
        await closeLiveBus();
        await closeSharedStatePool();
        await postgres.drop();
      }
    },
  };
}
