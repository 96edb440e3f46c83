import { readFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LumaError, isLumaError } from "./errors";
import { toPlatformCall } from "./platform-body";
import { type PlatformClientOptions, createPlatformClient } from "./platform-client";
import { GATEWAY_PROFILES, gatewayCapabilities } from "./profiles";
import type { VideoRequest } from "./video-request";

const KEY = "sk-test-0123456789abcdef0123456789abcdef";
const seed = readFileSync(path.join(import.meta.dirname, "fixtures", "create-201-seed.json"), "utf8");
const midCompleted = readFileSync(path.join(import.meta.dirname, "fixtures", "generation-completed-mid-2024.json"), "utf8");

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let baseUrl: string;
let handler: Handler = (_req, res) => send(res, 500, "no handler");
const seen: Seen[] = [];

/** Every answer closes its connection, so no test inherits a pooled socket another test killed. */
function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", Connection: "close", ...headers });
  res.end(text);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  seen.length = 0;
  server.closeAllConnections();
  // Let the client's pool notice the closed sockets before the next test borrows one.
  await new Promise((resolve) => setTimeout(resolve, 20));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const hub = GATEWAY_PROFILES["openai-hub"];
const client = (overrides: Partial<PlatformClientOptions> = {}) =>
  createPlatformClient({ baseUrl, apiKey: KEY, profile: hub, createTimeoutMs: 5_000, requestTimeoutMs: 5_000, ...overrides });

const request: VideoRequest = {
  type: "video",
  prompt: "cat dance",
  aspectRatio: "9:16",
  expandPrompt: false,
  loop: true,
  startFrame: { kind: "image", url: "https://example.com/start.jpg" },
};

async function failure(promise: Promise<unknown>): Promise<LumaError> {
  try {
    await promise;
  } catch (error) {
    if (isLumaError(error)) return error;
    throw error;
  }
  throw new Error("expected a LumaError");
}

// The body sent to openai-hub changed with gateway profiles: a model is now always sent (ray-v2 unless chosen or
// set by LUMA_MODEL), because openai-hub marks `model` required. Every profile's wire is in profiles.wire.test.ts.
describe("request bodies", () => {
  const caps = gatewayCapabilities(hub);
  it("maps the request to openai-hub's body: optional fields only when set, the default model always", () => {
    expect(toPlatformCall({ type: "video", prompt: "waves", aspectRatio: "16:9" }, hub, caps, "standard")).toEqual({
      path: "/luma/generations",
      body: { user_prompt: "waves", aspect_ratio: "16:9", expand_prompt: true, loop: false, model: "ray-v2" },
      model: "ray-v2",
    });
    expect(toPlatformCall(request, hub, caps, "standard", { notifyHook: "https://studio.example/cb/1/s" }).body).toEqual({
      user_prompt: "cat dance",
      aspect_ratio: "9:16",
      expand_prompt: false,
      loop: true,
      image_url: "https://example.com/start.jpg",
      model: "ray-v2",
      notify_hook: "https://studio.example/cb/1/s",
    });
    expect(toPlatformCall({ ...request, model: "ray-v1" }, hub, caps, "standard").body.model).toBe("ray-v1");
    expect(toPlatformCall(request, hub, gatewayCapabilities(hub, { model: "luma-ray" }), "standard").body.model).toBe("luma-ray");
  });

  it("maps a request whose start frame is an earlier generation to the extend route", () => {
    const extend: VideoRequest = { type: "video", prompt: "keep going", aspectRatio: "16:9", startFrame: { kind: "generation", upstreamId: "p 1" } };
    expect(toPlatformCall(extend, hub, caps, "standard")).toEqual({ path: "/luma/generations/p%201/extend", body: { user_prompt: "keep going" }, model: null });
    const withEnd = { ...extend, expandPrompt: false, endFrame: { kind: "image", url: "https://example.com/end.jpg" } } as const;
    expect(toPlatformCall(withEnd, hub, caps, "standard", { notifyHook: "https://h" }).body).toEqual({
      user_prompt: "keep going",
      expand_prompt: false,
      image_end_url: "https://example.com/end.jpg",
      notify_hook: "https://h",
    });
  });
});

