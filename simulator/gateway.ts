/** The fake gateway's behaviour: jobs, scenario, faults, auth and the platform-format routes. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createCallbackDispatcher } from "./callbacks";
import { createAnswer, downloadUrl, generationJson, type RenderContext } from "./generation-json";
import { createJob, jobStateAt, type Job, type JobTimings, type NewJob } from "./jobs";
import { serveAsset, type MediaKind } from "./media";
import type { Presigner } from "./presign";
import {
  newRequestId,
  readJsonBody,
  sendDetail,
  sendGatewayError,
  sendHtmlServerError,
  sendInvalidRequest,
  sendJson,
  sendXmlError,
  type JsonBody,
} from "./responses";
import { isMediaRoute, matchRoute, type Route } from "./routes";
import type { ScriptedResponse, SimulatorScenario } from "./scenario";
import { emptyStats, type SimulatorStats } from "./stats";
import { validateCreate, validateExtend } from "./validation";

export type GatewayConfig = {
  apiKey: string;
  timings: JobTimings;
  baseline: SimulatorScenario;
  presigner: Presigner;
  baseUrl: () => string;
  log: (line: string) => void;
};

export type Gateway = {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  scenario(): SimulatorScenario;
  setScenario(patch: SimulatorScenario): void;
  reset(): void;
  stats(): SimulatorStats;
  jobCount(): number;
  stop(): void;
};

const MEDIA_FILES: Record<string, MediaKind> = {
  "watermarked.mp4": "video",
  "raw.mp4": "video",
  "thumb.jpg": "thumbnail",
  "last_frame.jpg": "last_frame",
};

export function createGateway(config: GatewayConfig): Gateway {
  const { apiKey, timings, baseline, presigner } = config;
  let scenario: SimulatorScenario = { ...baseline };
  let stats = emptyStats();
  let authBudget: number | null = baseline.unauthorizedAfter ?? null;
  let isStopped = false;
  const jobs = new Map<string, Job>();
  const delays = new Set<NodeJS.Timeout>();
  const hanging = new Set<ServerResponse>();

  const context = (): RenderContext => ({ baseUrl: config.baseUrl(), presigner, nowMs: Date.now() });

  const callbacks = createCallbackDispatcher({
    render: (job, state, nowMs) =>
      generationJson(job, state, { baseUrl: config.baseUrl(), presigner, nowMs }, { withoutMedia: job.noUrlPollsLeft > 0 }),
    mode: () => scenario.callbacks ?? "normal",
    onSent: () => {
      stats.callbacksSent += 1;
    },
    log: config.log,
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

  /** The first scripted answer meant for this route, removed from the queue. */
  function takeScripted(kind: Route["kind"]): ScriptedResponse | undefined {
    const queue = scenario.respondNext ?? [];
    const index = queue.findIndex((entry) => (entry.route ?? "any") === "any" || entry.route === kind);
    if (index < 0) return undefined;
    scenario.respondNext = queue.filter((_, position) => position !== index);
    return queue[index];
  }

  function sendScripted(res: ServerResponse, scripted: ScriptedResponse): void {
    res.writeHead(scripted.status, { "content-type": "application/json", ...scripted.headers, "content-length": Buffer.byteLength(scripted.body) });
    res.end(scripted.body);
  }

  function takeOne(key: "rateLimitNext" | "serverErrorNext"): boolean {
    const left = scenario[key] ?? 0;
    if (left <= 0) return false;
    scenario[key] = left - 1;
    return true;
  }

  function addJob(input: NewJob): Job {
    const job = createJob(input, scenario, timings, Date.now(), jobs.size + 1);
    jobs.set(job.id, job);
    callbacks.watch(job);
    return job;
  }

  /** Answers the request itself (and returns false) when the key is missing or refused. */
  function authorize(req: IncomingMessage, res: ServerResponse): boolean {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
    if (token === apiKey && (authBudget === null || authBudget > 0)) {
      if (authBudget !== null) authBudget -= 1;
      return true;
    }
    const message = token === undefined ? "未提供令牌" : "无效的令牌";
    sendGatewayError(res, 401, { message: `${message} (request id: ${newRequestId()})`, type: "one_api_error" });
    return false;
  }

  /** Body, balance and field checks shared by create and extend; answers and returns false on failure. */
  function acceptBody(res: ServerResponse, body: JsonBody): body is Extract<JsonBody, { ok: true }> {
    if (!body.ok) {
      if (body.status === 413) sendGatewayError(res, 413, { message: body.message, type: "invalid_request_error", code: "invalid_parameter" });
      else sendInvalidRequest(res, body.message);
      return false;
    }
    if (scenario.insufficientBalance) {
      sendGatewayError(res, 403, {
        message: `该令牌额度已用尽 (insufficient quota, request id: ${newRequestId()})`,
        type: "one_api_error",
        code: "insufficient_user_quota",
      });
      return false;
    }
    return true;
  }

  /** Delay, reset, hang or answer, as the scenario at arrival says. The job already exists either way. */
  async function answerCreate(req: IncomingMessage, res: ServerResponse, job: Job, plan: SimulatorScenario, scripted?: ScriptedResponse): Promise<void> {
    if (scripted) return sendScripted(res, scripted);
    if (plan.createDelayMs) {
      await sleep(plan.createDelayMs);
      if (isStopped || res.destroyed) return;
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

  async function handleCreate(req: IncomingMessage, res: ServerResponse, scripted?: ScriptedResponse): Promise<void> {
    const plan = { ...scenario };
    const body = await readJsonBody(req);
    if (!acceptBody(res, body)) return;
    const request = validateCreate(body.value);
    if (!request.ok) return sendInvalidRequest(res, request.message);
    const job = addJob({ ...request.value, parentId: null });
    stats.creates += 1;
    await answerCreate(req, res, job, plan, scripted);
  }

  async function handleExtend(req: IncomingMessage, res: ServerResponse, parentId: string, scripted?: ScriptedResponse): Promise<void> {
    const plan = { ...scenario };
    const body = await readJsonBody(req);
    const parent = jobs.get(parentId);
    if (!parent) return sendDetail(res, 404, "Generation not found");
    if (!acceptBody(res, body)) return;
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
    await answerCreate(req, res, job, plan, scripted);
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

  /** Media stands in for a CDN on another host: no bearer auth, and none of the gateway's faults. */
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
    const isWatermarked = route.kind === "media" && route.file === "watermarked.mp4";
    await serveAsset(req, res, job.aspectRatio, kind, cacheControl, { isWatermarked, isCutMidStream: takeCleanCut(req, job, kind, isWatermarked) });
  }

  /** Whole-file downloads of the clean copy only: a player's ranged reads and the watermarked file are never cut. */
  function takeCleanCut(req: IncomingMessage, job: Job, kind: MediaKind, isWatermarked: boolean): boolean {
    if (kind !== "video" || isWatermarked || req.method !== "GET" || req.headers.range || job.cleanCutsLeft <= 0) return false;
    job.cleanCutsLeft -= 1;
    stats.cleanDownloadsCut += 1;
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const { key, route } = matchRoute(method, url.pathname);
    stats.requests += 1;
    stats.byRoute[key] = (stats.byRoute[key] ?? 0) + 1;
    if (isMediaRoute(route)) return handleMedia(req, res, route, url.searchParams);

    if (takeOne("rateLimitNext")) {
      const error = { message: `Rate limit reached, please retry later (request id: ${newRequestId()})`, type: "one_api_error", code: "rate_limit_exceeded" };
      return sendGatewayError(res, 429, error, { "retry-after": String(scenario.retryAfterSeconds ?? 2) });
    }
    if (takeOne("serverErrorNext")) return sendHtmlServerError(res);
    if (scenario.dropConnections) return void req.socket.destroy();
    const scripted = takeScripted(route.kind);
    // A refusal answers before anything happens; a lost answer (afterCreating) lets the job be made first.
    if (scripted && !(scripted.afterCreating && (route.kind === "create" || route.kind === "extend"))) {
      await readJsonBody(req);
      return sendScripted(res, scripted);
    }
    if (route.kind === "not_found") {
      return sendGatewayError(res, 404, { message: `Invalid URL (${method} ${url.pathname})`, type: "invalid_request_error", code: "" });
    }
    if (!authorize(req, res)) return;

    switch (route.kind) {
      case "create":
        return handleCreate(req, res, scripted);
      case "extend":
        return handleExtend(req, res, route.id, scripted);
      case "get":
        return handleGet(res, route.id);
      case "download_url":
        return handleDownloadUrl(res, route.id);
    }
  }

  return {
    handle,
    scenario: () => ({ ...scenario }),
    setScenario(patch) {
      scenario = { ...scenario, ...patch };
      if ("unauthorizedAfter" in patch) authBudget = patch.unauthorizedAfter ?? null;
      releaseStuckJobsUnlessStuck();
    },
    reset() {
      scenario = { ...baseline };
      stats = emptyStats();
      authBudget = baseline.unauthorizedAfter ?? null;
      dropHangingRequests();
      releaseStuckJobsUnlessStuck();
    },
    stats: () => structuredClone(stats),
    jobCount: () => jobs.size,
    stop() {
      isStopped = true;
      callbacks.stop();
      for (const timer of delays) clearTimeout(timer);
      delays.clear();
      dropHangingRequests();
    },
  };
}
