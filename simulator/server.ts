/**
 * A fake Luma upstream over real HTTP, for demo mode, integration and e2e tests: a gateway speaking the
 * platform format (luma-api.md §2) in any profile's dialect (§5.1), and Luma's own API (§5.2) under /v1.
 * Node built-ins and plain TypeScript only, so Next.js can import it in-process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createGateway, type Gateway } from "./gateway";
import { createPresigner } from "./presign";
import { readJsonBody, sendJson } from "./responses";
import type { SimulatorProfile } from "./dialects";
import type { RecordedRequest } from "./recorder";
import { parseScenarioPatch, type SimulatorScenario } from "./scenario";
import type { SimulatorStats } from "./stats";

export type { SimulatorProfile } from "./dialects";
export { SIMULATOR_PROFILES } from "./dialects";
export type { RecordedRequest } from "./recorder";
export type { CallbackMode, CreateResponseShape, SimulatorScenario } from "./scenario";
export type { SimulatorStats } from "./stats";

export type SimulatorOptions = {
  port?: number; // default 0 (ephemeral)
  host?: string; // default "127.0.0.1"
  apiKey?: string; // bearer key required; default "sk-simulator"
  pendingSeconds?: number; // default 2
  processingSeconds?: number; // default 4
  downloadUrlTtlSeconds?: number; // default 3600; presigned links really stop working after this
  scenario?: SimulatorScenario; // the starting scenario, and what reset() returns to
  profile?: SimulatorProfile; // the gateway dialect (default openai-hub); same as scenario.profile
  log?: (line: string) => void; // default: no logging
};

export type RunningSimulator = {
  url: string; // e.g. "http://127.0.0.1:41234", no trailing slash: the app's LUMA_BASE_URL
  port: number;
  stats(): SimulatorStats;
  setScenario(patch: SimulatorScenario): void; // merges into the current scenario
  reset(): void; // keeps jobs; restores the starting scenario and zeroes stats
  jobs(): number; // number of jobs created (creates + extends)
  requests(filter?: { route?: string; limit?: number }): RecordedRequest[]; // what arrived, oldest first; route: kind ("create") or key
  close(): Promise<void>;
};

/** A URL others can connect to, even when listening on a wildcard address. */
function publicUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

/** `/__sim/*`: no auth, never counted, so a test in another process can steer a running simulator. */
async function handleControl(gateway: Gateway, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = `${req.method ?? "GET"} ${url.pathname}`;
  const query = url.searchParams;
  switch (route) {
    case "GET /__sim/health":
      return sendJson(res, 200, { ok: true });
    case "GET /__sim/stats":
      return sendJson(res, 200, gateway.stats());
    case "GET /__sim/jobs":
      return sendJson(res, 200, { jobs: gateway.jobCount() });
    case "GET /__sim/requests": {
      const limit = Number(query.get("limit") ?? "") || undefined;
      return sendJson(res, 200, { requests: gateway.requests({ route: query.get("route") ?? undefined, limit }) });
    }
    case "GET /__sim/scenario":
      return sendJson(res, 200, gateway.scenario());
    case "POST /__sim/scenario": {
      const body = await readJsonBody(req);
      const parsed = body.ok ? parseScenarioPatch(body.value) : { ok: false as const, message: body.message };
      if (!parsed.ok) return sendJson(res, 400, { error: parsed.message });
      gateway.setScenario(parsed.patch);
      return sendJson(res, 200, gateway.scenario());
    }
    case "POST /__sim/reset":
      await readJsonBody(req);
      gateway.reset();
      return sendJson(res, 200, { ok: true, scenario: gateway.scenario() });
    default:
      return sendJson(res, 404, { error: `no simulator control route ${route}` });
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => {});
  let baseUrl = "";
  const gateway = createGateway({
    apiKey: options.apiKey ?? "sk-simulator",
    timings: { pendingSeconds: options.pendingSeconds ?? 2, processingSeconds: options.processingSeconds ?? 4 },
    baseline: { ...(options.profile ? { profile: options.profile } : {}), ...options.scenario },
    presigner: createPresigner(options.downloadUrlTtlSeconds ?? 3600),
    baseUrl: () => baseUrl,
    log,
  });

  const server = createServer((req, res) => {
    const startedAt = Date.now();
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    res.on("close", () => {
      const outcome = res.writableFinished ? String(res.statusCode) : "no answer";
      log(`${req.method ?? "?"} ${url.pathname} -> ${outcome} (${Date.now() - startedAt} ms)`);
    });
    const handling = url.pathname.startsWith("/__sim/") ? handleControl(gateway, req, res, url) : gateway.handle(req, res, url);
    handling.catch((error: unknown) => {
      log(`simulator error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
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

  let closing: Promise<void> | null = null;
  return {
    url: baseUrl,
    port,
    stats: () => gateway.stats(),
    setScenario: (patch) => gateway.setScenario(patch),
    reset: () => gateway.reset(),
    jobs: () => gateway.jobCount(),
    requests: (filter) => gateway.requests(filter),
    close() {
      closing ??= new Promise<void>((resolve) => {
        gateway.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
