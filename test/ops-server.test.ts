import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, rawRequest, startNext, stop, waitForHealth, type Running } from "./built-server";

/**
 * What an operator's tools meet on the built app: a load balancer's probes and a Prometheus scrape, with a
 * password (the scaled-out set-up) and without one (this machine only).
 */
const PORT = Number(process.env.TEST_PROCESS_PORT ?? 3290) + 10;
const LOCAL_PORT = PORT + 1;
const PASSWORD = "ops-password-123";
const TOKEN = "ops-metrics-token-0123456789";
let withPassword: Running;
let local: Running;

beforeAll(async () => {
  ensureBuilt();
  withPassword = startNext(["-H", "127.0.0.1", "-p", String(PORT)], { APP_PASSWORD: PASSWORD, METRICS_TOKEN: TOKEN, TRUST_PROXY: "true", LOG_LEVEL: "warn" });
  local = startNext(["-H", "127.0.0.1", "-p", String(LOCAL_PORT)], { METRICS_TOKEN: "", LOG_LEVEL: "warn" });
  await Promise.all([waitForHealth(`http://127.0.0.1:${PORT}/api/health`, withPassword), waitForHealth(`http://127.0.0.1:${LOCAL_PORT}/api/health`, local)]);
}, 10 * 60_000);

afterAll(async () => {
  await Promise.all([stop(withPassword), stop(local)]);
});

/** A balancer's probe: no cookie, an IP literal or a service name as Host, forwarding headers of its own. */
const balancer = { host: `10.0.0.2:${PORT}`, "x-forwarded-for": "10.0.0.9", "x-forwarded-proto": "http" };

describe("behind a load balancer (APP_PASSWORD set)", () => {
  it("answers the readiness probe without a session, in words only", async () => {
    const ready = await rawRequest(PORT, "/api/ready", balancer);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ ready: true, failed: [], checks: { database: "ok", media: "ok", upstream: "ok" } });
    expect(ready.headers["cache-control"]).toBe("no-store");
    expect((await rawRequest(PORT, "/api/health", balancer)).status).toBe(200);
    // Everything else still needs a session.
    expect((await rawRequest(PORT, "/api/status", balancer)).status).toBe(401);
  });

  it("serves metrics only to the bearer of METRICS_TOKEN", async () => {
    expect((await rawRequest(PORT, "/api/metrics", balancer)).status).toBe(401);
    expect((await rawRequest(PORT, "/api/metrics", { ...balancer, authorization: "Bearer not-the-token-0123456789" })).status).toBe(401);
    const scraped = await rawRequest(PORT, "/api/metrics", { ...balancer, authorization: `Bearer ${TOKEN}` });
    expect(scraped.status).toBe(200);
    expect(scraped.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(scraped.body).toMatch(/^luma_generations\{state="completed"\} 0$/m);
    expect(scraped.body).toMatch(/^luma_live_streams_open 0$/m);
    expect(scraped.body).not.toContain(TOKEN);
    expect(scraped.body).not.toContain(PASSWORD);
  });

  it("counts the live streams open across the process's module instances", async () => {
    const login = await fetch(`http://127.0.0.1:${PORT}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: `http://127.0.0.1:${PORT}` },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(login.status).toBeLessThan(400);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const controller = new AbortController();
    const events = await fetch(`http://127.0.0.1:${PORT}/api/events`, { headers: { cookie }, signal: controller.signal });
    expect(events.status).toBe(200);
    try {
      const scraped = await rawRequest(PORT, "/api/metrics", { authorization: `Bearer ${TOKEN}` });
      expect(scraped.body).toMatch(/^luma_live_streams_open 1$/m);
    } finally {
      controller.abort();
    }
  });
});

describe("without a password (this machine only)", () => {
  it("answers probes from this machine without the token, and refuses relayed ones", async () => {
    const here = { host: `127.0.0.1:${LOCAL_PORT}` };
    expect((await rawRequest(LOCAL_PORT, "/api/ready", here)).status).toBe(200);
    const relayed = await rawRequest(LOCAL_PORT, "/api/ready", { ...here, "x-forwarded-for": "203.0.113.9" });
    expect(relayed.status).toBe(403);
    expect(relayed.body).not.toContain("database");
  });

  it("has no metrics route at all while METRICS_TOKEN is unset", async () => {
    const here = { host: `127.0.0.1:${LOCAL_PORT}` };
    expect((await rawRequest(LOCAL_PORT, "/api/metrics", here)).status).toBe(404);
    expect((await rawRequest(LOCAL_PORT, "/api/metrics", { ...here, authorization: "Bearer anything-0123456789abc" })).status).toBe(404);
  });
});
