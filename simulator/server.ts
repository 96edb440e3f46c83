/**
 * A fake Luma "platform format" gateway (docs: /work/shared/luma-api.md §2) over real HTTP, for demo
 * mode, integration and e2e tests. Node built-ins only, so Next.js can import it in-process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createCallbackDispatcher } from "./callbacks";
import { createAnswer, downloadUrl, generationJson, type RenderContext } from "./generation-json";
import { createJob, jobStateAt, type Job, type NewJob } from "./jobs";
import { serveAsset, type MediaKind } from "./media";
import { createPresigner } from "./presign";
import {
  newRequestId,
  readJsonBody,
  sendDetail,
  sendGatewayError,
  sendHtmlServerError,
  sendInvalidRequest,
  sendJson,
  sendXmlError,
} from "./responses";
import { isMediaRoute, matchRoute, type Route } from "./routes";
import { parseScenarioPatch, type SimulatorScenario } from "./scenario";
import { validateCreate, validateExtend } from "./validation";

export type { CallbackMode, CreateResponseShape, SimulatorScenario } from "./scenario";

export type SimulatorOptions = {
  port?: number; // default 0 (ephemeral)
  host?: string; // default "127.0.0.1"
  apiKey?: string; // bearer key required; default "sk-simulator"
  pendingSeconds?: number; // default 2
  processingSeconds?: number; // default 4
  downloadUrlTtlSeconds?: number; // default 3600; presigned links really stop working after this
  scenario?: SimulatorScenario; // the starting scenario, and what reset() returns to
  log?: (line: string) => void; // default: no logging
};

/** `creates`/`extends` count accepted jobs; the other counters count requests that reached their route. */
export type SimulatorStats = {
  requests: number;
  creates: number;
  gets: number;
  extends: number;
  downloadUrls: number;
  callbacksSent: number;
  byRoute: Record<string, number>;
};

export type RunningSimulator = {
  url: string; // e.g. "http://127.0.0.1:41234", no trailing slash: the app's LUMA_BASE_URL
  port: number;
  stats(): SimulatorStats;
  setScenario(patch: SimulatorScenario): void; // merges into the current scenario
  reset(): void; // keeps jobs; restores the starting scenario and zeroes stats
  jobs(): number; // number of jobs created (creates + extends)
  close(): Promise<void>;
};

function emptyStats(): SimulatorStats {
  return { requests: 0, creates: 0, gets: 0, extends: 0, downloadUrls: 0, callbacksSent: 0, byRoute: {} };
}

/** A URL others can connect to, even when listening on a wildcard address. */
function publicUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

