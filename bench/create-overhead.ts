/**
 * What `POST /api/generations` adds to the upstream create, measured the way a browser meets it: over HTTP, on
 * the built server (`next start`), against the standalone simulator, interleaved with the same create sent
 * straight to the simulator, through a bare passthrough proxy (what other Luma front ends put in front of a
 * gateway), and through the simplest Next.js route handler that forwards it (bench/next-passthrough: what the
 * framework itself adds, since our route runs in it too). Figures, not pass/fail: issue 12 sets the goal (≤ 3 ms added at p50, p95 under 10 ms).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

const KEY = "sk-bench-create-overhead";
const ACCESS_TOKEN = "bench-access-token-7c2e9a41d0";
const ROUNDS = Number(process.env.BENCH_CREATE_ROUNDS ?? 200);
const WARMUP_ROUNDS = 30;
/** Upstream create latencies measured: a gateway taking its usual time, and one answering at once. */
const UPSTREAM_DELAYS_MS = (process.env.BENCH_UPSTREAM_DELAYS_MS ?? "300,0").split(",").map(Number);

type Stats = { p50: number; p95: number };
/** Our route's own `Server-Timing` steps (p50 of each), and what the client measured outside the handler. */
type Breakdown = { steps: Array<[name: string, p50: number]>; outsideHandler: Stats };
export type CreateOverheadRow = {
  upstreamDelayMs: number;
  direct: Stats;
  passthrough: Stats;
  nextPassthrough: Stats;
  ours: Stats;
  oursBreakdown?: Breakdown;
  baseline?: Stats;
};
/**
 * BENCH_BASELINE_DIR=dir: another checkout, built, whose server is measured in the same rounds (a before/after
 * comparison that one machine's changing load cannot skew).
 */
const BASELINE_DIR = process.env.BENCH_BASELINE_DIR ? path.resolve(process.env.BENCH_BASELINE_DIR) : undefined;