describe("createPlatformClient against a real HTTP server", () => {
  it("POSTs the create with the documented headers and reads the seed's 201", async () => {
    handler = (_req, res) => send(res, 201, seed);
    const result = await client({ baseUrl: `${baseUrl}/gw//` }).create(request);

    expect(seen).toHaveLength(1);
    const [call] = seen;
    expect(call).toMatchObject({ method: "POST", url: "/gw/luma/generations" });
    expect(call?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(call?.headers["content-type"]).toBe("application/json");
    expect(call?.headers.accept).toBe("application/json");
    expect(JSON.parse(call?.body ?? "")).toEqual(toPlatformCall(request, hub, gatewayCapabilities(hub), "standard").body);

    expect(result.upstreamId).toBe("fc7fb008-7a5e-40ad-a7ff-dbb63db61be8");
    expect(result.snapshot).toMatchObject({ state: "queued", rawState: "pending", raw: JSON.parse(seed) });
  });

  it.each([
    ["200 instead of 201", 200, seed, "fc7fb008-7a5e-40ad-a7ff-dbb63db61be8", true],
    ["an array", 201, `[${seed}]`, "fc7fb008-7a5e-40ad-a7ff-dbb63db61be8", true],
    ["task_id only", 200, '{"task_id":"t-123"}', "t-123", false],
    ["data.task_id", 200, '{"code":"success","data":{"task_id":"t-456"}}', "t-456", false],
  ])("accepts a create answered with %s", async (_label, status, body, id, hasSnapshot) => {
    handler = (_req, res) => send(res, status, body);
    const result = await client().create(request);
    expect(result.upstreamId).toBe(id);
    expect(result.snapshot !== null).toBe(hasSnapshot);
  });

  it("GETs a generation by its encoded id and keys the snapshot by the id asked for", async () => {
    handler = (_req, res) => send(res, 200, { code: "success", data: [{ task_id: "gateway-7", status: "IN_PROGRESS", data: null }] });
    const snapshot = await client().get("a/b c");
    expect(seen[0]).toMatchObject({ method: "GET", url: "/luma/generations/a%2Fb%20c", body: "" });
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers["content-type"]).toBeUndefined();
    expect(snapshot).toMatchObject({ upstreamId: "a/b c", state: "running", rawState: "IN_PROGRESS" });
  });

  it("reads a completed generation through get()", async () => {
    handler = (_req, res) => send(res, 200, midCompleted);
    const snapshot = await client().get("32ec5549-1a4e-4b5e-8f0a-3c9d2e7b6a10");
    expect(snapshot.state).toBe("completed");
    expect(snapshot.video?.url).toContain("r2.cloudflarestorage.com");
    expect(snapshot.videoCandidates).toHaveLength(3);
  });

  it("POSTs an extend (a start frame that is a generation) to /{id}/extend and reads the new pending generation", async () => {
    handler = (_req, res) => send(res, 201, { ...JSON.parse(seed), id: "child-1" });
    const extend: VideoRequest = {
      type: "video",
      prompt: "the cat keeps dancing",
      aspectRatio: "16:9",
      startFrame: { kind: "generation", upstreamId: "parent 1" },
    };
    const result = await client().create(extend, { notifyHook: "https://hook" });
    expect(seen[0]).toMatchObject({ method: "POST", url: "/luma/generations/parent%201/extend" });
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ user_prompt: "the cat keeps dancing", notify_hook: "https://hook" });
    expect(result).toMatchObject({ upstreamId: "child-1", snapshot: { state: "queued" } });
  });

  it("fetches a fresh download link, and maps the 400 before completion to rejected", async () => {
    handler = (_req, res) => send(res, 200, { url: "https://x.r2.cloudflarestorage.com/v.mp4?X-Amz-Expires=3600" });
    await expect(client().downloadVideoUrl("g1")).resolves.toBe("https://x.r2.cloudflarestorage.com/v.mp4?X-Amz-Expires=3600");
    expect(seen[0]?.url).toBe("/luma/generations/g1/download_video_url");

    handler = (_req, res) => send(res, 400, { detail: "Generation is not completed" });
    const error = await failure(client().downloadVideoUrl("g1"));
    expect(error).toMatchObject({ kind: "rejected", status: 400, upstreamMessage: "Generation is not completed", mayHaveReachedUpstream: false });
  });

  it.each([
    [401, { error: { message: "无效的令牌 (request id: 1)", type: "one_api_error" } }, {}, "auth", null],
    [402, { detail: "Insufficient balance" }, {}, "payment", null],
    [429, { error: { message: "too many requests" } }, { "Retry-After": "12" }, "rate_limited", 12],
    [502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", { "Content-Type": "text/html" }, "upstream", null],
  ])("maps HTTP %i to a LumaError", async (status, body, headers, kind, retryAfter) => {
    handler = (_req, res) => send(res, status, body, headers);
    const error = await failure(client().get("g1"));
    expect(error).toMatchObject({ kind, status, retryAfterSeconds: retryAfter });
    expect(error.message).toBe(error.message.trim());
  });

  it("never retries a create, even after a 5xx", async () => {
    handler = (_req, res) => send(res, 500, { message: "boom" });
    const error = await failure(client().create(request));
    expect(error).toMatchObject({ kind: "upstream", mayHaveReachedUpstream: true });
    expect(seen).toHaveLength(1);
  });

  it("calls a 2xx body that is not JSON a protocol error that may have reached the gateway", async () => {
    handler = (_req, res) => send(res, 200, "<html>captive portal</html>", { "Content-Type": "text/html" });
    const error = await failure(client().create(request));
    expect(error).toMatchObject({ kind: "protocol", status: 200, mayHaveReachedUpstream: true });
  });

  it("does not follow a redirect, which would replay the paid POST elsewhere", async () => {
    handler = (_req, res) => send(res, 307, "", { Location: "https://elsewhere.example/luma/generations" });
    const error = await failure(client().create(request));
    expect(error).toMatchObject({ kind: "protocol", status: 307, mayHaveReachedUpstream: false });
    expect(error.message).toContain("https://elsewhere.example");
    expect(seen).toHaveLength(1);
  });

  it("times a create out after createTimeoutMs: kind timeout, may have reached upstream", async () => {
    handler = () => {};
    const started = Date.now();
    const error = await failure(client({ createTimeoutMs: 300, requestTimeoutMs: 20_000 }).create(request));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ kind: "timeout", status: null, mayHaveReachedUpstream: true });
    expect(error.message).toMatch(/did not answer in time/);
    expect(seen).toHaveLength(1);
  });

  it("times a GET out after requestTimeoutMs, also when the body stalls", async () => {
    handler = () => {};
    const quick = client({ createTimeoutMs: 20_000, requestTimeoutMs: 300 });
    expect(await failure(quick.get("g1"))).toMatchObject({ kind: "timeout", mayHaveReachedUpstream: true });

    handler = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000", Connection: "close" });
      res.write('{"id":"g1",');
    };
    expect(await failure(quick.get("g1"))).toMatchObject({ kind: "timeout", mayHaveReachedUpstream: true });
  });

  it("reports a socket destroyed after the body was read as a network error that may have reached upstream", async () => {
    handler = (req) => req.socket.destroy();
    const error = await failure(client().create(request));
    expect(error).toMatchObject({ kind: "network", mayHaveReachedUpstream: true });
    expect(error.detail).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    expect(error.message).toMatch(/may have been received/);
    expect(seen).toHaveLength(1);
  });

  it("reports a closed port as a network error that never reached upstream", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const error = await failure(client({ baseUrl: `http://127.0.0.1:${port}` }).create(request));
    expect(error).toMatchObject({ kind: "network", detail: "ECONNREFUSED", host: `127.0.0.1:${port}`, mayHaveReachedUpstream: false });
    expect(error.message).toBe(`Could not reach the gateway at 127.0.0.1:${port} (ECONNREFUSED). Check LUMA_BASE_URL and the network connection.`);
  });

  it("refuses an unusable base URL without sending anything", async () => {
    for (const bad of ["not a url", "ftp://example.com", ""]) {
      const error = await failure(client({ baseUrl: bad }).create(request));
      expect(error).toMatchObject({ kind: "network", mayHaveReachedUpstream: false });
    }
  });
});

