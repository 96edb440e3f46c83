import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseRange, WATERMARK_MARK } from "./media";
import { isPickedAtRate, MODERATION_FAILURE, parsePromptTags } from "./scenario";
import { startSimulator, type RunningSimulator } from "./server";

const KEY = "sk-test-key";
const PENDING_S = 0.2;
const PROCESSING_S = 0.3;

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY, pendingSeconds: PENDING_S, processingSeconds: PROCESSING_S });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

type Answer = { status: number; headers: Headers; text: string; json: unknown };

async function call(
  route: string,
  init: {
    method?: string;
    body?: unknown;
    rawBody?: string;
    key?: string | null;
    headers?: Record<string, string>;
    base?: string;
    signal?: AbortSignal;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? KEY}`;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${init.base ?? sim.url}${route}`, {
    method: init.method ?? (body ? "POST" : "GET"),
    headers,
    body,
    signal: init.signal,
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

type Generation = Record<string, unknown> & { id: string; state: string };

async function create(body: Record<string, unknown> = { user_prompt: "cat dance" }, base?: string): Promise<Generation> {
  const answer = await call("/luma/generations", { body, base });
  expect(answer.status).toBe(201);
  return answer.json as Generation;
}

async function getGeneration(id: string, base?: string): Promise<Generation> {
  const answer = await call(`/luma/generations/${id}`, { base });
  expect(answer.status).toBe(200);
  return answer.json as Generation;
}

async function waitForState(id: string, state: string, timeoutMs = 3000, base?: string): Promise<Generation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const generation = await getGeneration(id, base);
    if (generation.state === state) return generation;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${generation.state}, wanted ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const JOB_SECONDS = PENDING_S + PROCESSING_S;

describe("auth", () => {
  it("answers 401 in the one-api shape for a missing or wrong key", async () => {
    const missing = await call("/luma/generations", { body: { user_prompt: "x" }, key: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("content-type")).toBe("application/json");
    expect(missing.json).toEqual({ error: { message: expect.stringMatching(/^未提供令牌 \(request id: \w+\)$/), type: "one_api_error" } });

    const wrong = await call("/luma/generations/anything", { key: "sk-wrong" });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error: { message: expect.stringMatching(/^无效的令牌 \(request id: \w+\)$/), type: "one_api_error" } });
    expect(sim.jobs()).toBe(0);
  });
});

describe("create validation", () => {
  const cases: Array<[string, { body?: unknown; rawBody?: string }, RegExp]> = [
    ["body is not JSON", { rawBody: "user_prompt=cat" }, /JSON object/],
    ["body is an array", { body: [{ user_prompt: "cat" }] }, /JSON object/],
    ["user_prompt is not a string", { body: { user_prompt: 42 } }, /user_prompt must be a string/],
    ["empty prompt and no image", { body: { user_prompt: "  " } }, /user_prompt is required/],
    ["unknown aspect ratio", { body: { user_prompt: "cat", aspect_ratio: "2:1" } }, /aspect_ratio must be one of/],
    ["image_url is not a URL", { body: { user_prompt: "cat", image_url: "ftp://x/y.png" } }, /image_url/],
    ["image_end_url is not an image data URI", { body: { user_prompt: "cat", image_end_url: "data:text/plain,hi" } }, /image_end_url/],
    ["expand_prompt is not a boolean", { body: { user_prompt: "cat", expand_prompt: "yes" } }, /expand_prompt must be a boolean/],
    ["loop is not a boolean", { body: { user_prompt: "cat", loop: 1 } }, /loop must be a boolean/],
    ["unknown model", { body: { user_prompt: "cat", model: "gpt-4o" } }, /unknown model: gpt-4o/],
    ["notify_hook is not a URL", { body: { user_prompt: "cat", notify_hook: "nope" } }, /notify_hook/],
  ];

  it.each(cases)("400 when %s", async (_name, request, message) => {
    const answer = await call("/luma/generations", request);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: { message: expect.stringMatching(message), type: "invalid_request_error", code: "invalid_parameter" } });
  });

  it("accepts an image-only request and any ray model", async () => {
    await create({ user_prompt: "", image_url: "data:image/png;base64,iVBORw0KGgo=" });
    await create({ user_prompt: "cat", model: "ray-v2", image_end_url: "https://example.com/end.jpg", loop: true });
    await create({ user_prompt: "cat", model: "ray-flash-2", aspect_ratio: null });
    expect(sim.stats().creates).toBe(3);
  });
});

