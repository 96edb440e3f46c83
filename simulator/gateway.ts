/** The fake upstream's behaviour: jobs, scenario, faults, auth, the gateway dialects and Luma's own API format. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createCallbackDispatcher } from "./callbacks";
import { DIALECTS, type Dialect } from "./dialects";
import { dialectCreateAnswer, dialectGenerationJson, downloadUrl, generationJson, type RenderContext } from "./generation-json";
import { createJob, jobStateAt, type Job, type JobTimings, type NewJob } from "./jobs";
import { serveAsset, type AssetKind } from "./media";
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
import { officialGenerationJson, validateOfficialCreate } from "./official";
import { createRecorder, type RecordedRequest } from "./recorder";
import { isMediaRoute, matchRoute, type Format, type GatewayVariant, type Route } from "./routes";
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
  requests(filter?: { route?: string; limit?: number }): RecordedRequest[];
  stop(): void;
};

const MEDIA_FILES: Record<string, AssetKind> = {
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
  const recorder = createRecorder();
  const dialect = (): Dialect => DIALECTS[scenario.profile ?? "openai-hub"];

  // Media links name the simulator itself, unless a test plays a hostile gateway that names another address.
  const mediaBase = () => scenario.mediaBaseUrl ?? config.baseUrl();
  const context = (): RenderContext => ({ baseUrl: mediaBase(), presigner, nowMs: Date.now() });

  const callbacks = createCallbackDispatcher({
    render: (job, state, nowMs) => generationJson(job, state, { baseUrl: mediaBase(), presigner, nowMs }, { withoutMedia: job.noUrlPollsLeft > 0 }),
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
  function authorize(req: IncomingMessage, res: ServerResponse, format: Format): boolean {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
    if (token === apiKey && (authBudget === null || authBudget > 0)) {
      if (authBudget !== null) authBudget -= 1;
      return true;
    }
    if (format === "official") {
      sendDetail(res, 401, token === undefined ? "Missing API key" : "Invalid API key");
      return false;
    }
    const message = token === undefined ? "未提供令牌" : "无效的令牌";
    sendGatewayError(res, 401, { message: `${message} (request id: ${newRequestId()})`, type: "one_api_error" });
    return false;
  }

  /** Body and balance checks shared by every create; answers and returns false on failure. */
  function acceptBody(res: ServerResponse, body: JsonBody, format: Format): body is Extract<JsonBody, { ok: true }> {
    if (!body.ok) {
      if (format === "official") sendDetail(res, body.status === 413 ? 413 : 400, body.message);
      else if (body.status === 413) sendGatewayError(res, 413, { message: body.message, type: "invalid_request_error", code: "invalid_parameter" });
      else sendInvalidRequest(res, body.message);
      return false;
    }
    if (scenario.insufficientBalance) {
      if (format === "official") {
        sendDetail(res, 402, "Insufficient balance: add funds to continue generating");
        return false;
      }
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
    const answer =
      job.format === "official"
        ? { status: 201, body: officialGenerationJson(job, "pending", context()) }
        : dialectCreateAnswer(dialect(), plan.createResponse ?? "201", job, Date.now());
    sendJson(res, answer.status, answer.body, job.format === "official" ? { "x-request-id": newRequestId() } : {});
  }

  async function handleCreate(req: IncomingMessage, res: ServerResponse, body: JsonBody, variant: GatewayVariant, scripted?: ScriptedResponse): Promise<void> {
    const plan = { ...scenario };
    if (!acceptBody(res, body, "platform")) return;
    const request = validateCreate(body.value, dialect(), { requireModel: scenario.requireModel === true });
    if (!request.ok) return sendGatewayError(res, 400, { message: request.message, type: "invalid_request_error", code: request.code ?? "invalid_parameter" });
    const job = addJob({ ...request.value, parentId: null, isV2Task: variant === "v2" });
    stats.creates += 1;
    await answerCreate(req, res, job, plan, scripted);
  }

  async function handleOfficialCreate(req: IncomingMessage, res: ServerResponse, body: JsonBody, scripted?: ScriptedResponse): Promise<void> {
    const plan = { ...scenario };
    if (!acceptBody(res, body, "official")) return;
    const nowMs = Date.now();
    const request = validateOfficialCreate(body.value, (id) => {
      const job = jobs.get(id);
      return job ? { job, state: jobStateAt(job, nowMs) } : undefined;
    });
    if (!request.ok) return sendDetail(res, request.status, request.detail);
    const parent = request.value.parentId ? jobs.get(request.value.parentId) : undefined;
    // An extension or an edit keeps its source's shape; a reframe takes the ratio it was asked for.
    const keepsShape = parent !== undefined && request.value.type !== "video_reframe";
    const job = addJob({
      prompt: request.value.prompt,
      aspectRatio: keepsShape ? parent.aspectRatio : request.value.aspectRatio,
      model: request.value.model,
      parentId: parent?.id ?? null,
      notifyHook: null,
      format: "official",
      type: request.value.type,
    });
    stats.creates += 1;
    await answerCreate(req, res, job, plan, scripted);
  }

  async function handleExtend(req: IncomingMessage, res: ServerResponse, body: JsonBody, parentId: string, scripted?: ScriptedResponse): Promise<void> {
    const plan = { ...scenario };
    const parent = jobs.get(parentId);
    if (!parent || parent.format !== "platform") return sendDetail(res, 404, "Generation not found");
    if (!acceptBody(res, body, "platform")) return;
    const request = validateExtend(body.value, dialect());
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

  async function handleGet(res: ServerResponse, id: string, format: Format): Promise<void> {
    stats.gets += 1;
    if (scenario.getDelayMs) await sleep(scenario.getDelayMs);
    const job = jobs.get(id);
    if (!job || job.format !== format) return sendDetail(res, 404, "Generation not found");
    const ctx = context();
    const state = jobStateAt(job, ctx.nowMs);
    const isWithoutMedia = state === "completed" && job.noUrlPollsLeft > 0;
    if (isWithoutMedia) job.noUrlPollsLeft -= 1;
    if (format === "official")
      return sendJson(res, 200, officialGenerationJson(job, state, ctx, { withoutMedia: isWithoutMedia }), { "x-request-id": newRequestId() });
    sendJson(res, 200, dialectGenerationJson(dialect(), job, state, ctx, { withoutMedia: isWithoutMedia }));
  }

  /** `POST /luma/tasks {"ids": […]}`: a bare array of generations, or new-api's task list. */
  async function handleTasks(res: ServerResponse, body: JsonBody): Promise<void> {
    stats.gets += 1;
    const ids = body.ok ? (body.value as { ids?: unknown } | null)?.ids : undefined;
    if (!Array.isArray(ids)) return sendInvalidRequest(res, "ids must be an array of task ids");
    const ctx = context();
    const found = ids.flatMap((id) => {
      const job = typeof id === "string" ? jobs.get(id) : undefined;
      return job && job.format === "platform" ? [{ job, state: jobStateAt(job, ctx.nowMs) }] : [];
    });
    if (dialect().routes.tasks === "bare")
      return sendJson(
        res,
        200,
        found.map(({ job, state }) => generationJson(job, state, ctx)),
      );
    sendJson(res, 200, {
      code: "success",
      message: "",
      data: found.map(({ job, state }) => ({
        task_id: job.id,
        status: state === "completed" ? "SUCCESS" : state === "failed" ? "FAILURE" : "IN_PROGRESS",
        fail_reason: state === "failed" ? job.failureReason : "",
        data: generationJson(job, state, ctx),
      })),
    });
  }

  async function handleDownloadUrl(res: ServerResponse, id: string): Promise<void> {
    stats.downloadUrls += 1;
    if (scenario.getDelayMs) await sleep(scenario.getDelayMs);
    const job = jobs.get(id);
    if (!job || job.format !== "platform") return sendDetail(res, 404, "Generation not found");
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
    if (scenario.mediaDelayMs) await sleep(scenario.mediaDelayMs);
    if (!job || !kind || jobStateAt(job, nowMs) !== "completed") {
      return sendXmlError(res, 404, "NoSuchKey", "The specified key does not exist.");
    }
    const cacheControl = route.kind === "signed" ? "private, max-age=3600" : "public, max-age=31536000, immutable";
    const isWatermarked = route.kind === "media" && route.file === "watermarked.mp4";
    await serveAsset(req, res, job.aspectRatio, kind, cacheControl, { isWatermarked, isCutMidStream: takeCleanCut(req, job, kind, isWatermarked) });
  }

  /** Whole-file downloads of the clean copy only: a player's ranged reads and the watermarked file are never cut. */
  function takeCleanCut(req: IncomingMessage, job: Job, kind: AssetKind, isWatermarked: boolean): boolean {
    if (kind !== "video" || isWatermarked || req.method !== "GET" || req.headers.range || job.cleanCutsLeft <= 0) return false;
    job.cleanCutsLeft -= 1;
    stats.cleanDownloadsCut += 1;
    return true;
  }

  /** Routes a dialect does not have answer like an unknown path at a one-api gateway. */
  function isOffered(route: Route): boolean {
    const { routes } = dialect();
    if (route.kind === "tasks") return routes.tasks !== null;
    if (route.kind === "create" && route.format === "platform") return route.variant === "standard" || routes[route.variant];
    if (route.kind === "extend") return route.variant === "standard" || routes.pro;
    return true;
  }

  function formatOf(route: Route): Format {
    return (route.kind === "create" || route.kind === "get") && route.format === "official" ? "official" : "platform";
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const { key, route } = matchRoute(method, url.pathname);
    stats.requests += 1;
    stats.byRoute[key] = (stats.byRoute[key] ?? 0) + 1;
    if (isMediaRoute(route)) return handleMedia(req, res, route, url.searchParams);

    // Read once, up front, so the log holds what arrived even when the answer is a refusal.
    const body = method === "POST" ? await readJsonBody(req) : null;
    recorder.record({ route: route.kind, key, path: url.pathname, body: body === null ? null : body.ok ? body.value : { invalid: body.message } });
    const format = formatOf(route);

    if (takeOne("rateLimitNext")) {
      const retryAfter = { "retry-after": String(scenario.retryAfterSeconds ?? 2) };
      if (format === "official") return sendDetail(res, 429, "Rate limit exceeded: too many requests per minute or too many generations running", retryAfter);
      const error = { message: `Rate limit reached, please retry later (request id: ${newRequestId()})`, type: "one_api_error", code: "rate_limit_exceeded" };
      return sendGatewayError(res, 429, error, retryAfter);
    }
    if (takeOne("serverErrorNext")) return sendHtmlServerError(res);
    if (scenario.dropConnections) return void req.socket.destroy();
    const scripted = takeScripted(route.kind);
    // A refusal answers before anything happens; a lost answer (afterCreating) lets the job be made first.
    if (scripted && !(scripted.afterCreating && (route.kind === "create" || route.kind === "extend"))) return sendScripted(res, scripted);
    if (route.kind === "not_found" || !isOffered(route)) {
      return sendGatewayError(res, 404, { message: `Invalid URL (${method} ${url.pathname})`, type: "invalid_request_error", code: "" });
    }
    if (!authorize(req, res, format)) return;
    const received: JsonBody = body ?? { ok: false, status: 400, message: "request body must be a JSON object" };

    switch (route.kind) {
      case "create":
        return route.format === "official" ? handleOfficialCreate(req, res, received, scripted) : handleCreate(req, res, received, route.variant, scripted);
      case "extend":
        return handleExtend(req, res, received, route.id, scripted);
      case "get":
        return handleGet(res, route.id, route.format);
      case "download_url":
        return handleDownloadUrl(res, route.id);
      case "tasks":
        return handleTasks(res, received);
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
      recorder.clear();
      authBudget = baseline.unauthorizedAfter ?? null;
      dropHangingRequests();
      releaseStuckJobsUnlessStuck();
    },
    stats: () => structuredClone(stats),
    jobCount: () => jobs.size,
    requests: (filter) => recorder.list(filter),
    stop() {
      isStopped = true;
      callbacks.stop();
      for (const timer of delays) clearTimeout(timer);
      delays.clear();
      dropHangingRequests();
    },
  };
}
