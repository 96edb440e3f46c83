import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

/** Helpers for tests that run the built app (`next start` and the other ways to start it) as a user does. */
export const root = path.resolve(import.meta.dirname, "..");
export const nextBin = path.join(root, "node_modules/next/dist/bin/next");

export function ensureBuilt(): void {
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  // `npm run build`: next build, then the Brotli copies of its static files (scripts/precompress-static.mjs).
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", timeout: 8 * 60_000 });
  if (result.status !== 0) throw new Error("npm run build failed");
}

export type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Spawns `node <args>` in the project with a production env and a fresh data folder unless `env` names one. */
export function spawnApp(args: string[], env: Record<string, string>): Running {
  let output = "";
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "luma-built-")),
      PUBLIC_BASE_URL: "",
      APP_PASSWORD: "",
      ALLOW_OPEN_ACCESS: "",
      ALLOWED_HOSTS: "",
      TRUST_PROXY: "",
      ACCESS_TOKEN: "",
      LUMA_API_KEY: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export const startNext = (args: string[], env: Record<string, string>) => spawnApp([nextBin, "start", ...args], env);

export async function waitForHealth(url: string, running: Running, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) throw new Error(`server exited (${running.child.exitCode}):\n${running.output().slice(-2000)}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not start:\n${running.output().slice(-2000)}`);
}

/** Resolves with the exit code, or throws when the process is still running after `timeoutMs`. */
export async function exitCode(running: Running, timeoutMs = 60_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms:\n${running.output().slice(-2000)}`)), timeoutMs);
  });
  try {
    return await Promise.race([running.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function stop(running: Running | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill("SIGTERM");
  await running.exited;
}

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string; bytes: Buffer };

/** HTTP straight to 127.0.0.1, with any headers (fetch will not send a Host of our choosing). */
export function rawRequest(port: number, pathname: string, headers: Record<string, string>, method = "GET", body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const request = http.request({ host: "127.0.0.1", port, path: pathname, method, headers: { ...length, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        // `bytes` as sent (a compressed body stays compressed); `body` the same read as UTF-8.
        const bytes = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: bytes.toString("utf8"), bytes });
      });
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) * 1024;
}