describe("create answers", () => {
  it('"201" is the seed object, key for key, plus gateway extras', async () => {
    const answer = await call("/luma/generations", { body: { user_prompt: "cat dance" } });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toBe("application/json");
    const body = answer.json as Generation;
    expect(Object.keys(body)).toEqual([
      "created_at",
      "estimate_wait_seconds",
      "id",
      "last_frame",
      "liked",
      "prompt",
      "state",
      "thumbnail",
      "video",
      "queue_state",
      "batch_id",
      "video_raw",
    ]);
    expect(body).toMatchObject({ state: "pending", prompt: "cat dance", video: null, thumbnail: null, last_frame: null, liked: null });
    expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('"200", "array" and "task_id" shapes', async () => {
    sim.setScenario({ createResponse: "200" });
    const ok = await call("/luma/generations", { body: { user_prompt: "a" } });
    expect(ok.status).toBe(200);
    expect((ok.json as Generation).state).toBe("pending");

    sim.setScenario({ createResponse: "array" });
    const array = await call("/luma/generations", { body: { user_prompt: "b" } });
    expect(array.status).toBe(201);
    expect(Array.isArray(array.json)).toBe(true);
    const [first] = array.json as Generation[];
    expect(first?.prompt).toBe("b");

    sim.setScenario({ createResponse: "task_id" });
    const task = await call("/luma/generations", { body: { user_prompt: "c" } });
    expect(Object.keys(task.json as object)).toEqual(["task_id"]);
    const id = (task.json as { task_id: string }).task_id;
    expect((await getGeneration(id)).prompt).toBe("c");
  });
});

describe("lifecycle", () => {
  it("moves pending → processing → completed on the clock, with a countdown while pending", async () => {
    // Wider windows than the shared simulator's, so a loaded machine still sees every state.
    const roomy = await startSimulator({ apiKey: KEY, pendingSeconds: 0.6, processingSeconds: 0.6 });
    try {
      const created = await create({ user_prompt: "clock" }, roomy.url);
      const first = await getGeneration(created.id, roomy.url);
      expect(first.state).toBe("pending");
      expect(first.estimate_wait_seconds).toBe(1);
      const processing = await waitForState(created.id, "processing", 3000, roomy.url);
      expect(processing.estimate_wait_seconds).toBeNull();
      expect(processing.video).toBeNull();
      await waitForState(created.id, "completed", 3000, roomy.url);
    } finally {
      await roomy.close();
    }
  });

  it("answers a completed job in the superset shape, with media that really loads", async () => {
    const created = await create({ user_prompt: "tall", aspect_ratio: "9:16" });
    const done = await waitForState(created.id, "completed");
    const size = { width: 752, height: 1360 };
    expect(done).toMatchObject({
      id: created.id,
      prompt: "tall",
      liked: null,
      queue_state: null,
      failure_reason: null,
      estimate_wait_seconds: null,
      request: { prompt: "tall", aspect_ratio: "9:16" },
      video: { url: `${sim.url}/media/${created.id}/watermarked.mp4`, ...size },
      video_raw: { url: `${sim.url}/media/${created.id}/raw.mp4`, ...size },
      thumbnail: { url: `${sim.url}/media/${created.id}/thumb.jpg`, ...size, media_type: "image/jpeg" },
      last_frame: { url: `${sim.url}/media/${created.id}/last_frame.jpg`, ...size },
      artifact: {
        video: { url: expect.any(String), ...size },
        thumbnail: { url: expect.any(String), ...size },
        video_raw: { url: expect.any(String), ...size, duration: 3 },
        last_frame: { url: expect.any(String), ...size },
      },
    });
    const { download_url: downloadUrl } = done.video as { download_url: string };
    const query = new URL(downloadUrl).searchParams;
    expect(query.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(query.get("X-Amz-Expires")).toBe("3600");
    expect(query.get("X-Amz-Date")).toMatch(/^\d{8}T\d{6}Z$/);
    expect(query.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);

    const video = await fetch(downloadUrl);
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect((await video.arrayBuffer()).byteLength).toBe(readFileSync(path.join("simulator", "assets", "9x16.mp4")).length);
    const thumb = await fetch((done.thumbnail as { url: string }).url);
    expect(thumb.headers.get("content-type")).toBe("image/jpeg");
    expect(Number(thumb.headers.get("content-length"))).toBe(readFileSync(path.join("simulator", "assets", "9x16-thumb.jpg")).length);
  });

  it("fails jobs with the scenario's reason, or a prompt tag's", async () => {
    sim.setScenario({ failWithReason: "Frame moderation failed" });
    const byScenario = await create({ user_prompt: "fox" });
    sim.setScenario({ failWithReason: null });
    const byModerationTag = await create({ user_prompt: "fox [sim:moderation]" });
    const byFailTag = await create({ user_prompt: "fox [sim:fail=Contains blacklisted words]" });

    const failed = await waitForState(byScenario.id, "failed");
    expect(failed).toMatchObject({ failure_reason: "Frame moderation failed", video: null, thumbnail: null, artifact: null });
    expect((await waitForState(byModerationTag.id, "failed")).failure_reason).toBe(MODERATION_FAILURE);
    expect((await waitForState(byFailTag.id, "failed")).failure_reason).toBe("Contains blacklisted words");
    expect((await call(`/media/${byScenario.id}/raw.mp4`)).status).toBe(404);
  });

  it("answers completed without media for the first K polls", async () => {
    sim.setScenario({ completedWithoutUrlPolls: 2 });
    const byScenario = await create({ user_prompt: "late" });
    sim.setScenario({ completedWithoutUrlPolls: 0 });
    const byTag = await create({ user_prompt: "late [sim:nourl=1]" });
    await sleep(JOB_SECONDS * 1000 + 50);

    for (const expected of [null, null]) expect((await getGeneration(byScenario.id)).video).toBe(expected);
    const third = await getGeneration(byScenario.id);
    expect(third.state).toBe("completed");
    expect(third.video).toMatchObject({ url: expect.stringContaining("/watermarked.mp4") });

    const tagged = await getGeneration(byTag.id);
    expect(tagged).toMatchObject({ state: "completed", video: null, video_raw: null, thumbnail: null, last_frame: null });
    expect((await getGeneration(byTag.id)).video).not.toBeNull();
  });

  it("keeps stuck jobs processing, and releases the scenario's when the flag is cleared", async () => {
    const byTag = await create({ user_prompt: "wait [sim:stuck]" });
    const slow = await create({ user_prompt: "wait [sim:slow=30]" });
    sim.setScenario({ stuck: true });
    const byScenario = await create({ user_prompt: "wait" });

    await sleep(JOB_SECONDS * 1000 + 100);
    for (const job of [byScenario, byTag, slow]) expect((await getGeneration(job.id)).state).toBe("processing");

    sim.setScenario({ stuck: false });
    expect((await getGeneration(byScenario.id)).state).toBe("completed");
    expect((await getGeneration(byTag.id)).state).toBe("processing");
  });

  it("404s an unknown generation in Luma's shape", async () => {
    const answer = await call("/luma/generations/00000000-0000-0000-0000-000000000000");
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ detail: "Generation not found" });
  });
});

describe("gateway faults", () => {
  it("answers the next N requests 429 with Retry-After", async () => {
    sim.setScenario({ rateLimitNext: 2, retryAfterSeconds: 7 });
    expect((await call("/media/unknown/thumb.jpg", { key: null })).status).toBe(404); // the CDN is not rate limited
    for (let i = 0; i < 2; i += 1) {
      const limited = await call("/luma/generations", { body: { user_prompt: "x" } });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("7");
      expect(limited.json).toMatchObject({ error: { type: "one_api_error", code: "rate_limit_exceeded" } });
    }
    await create();
    expect(sim.stats()).toMatchObject({ requests: 4, creates: 1, byRoute: { "POST /luma/generations": 3 } });
  });

  it("answers the next N requests 500 with an HTML body", async () => {
    sim.setScenario({ serverErrorNext: 1 });
    const broken = await call("/luma/generations/whatever");
    expect(broken.status).toBe(500);
    expect(broken.headers.get("content-type")).toBe("text/html");
    expect(broken.json).toBeUndefined();
    expect(broken.text).toContain("<h1>500 Internal Server Error</h1>");
    expect((await call("/luma/generations/whatever")).status).toBe(404);
  });

  it("starts refusing the key after N more authenticated requests", async () => {
    const job = await create();
    sim.setScenario({ unauthorizedAfter: 2 });
    expect((await call(`/luma/generations/${job.id}`)).status).toBe(200);
    expect((await call(`/luma/generations/${job.id}`)).status).toBe(200);
    const refused = await call(`/luma/generations/${job.id}`);
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: { message: expect.stringMatching(/^无效的令牌 \(request id: /), type: "one_api_error" } });
    expect((await call("/luma/generations", { body: { user_prompt: "x" } })).status).toBe(401);
    sim.setScenario({ unauthorizedAfter: null });
    expect((await call(`/luma/generations/${job.id}`)).status).toBe(200);
  });

  it("refuses creates with 403 when the balance is used up", async () => {
    sim.setScenario({ insufficientBalance: true });
    const refused = await call("/luma/generations", { body: { user_prompt: "x" } });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({
      error: { message: expect.stringMatching(/^该令牌额度已用尽 .*insufficient quota/), type: "one_api_error", code: "insufficient_user_quota" },
    });
    expect(sim.stats().creates).toBe(0);
  });

  it("answers scripted responses exactly, once each, to the route they name", async () => {
    const twoBodies = '{"detail":{"reason":"Failed to read user input frames","code":400}}{"detail":{"reason":"Failed to read user input frames","code":400}}';
    sim.setScenario({
      respondNext: [
        { route: "get", status: 404, body: '{"detail":"gone"}' },
        { route: "create", status: 400, body: twoBodies, headers: { "x-request-id": "r-1" } },
      ],
    });
    const refused = await call("/luma/generations", { body: { user_prompt: "x" } });
    expect(refused).toMatchObject({ status: 400, text: twoBodies });
    expect(refused.headers.get("x-request-id")).toBe("r-1");
    expect(sim.stats().creates).toBe(0);
    expect((await call("/luma/generations", { body: { user_prompt: "x" } })).status).toBe(201);
    expect((await call("/luma/generations/whatever")).text).toBe('{"detail":"gone"}');
    expect((await call("/__sim/scenario")).json).toMatchObject({ respondNext: [] });
  });

  it("with afterCreating, makes the job and then answers the scripted error (a lost answer)", async () => {
    const before = sim.jobs();
    sim.setScenario({
      respondNext: [{ route: "create", status: 502, body: "<html>502 Bad Gateway</html>", headers: { "content-type": "text/html" }, afterCreating: true }],
    });
    const answer = await call("/luma/generations", { body: { user_prompt: "made but unanswered" } });
    expect(answer.status).toBe(502);
    expect(answer.headers.get("content-type")).toBe("text/html");
    expect(sim.jobs()).toBe(before + 1);
  });

  it("refuses a malformed script so a typo fails loudly", async () => {
    const response = await fetch(`${sim.url}/__sim/scenario`, { method: "POST", body: JSON.stringify({ respondNext: [{ status: "429" }] }) });
    expect(response.status).toBe(400);
  });

  it("drops every connection while the gateway is unreachable", async () => {
    sim.setScenario({ dropConnections: true });
    await expect(call("/luma/generations/anything")).rejects.toThrow();
    sim.setScenario({ dropConnections: false });
    expect((await call("/luma/generations/anything")).status).toBe(404);
  });

  it("accepts a create, then resets the connection without an answer", async () => {
    const before = sim.jobs();
    sim.setScenario({ createResetConnection: true });
    await expect(call("/luma/generations", { body: { user_prompt: "lost answer" } })).rejects.toThrow();
    expect(sim.stats().creates).toBe(1);
    expect(sim.jobs()).toBe(before + 1);
  });

  async function untilJobCount(count: number): Promise<void> {
    const deadline = Date.now() + 3000;
    while (sim.jobs() < count && Date.now() < deadline) await sleep(10);
    expect(sim.jobs()).toBe(count);
  }

  it("accepts a create and never answers while createHang is on", async () => {
    const before = sim.jobs();
    sim.setScenario({ createHang: true });
    const abort = new AbortController();
    const pending = call("/luma/generations", { body: { user_prompt: "hung" }, signal: abort.signal });
    let isAnswered = false;
    void pending.then(
      () => (isAnswered = true),
      () => (isAnswered = true),
    );
    await untilJobCount(before + 1);
    await sleep(200);
    expect(isAnswered).toBe(false);
    abort.abort();
    await expect(pending).rejects.toThrow();
  });

  it("creates the job at arrival when the answer is delayed", async () => {
    const before = sim.jobs();
    sim.setScenario({ createDelayMs: 500 });
    const answer = call("/luma/generations", { body: { user_prompt: "slow answer" } });
    let isAnswered = false;
    void answer.then(() => (isAnswered = true));
    await untilJobCount(before + 1);
    const createdAt = Date.now();
    expect(isAnswered).toBe(false);
    expect((await answer).status).toBe(201);
    expect(Date.now() - createdAt).toBeGreaterThanOrEqual(400);
  });
});

