import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { ensureBuilt, exitCode, startNext, stop, waitForHealth, type Running } from "./built-server";

/**
 * SIGTERM on the built app, as a container runtime or systemd sends it: the work in flight finishes, nothing
 * new is accepted, the database is closed cleanly, and the process exits 0.
 */
const PORT = Number(process.env.TEST_PROCESS_PORT ?? 3290) + 20;
const KEY = "sk-shutdown-test-0123456789";
const base = `http://127.0.0.1:${PORT}`;
let sim: RunningSimulator;
let server: Running | undefined;
let dataDir: string;
let token: string;

beforeAll(async () => {
  ensureBuilt();
  sim = await startSimulator({ apiKey: KEY, pendingSeconds: 0.2, processingSeconds: 0.3 });
}, 10 * 60_000);

afterAll(async () => {
  await sim.close();
});

afterEach(async () => {
  await stop(server);
  sim.reset();
});

async function start(env: Record<string, string> = {}): Promise<void> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "luma-shutdown-"));
  token = "shutdown-access-token-0123456789";
  server = startNext(["-H", "127.0.0.1", "-p", String(PORT)], {
    DATA_DIR: dataDir,
    ACCESS_TOKEN: token,
    LUMA_API_KEY: KEY,
    LUMA_BASE_URL: sim.url,
    LOG_LEVEL: "info",
    ...env,
  });
  await waitForHealth(`${base}/api/health`, server);
}

const owner = () => ({ cookie: `luma_access=${token}`, "content-type": "application/json" });
const create = (prompt: string) => fetch(`${base}/api/generations`, { method: "POST", headers: owner(), body: JSON.stringify({ prompt }) });
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh TCP connection (fetch would reuse a kept-alive one, which may legitimately still be served). */
const acceptsNewConnections = () =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(PORT, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

async function refusesNewConnectionsWithin(ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await acceptsNewConnections())) return true;
    await wait(50);
  }
  return false;
}

describe("SIGTERM", () => {
  it("lets a request in flight finish, refuses new connections, closes the database and exits 0", async () => {
    await start();
    sim.setScenario({ createDelayMs: 2_500 });
    const startedAt = Date.now();
    const inFlight = create("a create still waiting for the gateway at SIGTERM");
    await wait(700);
    server?.child.kill("SIGTERM");
    // The listener closes within moments of the signal (a loaded machine took more than 300 ms), and well
    // before the create in flight is answered at 2.5 s.
    expect(await refusesNewConnectionsWithin(1_500)).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(2_500);

    const answer = await inFlight;
    expect(answer.status).toBe(201);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2_500);
    expect(await exitCode(server!, 15_000)).toBe(0);
    expect(server?.output()).toMatch(/shut down cleanly/);
    // SQLite folds its write-ahead log into the database when the handle is closed.
    expect(fs.existsSync(path.join(dataDir, "luma-studio.db-wal"))).toBe(false);
  }, 60_000);

  it("lets an archive download in flight finish before exiting", async () => {
    await start();
    sim.setScenario({ mediaDelayMs: 1_500 });
    const { id } = (await (await create("archived while the studio stops")).json()) as { id: string };
    // Completed upstream, and its media download (slow CDN) has begun.
    const deadline = Date.now() + 20_000;
    const mediaAsked = () => Object.keys(sim.stats().byRoute).some((route) => /^GET \/(media|signed)\//.test(route));
    while (Date.now() < deadline && !mediaAsked()) await wait(50);
    expect(mediaAsked()).toBe(true);
    await wait(300);
    const stoppedAt = Date.now();
    server?.child.kill("SIGTERM");
    expect(await exitCode(server!, 20_000)).toBe(0);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(1_000);
    expect(server?.output()).toMatch(/shut down cleanly/);
    expect(fs.existsSync(path.join(dataDir, "media", "gen", id, "video.mp4"))).toBe(true);
  }, 60_000);

  it("does not wait for live-event streams: they are ended, and the process exits at once", async () => {
    await start();
    const events = await fetch(`${base}/api/events`, { headers: owner() });
    expect(events.status).toBe(200);
    const reader = events.body!.getReader();
    await reader.read();
    const stoppedAt = Date.now();
    server?.child.kill("SIGTERM");
    for (let next = await reader.read().catch(() => ({ done: true })); !next.done; next = await reader.read().catch(() => ({ done: true }))) {
      // drain until the server ends the stream
    }
    expect(await exitCode(server!, 10_000)).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(3_000);
  }, 60_000);

  it("stops waiting at SHUTDOWN_TIMEOUT_SECONDS and still exits 0", async () => {
    await start({ SHUTDOWN_TIMEOUT_SECONDS: "1", LUMA_CREATE_TIMEOUT_MS: "30000" });
    sim.setScenario({ createHang: true });
    const hanging = create("a create the gateway never answers").catch((error: unknown) => error);
    await wait(700);
    const stoppedAt = Date.now();
    server?.child.kill("SIGTERM");
    expect(await exitCode(server!, 10_000)).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(4_000);
    expect(server?.output()).toMatch(/shut down at the timeout/);
    await hanging;
  }, 60_000);
});