const MEDIA_FILES: Record<string, MediaKind> = {
  "watermarked.mp4": "video",
  "raw.mp4": "video",
  "thumb.jpg": "thumbnail",
  "last_frame.jpg": "last_frame",
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  const apiKey = options.apiKey ?? "sk-simulator";
  const timings = { pendingSeconds: options.pendingSeconds ?? 2, processingSeconds: options.processingSeconds ?? 4 };
  const log = options.log ?? (() => {});
  const baseline: SimulatorScenario = { ...options.scenario };
  const presigner = createPresigner(options.downloadUrlTtlSeconds ?? 3600);

  let scenario: SimulatorScenario = { ...baseline };
  let stats = emptyStats();
  let authBudget: number | null = baseline.unauthorizedAfter ?? null;
  let baseUrl = "";
  let isClosed = false;
  const jobs = new Map<string, Job>();
  const delays = new Set<NodeJS.Timeout>();
  const hanging = new Set<ServerResponse>();

  const context = (): RenderContext => ({ baseUrl, presigner, nowMs: Date.now() });

  const callbacks = createCallbackDispatcher({
    render: (job, state, nowMs) => generationJson(job, state, { baseUrl, presigner, nowMs }, { withoutMedia: job.noUrlPollsLeft > 0 }),
    mode: () => scenario.callbacks ?? "normal",
    onSent: () => {
      stats.callbacksSent += 1;
    },
    log,
  });

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      delays.add(timer);
    });
  }

  function dropHangingRequests(): void {
    for (const res of hanging) res.destroy();
    hanging.clear();
  }

  /** Jobs held by the global `stuck` flag finish (by their clock) once the flag is off. */
  function releaseStuckJobsUnlessStuck(): void {
    if (scenario.stuck) return;
    for (const job of jobs.values()) job.isStuckByScenario = false;
    callbacks.recheckAll();
  }

  function setScenario(patch: SimulatorScenario): void {
    scenario = { ...scenario, ...patch };
    if ("unauthorizedAfter" in patch) authBudget = patch.unauthorizedAfter ?? null;
    releaseStuckJobsUnlessStuck();
  }

  function reset(): void {
    scenario = { ...baseline };
    stats = emptyStats();
    authBudget = baseline.unauthorizedAfter ?? null;
    dropHangingRequests();
    releaseStuckJobsUnlessStuck();
  }

  function takeOne(key: "rateLimitNext" | "serverErrorNext"): boolean {
    const left = scenario[key] ?? 0;
    if (left <= 0) return false;
    scenario[key] = left - 1;
    return true;
  }

  function addJob(input: NewJob): Job {
    const job = createJob(input, scenario, timings, Date.now());
    jobs.set(job.id, job);
    callbacks.watch(job);
    return job;
  }

  // ---- control endpoints (no auth) ----

  async function handleControl(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const method = req.method ?? "GET";
    if (method === "GET" && pathname === "/__sim/health") return sendJson(res, 200, { ok: true });
    if (method === "GET" && pathname === "/__sim/stats") return sendJson(res, 200, stats);
    if (method === "GET" && pathname === "/__sim/jobs") return sendJson(res, 200, { jobs: jobs.size });
    if (method === "GET" && pathname === "/__sim/scenario") return sendJson(res, 200, scenario);
    if (method === "POST" && pathname === "/__sim/scenario") {
      const body = await readJsonBody(req);
      const parsed = body.ok ? parseScenarioPatch(body.value) : { ok: false as const, message: body.message };
      if (!parsed.ok) return sendJson(res, 400, { error: parsed.message });
      setScenario(parsed.patch);
      return sendJson(res, 200, scenario);
    }
    if (method === "POST" && pathname === "/__sim/reset") {
      await readJsonBody(req);
      reset();
      return sendJson(res, 200, { ok: true, scenario });
    }
    sendJson(res, 404, { error: `no simulator control route ${method} ${pathname}` });
  }

  // ---- gateway behaviour shared by all API routes ----

  /** Answers the request itself (and returns false) when the key is missing or refused. */
  function authorize(req: IncomingMessage, res: ServerResponse): boolean {
    const header = req.headers.authorization ?? "";
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const isValid = token === apiKey && (authBudget === null || authBudget > 0);
    if (isValid) {
      if (authBudget !== null) authBudget -= 1;
      return true;
    }
    const message = token === undefined ? "未提供令牌" : "无效的令牌";
    sendGatewayError(res, 401, { message: `${message} (request id: ${newRequestId()})`, type: "one_api_error" });
    return false;
  }

  function refuseForBalance(res: ServerResponse): boolean {
    if (!scenario.insufficientBalance) return false;
    sendGatewayError(res, 403, {
      message: `该令牌额度已用尽 (insufficient quota, request id: ${newRequestId()})`,
      type: "one_api_error",
      code: "insufficient_user_quota",
    });
    return true;
  }

  /** Delay, reset, hang or answer, as the scenario at arrival says. The job already exists either way. */
  async function answerCreate(req: IncomingMessage, res: ServerResponse, job: Job, plan: SimulatorScenario): Promise<void> {
    if (plan.createDelayMs) {
      await sleep(plan.createDelayMs);
      if (isClosed || res.destroyed) return;
    }
    if (plan.createResetConnection) {
      req.socket.resetAndDestroy();
      return;
    }
    if (plan.createHang) {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    const answer = createAnswer(plan.createResponse ?? "201", job, Date.now());
    sendJson(res, answer.status, answer.body);
  }

  // ---- API routes ----

  async function handleCreate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const plan = { ...scenario };
    const body = await readJsonBody(req);
    if (!body.ok) return sendInvalidRequest(res, body.message);
    if (refuseForBalance(res)) return;
    const request = validateCreate(body.value);
    if (!request.ok) return sendInvalidRequest(res, request.message);
    const job = addJob({ ...request.value, parentId: null });
    stats.creates += 1;
    await answerCreate(req, res, job, plan);
  }

  async function handleExtend(req: IncomingMessage, res: ServerResponse, parentId: string): Promise<void> {
    const plan = { ...scenario };
    const body = await readJsonBody(req);
    const parent = jobs.get(parentId);
    if (!parent) return sendDetail(res, 404, "Generation not found");
    if (!body.ok) return sendInvalidRequest(res, body.message);
    if (refuseForBalance(res)) return;
    const request = validateExtend(body.value);
    if (!request.ok) return sendInvalidRequest(res, request.message);
    if (jobStateAt(parent, Date.now()) !== "completed") return sendDetail(res, 400, "Only a completed generation can be extended");
    const job = addJob({
      prompt: request.value.prompt,
      aspectRatio: parent.aspectRatio,
      model: parent.model,
      parentId: parent.id,
      notifyHook: request.value.notifyHook,
    });
    stats.extends += 1;
    await answerCreate(req, res, job, plan);
  }

  async function handleGet(res: ServerResponse, id: string): Promise<void> {
    stats.gets += 1;
    if (scenario.getDelayMs) await sleep(scenario.getDelayMs);
    const job = jobs.get(id);
    if (!job) return sendDetail(res, 404, "Generation not found");
    const ctx = context();
    const state = jobStateAt(job, ctx.nowMs);
    const isWithoutMedia = state === "completed" && job.noUrlPollsLeft > 0;
    if (isWithoutMedia) job.noUrlPollsLeft -= 1;
    sendJson(res, 200, generationJson(job, state, ctx, { withoutMedia: isWithoutMedia }));
  }

  async function handleDownloadUrl(res: ServerResponse, id: string): Promise<void> {
    stats.downloadUrls += 1;
    if (scenario.getDelayMs) await sleep(scenario.getDelayMs);
    const job = jobs.get(id);
    if (!job) return sendDetail(res, 404, "Generation not found");
    const ctx = context();
    if (jobStateAt(job, ctx.nowMs) !== "completed") return sendDetail(res, 400, "Generation is not completed");
    sendJson(res, 200, { url: downloadUrl(ctx, job) });
  }

  // ---- media (a CDN: no auth, and outside the gateway's fault injection) ----

  async function handleMedia(req: IncomingMessage, res: ServerResponse, route: Route, query: URLSearchParams): Promise<void> {
    if (route.kind !== "media" && route.kind !== "signed") return;
    const job = jobs.get(route.id);
    const nowMs = Date.now();
    if (route.kind === "signed") {
      const check = job ? presigner.check(job.id, query, nowMs) : "bad_signature";
      if (check === "expired") return sendXmlError(res, 403, "AccessDenied", "Request has expired");
      if (check === "bad_signature") return sendXmlError(res, 403, "AccessDenied", "Invalid signature");
    }
    const kind = route.kind === "signed" ? "video" : MEDIA_FILES[route.file];
    if (!job || !kind || jobStateAt(job, nowMs) !== "completed") {
      return sendXmlError(res, 404, "NoSuchKey", "The specified key does not exist.");
    }
    const cacheControl = route.kind === "signed" ? "private, max-age=3600" : "public, max-age=31536000, immutable";
    await serveAsset(req, res, job.aspectRatio, kind, cacheControl);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    if (url.pathname.startsWith("/__sim/")) return handleControl(req, res, url.pathname);

    const { key, route } = matchRoute(method, url.pathname);
    stats.requests += 1;
    stats.byRoute[key] = (stats.byRoute[key] ?? 0) + 1;
    if (isMediaRoute(route)) return handleMedia(req, res, route, url.searchParams);

    if (takeOne("rateLimitNext")) {
      const retryAfter = String(scenario.retryAfterSeconds ?? 2);
      return sendGatewayError(
        res,
        429,
        { message: `Rate limit reached, please retry later (request id: ${newRequestId()})`, type: "one_api_error", code: "rate_limit_exceeded" },
        { "retry-after": retryAfter },
      );
    }
    if (takeOne("serverErrorNext")) return sendHtmlServerError(res);
    if (route.kind === "not_found") {
      return sendGatewayError(res, 404, { message: `Invalid URL (${method} ${url.pathname})`, type: "invalid_request_error", code: "" });
    }
    if (!authorize(req, res)) return;

    switch (route.kind) {
      case "create":
        return handleCreate(req, res);
      case "extend":
        return handleExtend(req, res, route.id);
      case "get":
        return handleGet(res, route.id);
      case "download_url":
        return handleDownloadUrl(res, route.id);
    }
  }

  const server = createServer((req, res) => {
    const startedAt = Date.now();
    res.on("close", () => {
      const outcome = res.writableFinished ? String(res.statusCode) : "no answer";
      log(`${req.method ?? "?"} ${(req.url ?? "").split("?")[0]} -> ${outcome} (${Date.now() - startedAt} ms)`);
    });
    handle(req, res).catch((error: unknown) => {
      log(`simulator error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: { message: "simulator internal error", type: "simulator_error" } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = publicUrl(host, port);

  return {
    url: baseUrl,
    port,
    stats: () => structuredClone(stats),
    setScenario,
    reset,
    jobs: () => jobs.size,
    async close() {
      if (isClosed) return;
      isClosed = true;
      callbacks.stop();
      for (const timer of delays) clearTimeout(timer);
      delays.clear();
      dropHangingRequests();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