describe("answers are read with a cap", () => {
  /** Streams `total` bytes of `fill` as fast as the client takes them; resolves with how many were written. */
  function endless(status: number, fill: string, total: number): Promise<number> {
    return new Promise((resolve) => {
      handler = (_req, res) => {
        res.writeHead(status, { "Content-Type": "application/json", Connection: "close" });
        const chunk = Buffer.from(fill.repeat(Math.ceil((64 * 1024) / fill.length)).slice(0, 64 * 1024));
        let written = 0;
        res.on("close", () => resolve(written));
        const pump = () => {
          while (written < total && !res.destroyed) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        pump();
      };
    });
  }

  it("refuses a 2xx larger than the cap without reading the rest of it", async () => {
    const total = 256 * 1024 * 1024;
    const written = endless(200, "[", total);
    const error = await failure(client().get("big"));
    expect(error).toMatchObject({ kind: "protocol", mayHaveReachedUpstream: true });
    expect(error.message).toMatch(/larger than 1024 KB/);
    expect(await written).toBeLessThan(total / 4);
  });

  it("cuts an error answer at the cap, and the message is still scrubbed and short", async () => {
    const total = 256 * 1024 * 1024;
    const written = endless(500, `eyJ-${KEY} `, total);
    const error = await failure(client().get("big"));
    expect(error).toMatchObject({ kind: "upstream", status: 500 });
    expect(error.message).not.toContain(KEY);
    expect(error.message.length).toBeLessThan(600);
    expect(await written).toBeLessThan(total / 4);
  });
});

describe("the API key never leaks", () => {
  // Looks like nothing in particular, so only exact-match scrubbing can catch it.
  const CANARY = "Canary.Key.7f3e.do-not-leak";

  const echoes: Array<[string, Handler]> = [
    ["401 {error}", (req, res) => send(res, 401, { error: { message: `invalid token ${req.headers.authorization}`, type: "one_api_error" } })],
    ["400 {detail}", (req, res) => send(res, 400, { detail: `bad key ${String(req.headers.authorization).slice(7)}` })],
    ["429 {message}", (req, res) => send(res, 429, { message: `slow down ${req.headers.authorization}` }, { "Retry-After": "3" })],
    ["500 text", (req, res) => send(res, 500, `panic: key=${String(req.headers.authorization).slice(7)} `, { "Content-Type": "text/plain" })],
    ["502 html", (req, res) => send(res, 502, `<html><body><pre>${req.headers.authorization}</pre></body></html>`, { "Content-Type": "text/html" })],
    ["200 not JSON", (req, res) => send(res, 200, `ok ${req.headers.authorization}`)],
    ["200 without id", (req, res) => send(res, 200, { message: `accepted for ${String(req.headers.authorization).slice(7)}` })],
    ["200 {code: fail}", (req, res) => send(res, 200, { code: "fail", message: `key ${String(req.headers.authorization).slice(7)} has no quota` })],
    ["200 two bodies", (req, res) => send(res, 200, `not json {"detail":"${String(req.headers.authorization).slice(7)}"}`)],
    ["socket destroyed", (req) => req.socket.destroy()],
    ["no answer", () => {}],
  ];

  function expectNoCanary(error: LumaError, key: string) {
    const renderings = [
      error.message,
      error.upstreamMessage ?? "",
      error.detail ?? "",
      String(error),
      JSON.stringify(error),
      error.stack ?? "",
      inspect(error, { depth: 10 }),
    ];
    for (const text of renderings) expect(text).not.toContain(key);
  }

  it.each(echoes)("when the gateway answers %s", async (_label, echo) => {
    handler = echo;
    const canaryClient = client({ apiKey: CANARY, createTimeoutMs: 300, requestTimeoutMs: 300 });
    const errors = [
      await failure(canaryClient.create(request)),
      await failure(canaryClient.get("g1")),
      await failure(canaryClient.create({ type: "video", prompt: "more", aspectRatio: "16:9", startFrame: { kind: "generation", upstreamId: "g1" } })),
    ];
    expect(seen.map((call) => call.headers.authorization)).toEqual([`Bearer ${CANARY}`, `Bearer ${CANARY}`, `Bearer ${CANARY}`]);
    for (const error of errors) expectNoCanary(error, CANARY);
  });

  it("when the key cannot be sent in a header at all", async () => {
    const broken = "Canary\nKey.do-not-leak";
    const error = await failure(client({ apiKey: broken }).create(request));
    expect(error).toMatchObject({ kind: "auth", mayHaveReachedUpstream: false });
    expect(error.message).toBe("The API key could not be used: LUMA_API_KEY is empty or has characters that cannot be sent in a header. Check LUMA_API_KEY.");
    expectNoCanary(error, broken);
    expectNoCanary(error, "Key.do-not-leak");
    expect(seen).toHaveLength(0);
  });
});
