import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, exitCode, rawRequest, root, spawnApp, startNext, stop, waitForHealth, type Running } from "./built-server";
import { authCookieAttributes, readSetCookie } from "./set-cookie";

/**
 * The built app without a password, as a person runs it: it opens for the browser on this machine that
 * followed the printed link, and for nothing relayed to it; and it refuses to start where it would be open
 * to others, however it is started.
 */
const BASE_PORT = Number(process.env.TEST_SECURITY_PORT ?? 3391) + 4;
const PORT = BASE_PORT;
const base = `http://127.0.0.1:${PORT}`;
let server: Running;
let dataDir: string;
let token = "";

/** Every route under app/api (found on disk, so a new one is covered the day it lands), with dummy parameters. */
function apiRoutes(): Array<{ method: string; path: string }> {
  const found: Array<{ method: string; path: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const pattern = "/" + path.relative(path.join(root, "app"), dir).split(path.sep).join("/");
        const url = pattern.replace(/\[([^\]]+)\]/g, (_m, name: string) =>
          name === "kind" ? "video" : name === "name" ? `${"a".repeat(64)}.png` : "abcdefghijklmnop1234",
        );
        const source = fs.readFileSync(full, "utf8");
        for (const method of ["GET", "POST", "PATCH", "DELETE"])
          if (new RegExp(`export (const|async function|function) ${method}\\b`).test(source)) found.push({ method, path: url });
      }
    }
  };
  walk(path.join(root, "app", "api"));
  return found;
}

beforeAll(async () => {
  ensureBuilt();
  // A data folder that does not exist yet, inside a world-readable one: the studio makes it.
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "luma-local-")), "data");
  fs.chmodSync(path.dirname(dataDir), 0o755);
  server = startNext(["-H", "127.0.0.1", "-p", String(PORT)], { DATA_DIR: dataDir, LOG_LEVEL: "warn" });
  await waitForHealth(`${base}/api/health`, server);
  const deadline = Date.now() + 30_000;
  while (!/\?token=/.test(server.output()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  token = /http:\/\/localhost:\d+\/\?token=([A-Za-z0-9_-]+)/.exec(server.output())?.[1] ?? "";
}, 10 * 60_000);

afterAll(async () => {
  await stop(server);
});

const local = (extra: Record<string, string> = {}) => ({ host: `localhost:${PORT}`, ...extra });
const withToken = (extra: Record<string, string> = {}) => local({ cookie: `luma_access=${token}`, ...extra });

describe("the person at this machine", () => {
  it("is shown one link at start-up, the token kept in the data folder", () => {
    expect(server.output()).toMatch(new RegExp(`http://localhost:${PORT}/\\?token=[A-Za-z0-9_-]{32}\\n`));
    expect(fs.readFileSync(path.join(dataDir, "access-token"), "utf8").trim()).toBe(token);
  });

  it("follows the link once: the token becomes a cookie and leaves the address bar; after that the studio just opens", async () => {
    const followed = await rawRequest(PORT, `/gallery?token=${token}&state=completed`, local());
    expect(followed.status).toBe(303);
    expect(followed.headers.location).toMatch(/^(http:\/\/localhost:\d+)?\/gallery\?state=completed$/);
    expect(readSetCookie(String(followed.headers["set-cookie"]))).toEqual({
      name: "luma_access",
      value: token,
      attributes: authCookieAttributes(/^[1-9]\d*$/),
    });
    for (const url of ["/", "/gallery", "/api/generations", "/api/status"]) expect((await rawRequest(PORT, url, withToken())).status, url).toBe(200);
  });

  it("without the link gets a page (English and Chinese) saying where it is; the API says so in JSON", async () => {
    const page = await rawRequest(PORT, "/", local());
    expect(page.status).toBe(401);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.body).toContain("Open the studio with its link");
    expect(page.body).toContain('lang="zh-CN"');
    expect(page.body).toContain("请用启动时给出的链接打开工作室");
    expect(page.body).not.toContain(token);
    expect(page.headers["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect((await rawRequest(PORT, `/?token=${"x".repeat(32)}`, local())).status).toBe(401);
    const api = await rawRequest(PORT, "/api/generations", local());
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toEqual({ error: { code: "unauthorized", message: expect.stringMatching(/token/) } });
    // Monitoring and start-up checks need no token, and say nothing but words like "ok".
    expect((await rawRequest(PORT, "/api/health", local())).status).toBe(200);
    const ready = await rawRequest(PORT, "/api/ready", local());
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ ready: true, failed: [], checks: { database: "ok", media: "ok", upstream: "ok" } });
  });
});

