import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASELINE_HEADERS, STATIC_FILE_HEADERS } from "@/lib/security/baseline.mjs";
import { ensureBuilt, rawRequest, root, spawnApp, startNext, stop, waitForHealth, type Running } from "./built-server";

/**
 * `npm start` (scripts/start.mjs) serves the build's Brotli copies of Next's scripts and stylesheets to a browser
 * that accepts them, and Next's gzip to one that does not; bare `next start` still serves gzip. The image's
 * command is covered in test/standalone-server.test.ts.
 */
const PORT = Number(process.env.TEST_PROCESS_PORT ?? 3290) + 40;
const TOKEN = "brotli-access-token-0123456789";
const running: Running[] = [];

const withToken = (headers: Record<string, string>) => ({ cookie: `luma_access=${TOKEN}`, ...headers });
const get = (port: number, pathname: string, headers: Record<string, string>) => rawRequest(port, pathname, withToken(headers));

/** The scripts and stylesheets the create page names in its HTML. */
async function pageAssets(port: number): Promise<string[]> {
  const page = await get(port, "/", { "accept-encoding": "identity" });
  expect(page.status).toBe(200);
  const html = page.body;
  return [...new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((match) => match[1] ?? ""))];
}

const onDisk = (asset: string) => fs.readFileSync(path.join(root, ".next/static", asset.replace("/_next/static/", "")));

beforeAll(() => ensureBuilt(), 10 * 60_000);
afterAll(async () => {
  await Promise.all(running.map((server) => stop(server)));
});

describe("npm start: Brotli copies of the static files", () => {
  let port: number;
  let assets: string[];

  beforeAll(async () => {
    port = PORT;
    const server = spawnApp([path.join(root, "scripts/start.mjs")], { PORT: String(port), BIND_ADDRESS: "127.0.0.1", ACCESS_TOKEN: TOKEN, LOG_LEVEL: "warn" });
    running.push(server);
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, server);
    assets = await pageAssets(port);
    expect(assets.filter((asset) => asset.endsWith(".js")).length).toBeGreaterThan(3);
    expect(assets.some((asset) => asset.endsWith(".css"))).toBe(true);
  }, 90_000);

  it("sends every script and stylesheet of the page as Brotli that decodes to the built file, with the static files' headers", async () => {
    let brotli = 0;
    let gzip = 0;
    for (const asset of assets) {
      const answer = await get(port, asset, { "accept-encoding": "gzip, deflate, br, zstd" });
      expect(answer.status, asset).toBe(200);
      expect(answer.headers["content-encoding"], asset).toBe("br");
      expect(zlib.brotliDecompressSync(answer.bytes).equals(onDisk(asset)), asset).toBe(true);
      expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      for (const [name, value] of Object.entries(STATIC_FILE_HEADERS)) expect(answer.headers[name.toLowerCase()], `${asset} ${name}`).toBe(value);
      expect(answer.headers["x-frame-options"], asset).toBeUndefined();
      brotli += answer.bytes.length;
      gzip += zlib.gzipSync(onDisk(asset)).length;
    }
    // Smaller than gzip at its default level (what Next sends) by a clear margin.
    expect(brotli).toBeLessThan(gzip * 0.92);
  });

  it("sends Next's gzip to a client that does not take Brotli, with the same headers", async () => {
    const script = assets.find((asset) => asset.endsWith(".js")) ?? "";
    for (const acceptEncoding of ["gzip, deflate", "gzip, br;q=0"]) {
      const answer = await get(port, script, { "accept-encoding": acceptEncoding });
      expect(answer.headers["content-encoding"], acceptEncoding).toBe("gzip");
      expect(zlib.gunzipSync(answer.bytes).equals(onDisk(script))).toBe(true);
      for (const [name, value] of Object.entries(STATIC_FILE_HEADERS)) expect(answer.headers[name.toLowerCase()]).toBe(value);
      expect(answer.headers["x-frame-options"]).toBeUndefined();
    }
  });

  it("leaves pages and the API to Next, with every baseline header", async () => {
    for (const pathname of ["/", "/api/generations"]) {
      const answer = await get(port, pathname, { "accept-encoding": "gzip, deflate, br" });
      expect(answer.status, pathname).toBe(200);
      expect(answer.headers["content-encoding"], pathname).not.toBe("br");
      for (const [name, value] of Object.entries(BASELINE_HEADERS)) expect(answer.headers[name.toLowerCase()], `${pathname} ${name}`).toBe(value);
    }
    // An unknown static file is Next's 404, not an error of the front.
    expect((await get(port, "/_next/static/chunks/not-a-chunk.js", { "accept-encoding": "br" })).status).toBe(404);
  });
});

describe("bare next start (no preload)", () => {
  it("still serves the same files, as gzip", async () => {
    const port = PORT + 1;
    const server = startNext(["-H", "127.0.0.1", "-p", String(port)], { ACCESS_TOKEN: TOKEN, LOG_LEVEL: "warn" });
    running.push(server);
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, server);
    const script = (await pageAssets(port)).find((asset) => asset.endsWith(".js")) ?? "";
    const answer = await get(port, script, { "accept-encoding": "gzip, deflate, br" });
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(answer.bytes).equals(onDisk(script))).toBe(true);
  }, 90_000);
});