describe("extend and download links", () => {
  it("extends only a completed generation, into a new pending job", async () => {
    const unfinished = await create({ user_prompt: "never done [sim:stuck]" });
    const parent = await create({ user_prompt: "wide", aspect_ratio: "21:9" });
    const early = await call(`/luma/generations/${unfinished.id}/extend`, { body: { user_prompt: "more" } });
    expect(early.status).toBe(400);
    expect(early.json).toEqual({ detail: expect.stringContaining("completed") });
    expect((await call("/luma/generations/nope/extend", { body: { user_prompt: "more" } })).status).toBe(404);

    await waitForState(parent.id, "completed");
    const missingPrompt = await call(`/luma/generations/${parent.id}/extend`, { body: { expand_prompt: true } });
    expect(missingPrompt.status).toBe(400);
    expect(missingPrompt.json).toMatchObject({ error: { code: "invalid_parameter", message: expect.stringContaining("user_prompt") } });

    const extended = await call(`/luma/generations/${parent.id}/extend`, { body: { user_prompt: "more" } });
    expect(extended.status).toBe(201);
    const child = extended.json as Generation;
    expect(child).toMatchObject({ state: "pending", prompt: "more" });
    expect(child.id).not.toBe(parent.id);
    const done = await waitForState(child.id, "completed");
    expect(done.request).toEqual({ prompt: "more", aspect_ratio: "21:9" });
    expect(sim.stats()).toMatchObject({ creates: 2, extends: 1 });
  });

  it("gives a fresh presigned link only once completed", async () => {
    const unfinished = await create({ user_prompt: "never done [sim:stuck]" });
    const job = await create();
    const early = await call(`/luma/generations/${unfinished.id}/download_video_url`);
    expect(early.status).toBe(400);
    expect(early.json).toEqual({ detail: "Generation is not completed" });

    await waitForState(job.id, "completed");
    const answer = await call(`/luma/generations/${job.id}/download_video_url`);
    expect(answer.status).toBe(200);
    const { url } = answer.json as { url: string };
    expect(url).toContain(`/signed/${job.id}/video.mp4?`);
    expect(url).toContain("X-Amz-Expires=3600");
    expect((await fetch(url)).status).toBe(200);

    const tampered = await fetch(url.replace(/X-Amz-Expires=3600/, "X-Amz-Expires=999999"));
    expect(tampered.status).toBe(403);
    expect(tampered.headers.get("content-type")).toBe("application/xml");
    expect(await tampered.text()).toContain("<Code>AccessDenied</Code>");
    expect(sim.stats().downloadUrls).toBe(2);
  });

  it("stops honouring a presigned link after its TTL", async () => {
    const shortLived = await startSimulator({ apiKey: KEY, pendingSeconds: 0, processingSeconds: 0, downloadUrlTtlSeconds: 1 });
    try {
      const job = await create({ user_prompt: "expire" }, shortLived.url);
      const done = await getGeneration(job.id, shortLived.url);
      const { download_url: url } = done.video as { download_url: string };
      expect(url).toContain("X-Amz-Expires=1");
      await sleep(1100);
      const expired = await fetch(url);
      expect(expired.status).toBe(403);
      expect(expired.headers.get("content-type")).toBe("application/xml");
      expect(await expired.text()).toContain("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
    } finally {
      await shortLived.close();
    }
  });
});

describe("media", () => {
  it("serves byte ranges the way browsers seek", async () => {
    const job = await create({ user_prompt: "seek", aspect_ratio: "1:1" });
    await waitForState(job.id, "completed");
    const file = readFileSync(path.join("simulator", "assets", "1x1.mp4"));
    const url = `${sim.url}/media/${job.id}/raw.mp4`;

    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(Number(whole.headers.get("content-length"))).toBe(file.length);
    await whole.arrayBuffer();

    const head = await fetch(url, { headers: { range: "bytes=0-99" } });
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-99/${file.length}`);
    expect(Buffer.from(await head.arrayBuffer()).equals(file.subarray(0, 100))).toBe(true);

    const tail = await fetch(url, { headers: { range: "bytes=-10" } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(file.subarray(file.length - 10))).toBe(true);

    const open = await fetch(url, { headers: { range: "bytes=1000-" } });
    expect(open.headers.get("content-range")).toBe(`bytes 1000-${file.length - 1}/${file.length}`);
    await open.arrayBuffer();

    const beyond = await fetch(url, { headers: { range: `bytes=${file.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${file.length}`);

    expect((await fetch(`${sim.url}/media/${job.id}/nothing.mp4`)).status).toBe(404);
  });

  it("marks the watermarked copy, which still starts like an MP4", async () => {
    const job = await create({ user_prompt: "marked", aspect_ratio: "1:1" });
    await waitForState(job.id, "completed");
    const clean = Buffer.from(await (await fetch(`${sim.url}/media/${job.id}/raw.mp4`)).arrayBuffer());
    const marked = Buffer.from(await (await fetch(`${sim.url}/media/${job.id}/watermarked.mp4`)).arrayBuffer());
    expect(clean.equals(readFileSync(path.join("simulator", "assets", "1x1.mp4")))).toBe(true);
    expect(clean.includes(WATERMARK_MARK)).toBe(false);
    expect(marked.includes(WATERMARK_MARK)).toBe(true);
    expect(marked.subarray(4, 8).toString("ascii")).toBe("ftyp");
    expect(marked.subarray(0, clean.length).equals(clean)).toBe(true);
  });

  it("cuts the first N whole-file downloads of the clean copy mid-stream, never the watermarked one or a ranged read", async () => {
    const job = await create({ user_prompt: "flaky clean copy [sim:cutclean=2]" });
    await waitForState(job.id, "completed");
    const signed = ((await call(`/luma/generations/${job.id}/download_video_url`)).json as { url: string }).url;
    const read = async (url: string, headers: Record<string, string> = {}) => {
      const response = await fetch(url, { headers });
      return response.arrayBuffer().then(
        (body) => ({ ok: true, length: body.byteLength, announced: Number(response.headers.get("content-length")) }),
        () => ({ ok: false }),
      );
    };
    expect(await read(`${sim.url}/media/${job.id}/watermarked.mp4`)).toMatchObject({ ok: true });
    expect(await read(`${sim.url}/media/${job.id}/raw.mp4`, { range: "bytes=0-99" })).toMatchObject({ ok: true, length: 100 });
    expect(await read(signed)).toEqual({ ok: false });
    expect(await read(`${sim.url}/media/${job.id}/raw.mp4`)).toEqual({ ok: false });
    const third = await read(signed);
    expect(third).toMatchObject({ ok: true });
    expect(sim.stats().cleanDownloadsCut).toBe(2);
  });

  it("picks an even, repeatable share of jobs for a cut rate", async () => {
    const picked = Array.from({ length: 40 }, (_, index) => isPickedAtRate(index + 1, 0.15));
    expect(picked.filter(Boolean)).toHaveLength(6);
    expect(Array.from({ length: 40 }, (_, index) => isPickedAtRate(index + 1, 0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 5 }, (_, index) => isPickedAtRate(index + 1, 1)).every(Boolean)).toBe(true);

    sim.setScenario({ cleanDownloadCutRate: 1, cleanDownloadCuts: 1 });
    const job = await create({ user_prompt: "every job is cut once" });
    await waitForState(job.id, "completed");
    const url = `${sim.url}/media/${job.id}/raw.mp4`;
    await expect(fetch(url).then((response) => response.arrayBuffer())).rejects.toThrow();
    expect((await (await fetch(url)).arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(sim.stats().cleanDownloadsCut).toBe(1);
  });

  it("parses single ranges and ignores what it does not support", () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange("bytes=10-19", 100)).toEqual({ start: 10, end: 19 });
    expect(parseRange("bytes=90-200", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-500", 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=0-1,5-6", 100)).toBeNull();
    expect(parseRange("bytes=20-10", 100)).toBeNull();
    expect(parseRange("bytes=-0", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable");
  });
});

describe("notify_hook callbacks", () => {
  let receiver: Server;
  let hookUrl = "";
  const received: Array<{ id: string; state: string; video: unknown }> = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received.push(JSON.parse(body) as { id: string; state: string; video: unknown });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?secret=abc`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
  });

  async function statesFor(id: string, count: number): Promise<string[]> {
    const deadline = Date.now() + 3000;
    while (received.filter((payload) => payload.id === id).length < count && Date.now() < deadline) await sleep(25);
    await sleep(60); // anything beyond `count` would show up here
    return received.filter((payload) => payload.id === id).map((payload) => payload.state);
  }

  it("posts the full generation on each state change", async () => {
    const job = await create({ user_prompt: "hooked", notify_hook: hookUrl });
    expect(await statesFor(job.id, 2)).toEqual(["processing", "completed"]);
    const completed = received.find((payload) => payload.state === "completed");
    expect(completed?.video).toMatchObject({ download_url: expect.stringContaining("X-Amz-Signature=") });
    expect(sim.stats().callbacksSent).toBe(2);
  });

  it("can send every callback twice, out of order, or not at all", async () => {
    sim.setScenario({ callbacks: "duplicate" });
    const twice = await create({ user_prompt: "dup", notify_hook: hookUrl });
    expect(await statesFor(twice.id, 4)).toEqual(["processing", "processing", "completed", "completed"]);

    sim.setScenario({ callbacks: "out_of_order" });
    const reordered = await create({ user_prompt: "late [sim:fail=Frame moderation failed]", notify_hook: hookUrl });
    expect(await statesFor(reordered.id, 2)).toEqual(["failed", "processing"]);

    sim.setScenario({ callbacks: "none" });
    const silent = await create({ user_prompt: "quiet", notify_hook: hookUrl });
    await waitForState(silent.id, "completed");
    expect(await statesFor(silent.id, 0)).toEqual([]);
  });
});

describe("control endpoints and prompt tags", () => {
  it("drives the scenario over HTTP without auth", async () => {
    expect((await call("/__sim/health", { key: null })).status).toBe(200);
    const merged = await call("/__sim/scenario", { key: null, body: { createResponse: "task_id" } });
    expect(merged.json).toMatchObject({ createResponse: "task_id" });
    const again = await call("/__sim/scenario", { key: null, body: { retryAfterSeconds: 5 } });
    expect(again.json).toMatchObject({ createResponse: "task_id", retryAfterSeconds: 5 });
    expect((await call("/__sim/scenario", { key: null, body: { stuk: true } })).status).toBe(400);

    await call("/luma/generations", { body: { user_prompt: "x" } });
    expect((await call("/__sim/stats", { key: null })).json).toMatchObject({ requests: 1, creates: 1 });
    await call("/__sim/reset", { key: null, method: "POST" });
    expect((await call("/__sim/stats", { key: null })).json).toMatchObject({ requests: 0, creates: 0 });
    expect((await call("/luma/generations", { body: { user_prompt: "y" } })).status).toBe(201);
  });

  it("reads [sim:…] tags out of a prompt", () => {
    expect(parsePromptTags("a cat [sim:moderation]")).toEqual({ isStuck: false, failureReason: MODERATION_FAILURE });
    expect(parsePromptTags("[sim:fail=Failed to read user input frames] x")).toEqual({
      isStuck: false,
      failureReason: "Failed to read user input frames",
    });
    expect(parsePromptTags("[sim:stuck][sim:nourl=3][sim:slow=1.5]")).toEqual({ isStuck: true, noUrlPolls: 3, processingSeconds: 1.5 });
    expect(parsePromptTags("plain prompt [sim:unknown]")).toEqual({ isStuck: false });
    expect(parsePromptTags("flaky [sim:cutclean=4]")).toEqual({ isStuck: false, cleanDownloadCuts: 4 });
  });
});