describe("anything relayed to the studio", () => {
  const relays: Array<[string, Record<string, string>]> = [
    ["nginx or Caddy (X-Forwarded-For)", { "x-forwarded-for": "203.0.113.9" }],
    ["a proxy speaking RFC 7239 (Forwarded)", { forwarded: "for=203.0.113.9;proto=https" }],
    ["nginx with X-Real-IP", { "x-real-ip": "203.0.113.9" }],
    ["a proxy passing the public name (X-Forwarded-Host)", { "x-forwarded-host": "studio.example" }],
    ["cloudflared", { "cf-connecting-ip": "203.0.113.9" }],
    ["ngrok, tailscale funnel, ssh -R (the public Host)", { host: "abc123.ngrok.app" }],
    ["a LAN address as Host", { host: `192.168.1.20:${PORT}` }],
  ];

  it.each(relays)("%s gets only the page that says how to set a password, even with the token", async (_label, headers) => {
    const answer = await rawRequest(PORT, "/", withToken(headers));
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("APP_PASSWORD");
    expect(answer.body).toContain("此工作室只能在运行它的电脑上打开");
  });

  it("gets no answer from any API route, the health check included: a 403 in the API's error shape that says how to set a password", async () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const refused: string[] = [];
    for (const { method, path: url } of routes) {
      for (const [, headers] of relays) {
        const answer = await rawRequest(
          PORT,
          url,
          withToken({ ...headers, "content-type": "application/json", origin: `http://localhost:${PORT}` }),
          method,
          method === "GET" ? undefined : "{}",
        );
        const isRefusal =
          answer.status === 403 &&
          /^application\/json/.test(String(answer.headers["content-type"])) &&
          /set APP_PASSWORD/.test(JSON.parse(answer.body).error?.message ?? "");
        if (isRefusal) refused.push(`${method} ${url}`);
        else throw new Error(`${method} ${url} with ${JSON.stringify(headers)} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      }
    }
    console.info(`relayed requests refused: ${refused.length} of ${routes.length * relays.length} (${routes.length} routes × ${relays.length} relays)`);
  });
});

describe("the gateway's echo of our request", () => {
  it("is served without the callback secret, also from rows stored before scrubbing began", async () => {
    const id = "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    const secret = "Qw8eR4tY6uI2oP0aS3dF5gH7jK9lZ1xC";
    const echo = { id: "job-7", state: "completed", request: { callback_url: `https://studio.example/api/callbacks/luma/${id}/${secret}` } };
    const db = new Database(path.join(dataDir, "luma-studio.db"));
    try {
      const now = Date.now();
      db.prepare(
        "INSERT INTO generations (id, state, prompt, aspect_ratio, expand_prompt, loop, raw_upstream, created_at, updated_at, deadline_at) VALUES (?, 'failed', 'an old row', '16:9', 0, 0, ?, ?, ?, ?)",
      ).run(id, JSON.stringify(echo), now, now, now);
    } finally {
      db.close();
    }
    const details = await rawRequest(PORT, `/api/generations/${id}/details`, withToken());
    expect(details.status).toBe(200);
    expect(details.body).not.toContain(secret);
    expect(JSON.parse(details.body).rawUpstream.request.callback_url).toBe(`https://studio.example/api/callbacks/luma/${id}/[redacted]`);
  });
});

describe("the data folder", () => {
  it("is private: the folder 0700, the database (with its -wal and -shm) and the token 0600", () => {
    const mode = (file: string) => (fs.statSync(path.join(dataDir, file)).mode & 0o777).toString(8);
    expect(mode(".")).toBe("700");
    for (const file of ["luma-studio.db", "luma-studio.db-wal", "luma-studio.db-shm", "access-token"]) expect(mode(file), file).toBe("600");
  });
});

describe("refusing to start where it would be open to others", { timeout: 120_000 }, () => {
  const refusal = async (running: Running) => {
    try {
      expect(await exitCode(running, 90_000)).toBe(1);
      return running.output();
    } finally {
      await stop(running);
    }
  };

  it("next start -H 0.0.0.0 without a password, saying what to set", async () => {
    const output = await refusal(startNext(["-H", "0.0.0.0", "-p", String(PORT + 1)], {}));
    expect(output).toMatch(/cannot start[\s\S]*every network interface \(0\.0\.0\.0\)[\s\S]*-H 127\.0\.0\.1[\s\S]*APP_PASSWORD[\s\S]*ALLOW_OPEN_ACCESS=true/);
  });

  it("next start with no -H (every interface)", async () => {
    expect(await refusal(startNext(["-p", String(PORT + 1)], {}))).toMatch(/every network interface \(::\)/);
  });

  it.each([
    ["PUBLIC_BASE_URL", { PUBLIC_BASE_URL: "https://studio.example" }],
    ["ALLOWED_HOSTS", { ALLOWED_HOSTS: "studio.example" }],
    ["TRUST_PROXY", { TRUST_PROXY: "true" }],
  ])("%s without APP_PASSWORD", async (name, env) => {
    const output = await refusal(startNext(["-H", "127.0.0.1", "-p", String(PORT + 1)], env));
    expect(output).toMatch(
      new RegExp(`${name} is set, which serves the studio beyond this computer, but APP_PASSWORD is not\\.[\\s\\S]*ALLOW_OPEN_ACCESS=true`),
    );
  });

  it("a custom server that listens on 0.0.0.0 after start-up", async () => {
    const script = `const http=require("node:http");const next=require("next");const app=next({dir:process.cwd(),dev:false});app.prepare().then(()=>{const handle=app.getRequestHandler();http.createServer((q,s)=>handle(q,s)).listen(${PORT + 2},"0.0.0.0")})`;
    const output = await refusal(spawnApp(["-e", script], {}));
    expect(output).toMatch(/every network interface \(0\.0\.0\.0\)/);
  });

  it("Next's own startServer, as the standalone server.js calls it", async () => {
    const script = `require("next/dist/server/lib/start-server").startServer({dir:process.cwd(),isDev:false,hostname:"0.0.0.0",port:${PORT + 3},allowRetry:false})`;
    expect(await refusal(spawnApp(["-e", script], {}))).toMatch(/every network interface \(0\.0\.0\.0\)/);
  });

  it("but with a password, or ALLOW_OPEN_ACCESS=true, 0.0.0.0 is served", async () => {
    const settings: Array<Record<string, string>> = [
      { APP_PASSWORD: "a-long-password" },
      { ALLOW_OPEN_ACCESS: "true", PUBLIC_BASE_URL: `http://127.0.0.1:${PORT + 1}` },
    ];
    for (const env of settings) {
      const running = startNext(["-H", "0.0.0.0", "-p", String(PORT + 1)], env);
      try {
        await waitForHealth(`http://127.0.0.1:${PORT + 1}/api/health`, running);
      } finally {
        await stop(running);
      }
    }
  });

  it("the start script refuses a public BIND_ADDRESS before it even starts Next", async () => {
    const output = await refusal(spawnApp([path.join(root, "scripts/start.mjs")], { BIND_ADDRESS: "0.0.0.0", PORT: String(PORT + 1) }));
    expect(output).toMatch(/Refusing to listen on 0\.0\.0\.0 without a password/);
  });
});
