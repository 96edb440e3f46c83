import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/simulator/server";

/**
 * The built app under `next start`, as a user runs it: killed with SIGKILL mid-job and restarted,
 * and scanned for a canary API key in everything it serves and logs.
 */
const CANARY = "sk-canary-3b9f0c2e8d7a41f6a5e4";
// No password: the studio answers the browser holding its access token (lib/auth/access-token.ts).
const ACCESS_TOKEN = "server-process-access-token-7e1d";
const fetch = (url: string, init: RequestInit = {}) =>
  globalThis.fetch(url, { ...init, headers: { cookie: `luma_access=${ACCESS_TOKEN}`, ...(init.headers as Record<string, string> | undefined) } });
const PORT = Number(process.env.TEST_PROCESS_PORT ?? 3290);
const base = `http://127.0.0.1:${PORT}`;
const root = path.resolve(import.meta.dirname, "..");
let sim: RunningSimulator;
let dataDir: string;
let server: ChildProcess | undefined;
let logs = "";

function ensureBuilt() {
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  const result = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", timeout: 8 * 60_000 });
  if (result.status !== 0) throw new Error("next build failed");
}

async function startApp(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      LUMA_API_KEY: CANARY,
      LUMA_BASE_URL: sim.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: "debug",
      PUBLIC_BASE_URL: "",
      APP_PASSWORD: "",
      ACCESS_TOKEN,
      MAX_IN_FLIGHT: "100",
      CREATE_RATE_LIMIT_PER_MINUTE: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (logs += chunk));
  child.stderr?.on("data", (chunk) => (logs += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`app did not start:\n${logs.slice(-2000)}`);
}

async function stop(child: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}

beforeAll(async () => {
  ensureBuilt();
  sim = await startSimulator({ apiKey: CANARY, pendingSeconds: 2, processingSeconds: 6 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "luma-proc-"));
  server = await startApp();
}, 10 * 60_000);

afterAll(async () => {
  await stop(server, "SIGTERM");
  await sim?.close();
});

const getJson = async (url: string) => (await fetch(`${base}${url}`)).json();

describe("a killed server loses nothing", () => {
  it("SIGKILL while 10 generations run; after a restart all 10 complete and are archived", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${base}/api/generations`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": `restart-${i}-${Date.now()}` },
        body: JSON.stringify({ prompt: `restart survivor ${i}`, aspectRatio: i % 2 ? "9:16" : "16:9" }),
      });
      expect(response.status).toBe(201);
      ids.push((await response.json()).id);
    }
    await stop(server, "SIGKILL");
    expect(sim.stats().creates).toBe(10);

    server = await startApp();
    const deadline = Date.now() + 60_000;
    let pending = ids;
    while (pending.length && Date.now() < deadline) {
      const states = await Promise.all(pending.map((id) => getJson(`/api/generations/${id}`)));
      pending = states.filter((g) => !(g.state === "completed" && g.isArchived)).map((g) => g.id);
      if (pending.length) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(pending).toEqual([]);
    expect(sim.stats().creates).toBe(10); // nothing was re-sent
    const video = await fetch(`${base}/api/generations/${ids[0]}/media/video`, { headers: { range: "bytes=0-1023" } });
    expect(video.status).toBe(206);
    expect(video.headers.get("content-type")).toBe("video/mp4");
  }, 120_000);
});

describe("live updates", () => {
  it("pushes a state change to open pages within a second of the server learning it", async () => {
    const controller = new AbortController();
    const events = await fetch(`${base}/api/events`, { signal: controller.signal });
    expect(events.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    const created = await (
      await fetch(`${base}/api/generations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ prompt: "pushed live" }),
      })
    ).json();
    let buffer = "";
    const lags: number[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const messages = buffer.split("\n\n");
      buffer = messages.pop() ?? "";
      const received = Date.now();
      for (const message of messages) {
        const data = message.split("\n").find((line) => line.startsWith("data: "));
        if (!data) continue;
        const event = JSON.parse(data.slice(6));
        if (event.type !== "generation" || event.generation.id !== created.id) continue;
        // updatedAt is when the server wrote what it learned; the push must follow within a second.
        lags.push(received - Date.parse(event.generation.updatedAt));
        if (event.generation.state === "completed") controller.abort();
      }
      if (controller.signal.aborted) break;
    }
    expect(lags.length).toBeGreaterThan(1);
    expect(Math.max(...lags)).toBeLessThan(1000);
  }, 60_000);
});

describe("uploads", () => {
  it("answers 10 simultaneous uploads of the same image 201 with one URL, and serves it intact", async () => {
    // A fresh tail after IEND (ignored by decoders) makes the image new to this store and the writes overlap.
    const image = Buffer.concat([fs.readFileSync(path.join(root, "test", "fixtures", "frame.png")), randomBytes(2 * 1024 * 1024)]);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${base}/api/uploads`, { method: "POST", headers: { "content-type": "image/png" }, body: new Uint8Array(image) })),
    );
    const bodies = await Promise.all(answers.map((answer) => answer.json() as Promise<{ url?: string }>));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
    const hash = createHash("sha256").update(image).digest("hex");
    expect([...new Set(bodies.map((body) => body.url))]).toEqual([`/api/uploads/${hash}.png`]);
    const served = Buffer.from(await (await fetch(`${base}/api/uploads/${hash}.png`)).arrayBuffer());
    expect(createHash("sha256").update(served).digest("hex")).toBe(hash);
  });
});

describe("the API key stays on the server", () => {
  it("appears in no page, script, JSON answer or log line", async () => {
    const texts: Array<[string, string]> = [];
    // Every page, every API route (error answers included: those are where upstream text could surface).
    const pages = ["/", "/gallery", "/login", "/no-such-page"];
    const apis = [
      "/api/generations",
      "/api/status",
      "/api/health",
      "/api/generations?limit=100",
      "/api/generations?limit=0",
      "/api/generations/not-an-id!",
      "/api/generations/abcdefgh12/details",
      "/api/generations/abcdefgh12/media/video",
      "/api/generations/zip?ids=abcdefgh12",
      "/api/uploads/nope.png",
    ];
    for (const url of [...pages, ...apis]) {
      texts.push([url, await (await fetch(`${base}${url}`)).text()]);
    }
    for (const [url, body] of [
      ["/api/generations", "{"],
      ["/api/generations/abcdefgh12/extend", JSON.stringify({ prompt: "x" })],
      ["/api/generations/abcdefgh12/refresh", ""],
      ["/api/auth/login", JSON.stringify({ password: "x" })],
    ] as const) {
      texts.push([`POST ${url}`, await (await fetch(`${base}${url}`, { method: "POST", headers: { "content-type": "application/json" }, body })).text()]);
    }
    // Upstream failures echo what the gateway said: make the simulator refuse, and read our answers.
    sim.setScenario({ insufficientBalance: true });
    texts.push([
      "refused create",
      await (
        await fetch(`${base}/api/generations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prompt: "refused" }) })
      ).text(),
    ]);
    sim.reset();
    const list = await getJson("/api/generations?limit=100");
    for (const item of list.items.slice(0, 5)) texts.push([item.id, await (await fetch(`${base}/api/generations/${item.id}`)).text()]);

    const staticDir = path.join(root, ".next", "static");
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
    for (const file of walk(staticDir)) texts.push([file, fs.readFileSync(file, "utf8")]);
    texts.push(["server log", logs]);

    const leaks = texts.filter(([, text]) => text.includes(CANARY)).map(([where]) => where);
    expect(texts.length).toBeGreaterThan(10);
    expect(logs.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });
});
