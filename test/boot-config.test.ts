import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The built app with an invalid configuration, started the two ways a person does (`next start`, `npm start`):
 * it must stop at boot with a non-zero exit and the variable's name and reason, and never answer a request
 * (before the fix it printed "Ready" and then answered every request with a 500). Bare `next start` prints its
 * "Ready" before any app code runs; `npm start` holds it until the studio says it started.
 */
const root = path.resolve(import.meta.dirname, "..");
// Next to server-process.test.ts's port, which runs in parallel with this file.
const PORT = Number(process.env.TEST_PROCESS_PORT ?? 3290) + 1;
const EXIT_WITHIN_MS = 20_000;

beforeAll(() => {
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  const result = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", timeout: 8 * 60_000 });
  if (result.status !== 0) throw new Error("next build failed");
}, 10 * 60_000);

type Boot = { code: number | null; output: string; elapsedMs: number; answers: number[] };

/** Runs `args` until it exits, knocking on /api/health all the while: every HTTP answer it gives is recorded. */
async function boot(args: string[], port: number, env: Record<string, string>): Promise<Boot> {
  const startedAt = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", LUMA_API_KEY: "", APP_PASSWORD: "", DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "luma-boot-")), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const answers: number[] = [];
  const deadline = startedAt + EXIT_WITHIN_MS;
  while (!hasExited && Date.now() < deadline) {
    try {
      answers.push((await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(1000) })).status);
    } catch {
      // not listening (or cut off by the exit): nothing served
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!hasExited) child.kill("SIGKILL");
  const code = await exited;
  return { code: hasExited ? code : null, output, elapsedMs: Date.now() - startedAt, answers };
}

function expectRefusedAtBoot(result: Boot) {
  expect(result.code, `still running after ${EXIT_WITHIN_MS} ms:\n${result.output}`).not.toBeNull();
  expect(result.code).not.toBe(0);
  expect(result.output).toMatch(/Luma Studio cannot start/);
  expect(result.output).toMatch(/MAX_IN_FLIGHT: .*1000/);
  expect(result.answers).toEqual([]);
}

describe("an invalid configuration stops the built app at boot", () => {
  it("next start with MAX_IN_FLIGHT=100000 exits non-zero, naming the variable and the limit, and serves nothing", async () => {
    const result = await boot([path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(PORT)], PORT, {
      MAX_IN_FLIGHT: "100000",
    });
    expectRefusedAtBoot(result);
  }, 60_000);

  it("npm start (scripts/start.mjs) does the same, without ever saying Ready", async () => {
    const port = PORT + 1;
    const result = await boot([path.join(root, "scripts/start.mjs")], port, { MAX_IN_FLIGHT: "100000", PORT: String(port), BIND_ADDRESS: "" });
    expectRefusedAtBoot(result);
    expect(result.output).not.toMatch(/Ready/);
  }, 60_000);

  it("MEDIA_STORAGE=s3 without a bucket, or with half the credentials, exits naming what to set", async () => {
    const port = PORT + 3;
    const args = [path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)];
    const noBucket = await boot(args, port, { MEDIA_STORAGE: "s3" });
    expect(noBucket.code).not.toBe(0);
    expect(noBucket.output).toMatch(/MEDIA_STORAGE=s3 needs S3_BUCKET/);
    expect(noBucket.answers).toEqual([]);
    const halfKey = await boot(args, port, { MEDIA_STORAGE: "s3", S3_BUCKET: "media", S3_ACCESS_KEY_ID: "only-the-id" });
    expect(halfKey.code).not.toBe(0);
    expect(halfKey.output).toMatch(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/);
  }, 60_000);

  it("npm start with a valid configuration says Ready once the studio has started, and serves", async () => {
    const port = PORT + 2;
    const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        LUMA_API_KEY: "",
        APP_PASSWORD: "",
        BIND_ADDRESS: "",
        PORT: String(port),
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "luma-boot-")),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    try {
      await expect.poll(() => output, { timeout: 30_000 }).toMatch(/Ready in/);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  }, 60_000);
});
