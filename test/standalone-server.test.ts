import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server } from "./s3-server";
import { ensureBuilt, exitCode, rawRequest, root, spawnApp, stop, waitForHealth, type Running } from "./built-server";

/**
 * The container image's start command, without a container engine: the standalone server (`node server.js`)
 * laid out exactly as the Dockerfile lays it out (.next/standalone, plus .next/static beside it). It must keep
 * every start-up and front-door rule that `npm start` keeps.
 */
const PORT = Number(process.env.TEST_PROCESS_PORT ?? 3290) + 30;
/** What the Dockerfile copies beside server.js for its CMD's preload. */
const IMAGE_PRELOAD_FILES = ["scripts/brotli-static-preload.mjs", "scripts/brotli-static.mjs", "lib/security/baseline.mjs"];
let image: string;
const running: Running[] = [];

beforeAll(() => {
  ensureBuilt();
  image = fs.mkdtempSync(path.join(os.tmpdir(), "luma-image-"));
  // The Dockerfile's COPY lines: the standalone server, the static files (with their Brotli copies), and the
  // preload that serves those copies.
  fs.cpSync(path.join(root, ".next/standalone"), image, { recursive: true, verbatimSymlinks: true });
  fs.cpSync(path.join(root, ".next/static"), path.join(image, ".next/static"), { recursive: true });
  for (const file of IMAGE_PRELOAD_FILES) fs.cpSync(path.join(root, file), path.join(image, file));
}, 10 * 60_000);

afterAll(async () => {
  await Promise.all(running.map((server) => stop(server)));
  fs.rmSync(image, { recursive: true, force: true });
});

function startImage(env: Record<string, string>): Running {
  // The image's CMD: node --import ./scripts/brotli-static-preload.mjs server.js
  const server = spawnApp(["--import", path.join(image, "scripts/brotli-static-preload.mjs"), path.join(image, "server.js")], {
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "luma-image-data-")),
    LOG_LEVEL: "warn",
    ...env,
  });
  running.push(server);
  return server;
}

describe("the standalone server (the image's CMD)", () => {
  it("refuses to listen on every interface without a password, saying what to set", async () => {
    const server = startImage({ HOSTNAME: "0.0.0.0", PORT: String(PORT) });
    expect(await exitCode(server, 60_000)).toBe(1);
    expect(server.output()).toMatch(/Luma Studio cannot start/);
    expect(server.output()).toMatch(/APP_PASSWORD/);
  }, 90_000);

  it("on loopback without a password, serves only the holder of the access token, and its own static files", async () => {
    const port = PORT + 1;
    const token = "image-access-token-0123456789";
    const server = startImage({ HOSTNAME: "127.0.0.1", PORT: String(port), ACCESS_TOKEN: token });
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, server);
    const here = { host: `127.0.0.1:${port}` };
    expect((await rawRequest(port, "/", here)).status).toBe(401);
    expect((await rawRequest(port, "/api/generations", here)).status).toBe(401);
    expect((await rawRequest(port, "/api/ready", here)).status).toBe(200);
    expect((await rawRequest(port, "/api/health", { ...here, "x-forwarded-for": "203.0.113.9" })).status).toBe(403);

    const page = await rawRequest(port, "/", { ...here, cookie: `luma_access=${token}` });
    expect(page.status).toBe(200);
    const scripts = [...page.body.matchAll(/src="(\/_next\/static\/[^"]+\.js)"/g)].map((match) => match[1] ?? "");
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts.slice(0, 5)) {
      expect((await rawRequest(port, script, here)).status, script).toBe(200);
      // Brotli from the image's own .next/static, through the preload, for a browser that takes it.
      const brotli = await rawRequest(port, script, { ...here, "accept-encoding": "gzip, deflate, br" });
      expect([brotli.status, brotli.headers["content-encoding"]], script).toEqual([200, "br"]);
    }
    // Migrations were found and applied: the database answers.
    expect(JSON.parse((await rawRequest(port, "/api/generations", { ...here, cookie: `luma_access=${token}` })).body)).toMatchObject({ items: [] });
  }, 90_000);

  it("with APP_PASSWORD on every interface and media in S3: probes answer, everything else needs a session, and SIGTERM exits 0", async () => {
    const port = PORT + 2;
    const s3 = await startS3Server();
    try {
      const server = startImage({ HOSTNAME: "0.0.0.0", PORT: String(port), APP_PASSWORD: "image-password-123", ...s3.env });
      await waitForHealth(`http://127.0.0.1:${port}/api/health`, server);
      const balancer = { host: `10.0.0.3:${port}`, "x-forwarded-for": "10.0.0.9" };
      // The AWS SDK made it into the image's traced node_modules: the readiness probe object went to the bucket.
      const ready = await rawRequest(port, "/api/ready", balancer);
      expect(ready.status, ready.body).toBe(200);
      expect(JSON.parse(ready.body)).toMatchObject({ checks: { media: "ok" } });
      expect((await rawRequest(port, "/api/generations", balancer)).status).toBe(401);
      server.child.kill("SIGTERM");
      expect(await exitCode(server, 15_000)).toBe(0);
    } finally {
      await s3.close();
    }
  }, 90_000);
});