function percentiles(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { p50: at(0.5), p95: at(0.95) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = http.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

type Answer = { status: number; body: string; ms: number; serverTiming?: string };

/** One request on a keep-alive agent, timed from the first byte sent to the last byte received. */
function send(agent: http.Agent, url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            ms: performance.now() - started,
            serverTiming: [response.headers["server-timing"] ?? []].flat().join(", ") || undefined,
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function startChild(command: string[], env: Record<string, string>, logFile: string, cwd = process.cwd()): ChildProcess {
  const log = fs.openSync(logFile, "a");
  const [program, ...args] = command as [string, ...string[]];
  return spawn(program, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", log, log] });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function setUpstreamDelay(simulatorUrl: string, createDelayMs: number): Promise<void> {
  const answer = await fetch(`${simulatorUrl}/__sim/scenario`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ createDelayMs }),
  });
  if (!answer.ok) throw new Error(`the simulator refused the scenario: ${answer.status}`);
}

export async function measureCreateOverhead(): Promise<CreateOverheadRow[]> {
  const root = process.cwd();
  for (const dir of [root, BASELINE_DIR]) {
    if (dir && !fs.existsSync(path.join(dir, ".next", "BUILD_ID")))
      throw new Error(`No build found in ${dir}: run \`npm run build\` there first (the create overhead is measured on \`next start\`).`);
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "luma-bench-create-"));
  const logFile = path.join(workDir, "servers.log");
  const [simulatorPort, appPort, baselinePort, passthroughPort, nextPassthroughPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  const passthroughUrl = `http://127.0.0.1:${passthroughPort}`;
  const nextPassthroughUrl = `http://127.0.0.1:${nextPassthroughPort}`;
  const children: ChildProcess[] = [];
  try {
    // `npm run simulator`, without npm in between (so stopping it stops the server itself).
    children.push(
      startChild(
        [process.execPath, "--import", "tsx", "simulator/main.ts"],
        { SIMULATOR_PORT: String(simulatorPort), SIMULATOR_API_KEY: KEY, SIMULATOR_PENDING_SECONDS: "3600", SIMULATOR_PROCESSING_SECONDS: "3600" },
        logFile,
      ),
    );
    await waitForHttp(`${simulatorUrl}/__sim/health`, children[0] as ChildProcess, 60_000);
    // BENCH_PROFILE_DIR=dir: a V8 CPU profile of the server, written there when it stops (open it in DevTools).
    const profileFlags = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR)}`] : [];
    // A gateway-mode server as playwright.config.ts starts one. The reconciler is off: its status checks of the
    // hundreds of jobs the bench leaves open would be background noise, not part of a create.
    const startApp = (dir: string, port: number, flags: string[]) =>
      startChild(
        [process.execPath, ...flags, path.join(dir, "node_modules", "next", "dist", "bin", "next"), "start", dir, "-H", "127.0.0.1", "-p", String(port)],
        {
          NODE_ENV: "production",
          LUMA_API_KEY: KEY,
          LUMA_BASE_URL: simulatorUrl,
          ACCESS_TOKEN,
          DATA_DIR: path.join(workDir, `data-${port}`),
          MAX_IN_FLIGHT: "1000",
          CREATE_RATE_LIMIT_PER_MINUTE: "1000000",
          DISABLE_RECONCILER: "true",
          LOG_LEVEL: "info",
        },
        logFile,
        dir,
      );
    const app = startApp(root, appPort, profileFlags);
    children.push(app);
    await waitForHttp(`${appUrl}/api/health`, app, 120_000);
    if (BASELINE_DIR) {
      const baseline = startApp(BASELINE_DIR, baselinePort, []);
      children.push(baseline);
      await waitForHttp(`${baselineUrl}/api/health`, baseline, 120_000);
    }
    // Its own process, as a front end runs it: a request through it wakes a second process, as one through ours
    // does (in the bench's own process it would ride on the bench's wake-ups and look cheaper than it is).
    const passthrough = startChild([process.execPath, "bench/passthrough.mjs", String(passthroughPort), simulatorUrl], { PASSTHROUGH_API_KEY: KEY }, logFile);
    children.push(passthrough);
    await waitForHttp(`${passthroughUrl}/__passthrough/health`, passthrough, 30_000);
    const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
    const nextPassthroughDir = path.join(root, "bench", "next-passthrough");
    console.error("Building the Next.js passthrough (bench/next-passthrough) …");
    const build = startChild([process.execPath, nextBin, "build", nextPassthroughDir], {}, logFile);
    const built = await new Promise<number | null>((resolve) => build.once("exit", resolve));
    if (built !== 0) throw new Error(`building bench/next-passthrough failed (exit ${built}); see ${logFile}`);
    const nextPassthrough = startChild(
      [process.execPath, nextBin, "start", nextPassthroughDir, "-H", "127.0.0.1", "-p", String(nextPassthroughPort)],
      { NODE_ENV: "production", PASSTHROUGH_TARGET: simulatorUrl, PASSTHROUGH_API_KEY: KEY },
      logFile,
    );
    children.push(nextPassthrough);
    await waitForHttp(`${nextPassthroughUrl}/health`, nextPassthrough, 60_000);

    // One keep-alive connection per target, as a browser or a front end keeps one.
    const keepAlive = () => new http.Agent({ keepAlive: true, maxSockets: 1 });
    const agents = { direct: keepAlive(), passthrough: keepAlive(), nextPassthrough: keepAlive(), ours: keepAlive(), baseline: keepAlive() };
    let serial = 0;
    const unique = () => `${Date.now().toString(36)}-${serial++}`;
    // Each of our creates' Server-Timing steps beside the time the client measured, for the breakdown.
    let timings: Array<{ clientMs: number; steps: Map<string, number> }> = [];
    const studioCreate = (agent: http.Agent, base: string) => async () => {
      const id = unique();
      const headers = { cookie: `luma_access=${ACCESS_TOKEN}`, origin: base, "idempotency-key": `bench-${id}` };
      const answer = await send(
        agent,
        `${base}/api/generations`,
        headers,
        JSON.stringify({ prompt: `benchmark shot ${id}`, aspectRatio: "16:9", expandPrompt: true, loop: false }),
      );
      if (answer.status !== 201) throw new Error(`${base}/api/generations answered ${answer.status}: ${answer.body}`);
      if (base === appUrl && answer.serverTiming) timings.push({ clientMs: answer.ms, steps: parseServerTiming(answer.serverTiming) });
      return answer.ms;
    };
    const oursOnce = studioCreate(agents.ours, appUrl);
    // The direct and passthrough creates send exactly what our route sent upstream, with their own prompt.
    await oursOnce();
    const recorded = (await (await fetch(`${simulatorUrl}/__sim/requests?route=create&limit=1`)).json()) as {
      requests: Array<{ path: string; body: Record<string, unknown> }>;
    };
    const upstreamCreate = recorded.requests[0];
    if (!upstreamCreate) throw new Error("the simulator recorded no create");
    const upstreamBody = () => JSON.stringify({ ...upstreamCreate.body, prompt: `benchmark shot ${unique()}` });
    const upstreamOnce = (agent: http.Agent, base: string, headers: Record<string, string>) => async () => {
      const answer = await send(agent, `${base}${upstreamCreate.path}`, headers, upstreamBody());
      if (answer.status < 200 || answer.status > 299) throw new Error(`${base}${upstreamCreate.path} answered ${answer.status}: ${answer.body}`);
      return answer.ms;
    };
    const targets = {
      direct: upstreamOnce(agents.direct, simulatorUrl, { authorization: `Bearer ${KEY}` }),
      // The passthrough holds the key, as a front end does.
      passthrough: upstreamOnce(agents.passthrough, passthroughUrl, {}),
      nextPassthrough: upstreamOnce(agents.nextPassthrough, nextPassthroughUrl, {}),
      ours: oursOnce,
      baseline: studioCreate(agents.baseline, baselineUrl),
    };
    const order = BASELINE_DIR
      ? (["direct", "passthrough", "nextPassthrough", "ours", "baseline"] as const)
      : (["direct", "passthrough", "nextPassthrough", "ours"] as const);

    const rows: CreateOverheadRow[] = [];
    for (const upstreamDelayMs of UPSTREAM_DELAYS_MS) {
      await setUpstreamDelay(simulatorUrl, upstreamDelayMs);
      const samples: Record<(typeof order)[number], number[]> = { direct: [], passthrough: [], nextPassthrough: [], ours: [], baseline: [] };
      for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
        if (round === WARMUP_ROUNDS) timings = [];
        // Interleaved, each round in a rotated order, so warm-up, GC and machine noise fall on all three alike.
        for (let i = 0; i < order.length; i++) {
          const name = order[(round + i) % order.length] as (typeof order)[number];
          const ms = await targets[name]();
          if (round >= WARMUP_ROUNDS) samples[name].push(ms);
        }
      }
      rows.push({
        upstreamDelayMs,
        direct: percentiles(samples.direct),
        passthrough: percentiles(samples.passthrough),
        nextPassthrough: percentiles(samples.nextPassthrough),
        ours: percentiles(samples.ours),
        ...(timings.length > 0 ? { oursBreakdown: breakdown(timings) } : {}),
        ...(BASELINE_DIR ? { baseline: percentiles(samples.baseline) } : {}),
      });
    }
    for (const agent of Object.values(agents)) agent.destroy();
    return rows;
  } finally {
    for (const child of children.reverse()) await stop(child);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** `checks;dur=0.21, input;dur=0.40, …` → its steps in order. */
function parseServerTiming(header: string): Map<string, number> {
  const steps = new Map<string, number>();
  for (const entry of header.split(",")) {
    const [name, ...params] = entry.trim().split(";");
    const dur = params.find((param) => param.trim().startsWith("dur="));
    if (name && dur) steps.set(name, Number(dur.trim().slice(4)));
  }
  return steps;
}

function breakdown(timings: ReadonlyArray<{ clientMs: number; steps: Map<string, number> }>): Breakdown {
  const names = [...(timings[0]?.steps.keys() ?? [])];
  return {
    steps: names.map((name) => [name, percentiles(timings.map(({ steps }) => steps.get(name) ?? 0)).p50]),
    outsideHandler: percentiles(timings.map(({ clientMs, steps }) => clientMs - (steps.get("handler") ?? 0))),
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const added = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(1)} ms`;

/** A Markdown table: p50 and p95 of each path, what each adds to the direct call, and ours against the passthrough. */
export function formatCreateOverhead(rows: readonly CreateOverheadRow[]): string {
  const lines = [
    `Over HTTP on \`next start\`, ${ROUNDS} interleaved rounds per upstream latency (after ${WARMUP_ROUNDS} warm-up rounds), keep-alive connections.`,
    "",
    "| upstream create | path | p50 | p95 | added p50 | added p95 |",
    "|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const label = `${row.upstreamDelayMs} ms`;
    lines.push(`| ${label} | direct to the simulator | ${ms(row.direct.p50)} | ${ms(row.direct.p95)} | — | — |`);
    lines.push(
      `| ${label} | bare passthrough proxy | ${ms(row.passthrough.p50)} | ${ms(row.passthrough.p95)} | ${added(row.passthrough.p50 - row.direct.p50)} | ${added(row.passthrough.p95 - row.direct.p95)} |`,
    );
    lines.push(
      `| ${label} | Next.js route handler passthrough | ${ms(row.nextPassthrough.p50)} | ${ms(row.nextPassthrough.p95)} | ${added(row.nextPassthrough.p50 - row.direct.p50)} | ${added(row.nextPassthrough.p95 - row.direct.p95)} |`,
    );
    lines.push(
      `| ${label} | **POST /api/generations** | ${ms(row.ours.p50)} | ${ms(row.ours.p95)} | **${added(row.ours.p50 - row.direct.p50)}** | **${added(row.ours.p95 - row.direct.p95)}** |`,
    );
    if (row.baseline) {
      lines.push(
        `| ${label} | POST /api/generations, baseline build | ${ms(row.baseline.p50)} | ${ms(row.baseline.p95)} | ${added(row.baseline.p50 - row.direct.p50)} | ${added(row.baseline.p95 - row.direct.p95)} |`,
      );
    }
  }
  lines.push(
    "",
    "| upstream create | ours ÷ direct (p50) | ours added ÷ passthrough added (p50) | ours beyond the Next.js passthrough (p50 / p95) |",
    "|---|---|---|---|",
  );
  for (const row of rows) {
    const passthroughAdded = row.passthrough.p50 - row.direct.p50;
    const ratio = passthroughAdded > 0 ? `${((row.ours.p50 - row.direct.p50) / passthroughAdded).toFixed(1)}×` : "—";
    const beyondNext = `${added(row.ours.p50 - row.nextPassthrough.p50)} / ${added(row.ours.p95 - row.nextPassthrough.p95)}`;
    lines.push(`| ${row.upstreamDelayMs} ms | ${(row.ours.p50 / row.direct.p50).toFixed(3)} | ${ratio} | ${beyondNext} |`);
  }
  const broken = rows.filter((row) => row.oursBreakdown);
  if (broken.length > 0) {
    // The route's own Server-Timing steps; "outside the handler" is what the client measured minus the handler's
    // total: Next.js routing the request and piping the answer, the front door, and the loopback hops.
    const names = broken[0]?.oursBreakdown?.steps.map(([name]) => name) ?? [];
    lines.push(
      "",
      "Where our create's time goes (p50 of each `Server-Timing` step; the upstream step beside the direct call's p50):",
      "",
      `| upstream create | ${names.join(" | ")} | outside the handler (p50 / p95) |`,
      `|---|${names.map(() => "---|").join("")}---|`,
    );
    for (const row of broken) {
      const { steps, outsideHandler } = row.oursBreakdown as Breakdown;
      const cells = steps.map(([name, p50]) => (name === "upstream" ? `${ms(p50)} (direct ${ms(row.direct.p50)})` : ms(p50)));
      lines.push(`| ${row.upstreamDelayMs} ms | ${cells.join(" | ")} | ${ms(outsideHandler.p50)} / ${ms(outsideHandler.p95)} |`);
    }
  }
  return lines.join("\n");
}
