import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LumaError, describeLumaError, isLumaError } from "./errors";
import { scrubSecrets } from "@/lib/security/scrub";
import { normaliseState, parseCreateResponse, parseDownloadUrlResponse, parseErrorBody, parseGenerationResponse, parseRetryAfter } from "./parse";

const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", `${name}.json`), "utf8"));

const CDN = "https://storage.cdn-luma.com/dream_machine";

function thrown(fn: () => unknown): LumaError {
  try {
    fn();
  } catch (error) {
    if (isLumaError(error)) return error;
    throw error;
  }
  throw new Error("expected a LumaError");
}

describe("normaliseState", () => {
  it.each([
    ["pending", "queued"],
    ["queued", "queued"],
    ["submitted", "queued"],
    ["waiting", "queued"],
    ["processing", "running"],
    ["dreaming", "running"],
    ["running", "running"],
    ["in_progress", "running"],
    ["completed", "completed"],
    ["succeeded", "completed"],
    ["success", "completed"],
    ["finished", "completed"],
    ["failed", "failed"],
    ["failure", "failed"],
    ["error", "failed"],
    ["cancelled", "failed"],
    ["SUCCESS", "completed"],
    [" Dreaming ", "running"],
    ["IN_PROGRESS", "running"],
  ])("%s → %s", (raw, state) => {
    expect(normaliseState(raw)).toBe(state);
  });

  it("answers null for words it does not know and for nothing", () => {
    expect(normaliseState("thinking")).toBeNull();
    expect(normaliseState("")).toBeNull();
    expect(normaliseState(null)).toBeNull();
    expect(normaliseState(undefined)).toBeNull();
  });
});

describe("parseCreateResponse", () => {
  it("reads the seed document's 201 example", () => {
    const json = fixture("create-201-seed");
    const { upstreamId, snapshot } = parseCreateResponse(json);
    expect(upstreamId).toBe("fc7fb008-7a5e-40ad-a7ff-dbb63db61be8");
    expect(snapshot).toEqual({
      upstreamId: "fc7fb008-7a5e-40ad-a7ff-dbb63db61be8",
      state: "queued",
      rawState: "pending",
      failureReason: null,
      failureCode: null,
      video: null,
      videoCandidates: [],
      watermarkedVideoUrl: null,
      thumbnail: null,
      lastFrame: null,
      estimateWaitSeconds: null,
      createdAt: "2024-07-22T12:47:28.553735Z",
      raw: json,
    });
  });

  it("takes the first element of an array-wrapped answer", () => {
    const { upstreamId, snapshot } = parseCreateResponse(fixture("create-array"));
    expect(upstreamId).toBe("0b1c7a52-9d4e-4f1a-8c3b-2e5d6f7a8b90");
    expect(snapshot?.state).toBe("queued");
  });

  it("accepts {task_id} alone, with no snapshot", () => {
    expect(parseCreateResponse(fixture("create-task-id"))).toEqual({
      upstreamId: "6a2f0c3e-8b7d-4e19-a5c4-d1f2e3b4c5d6",
      snapshot: null,
    });
  });

  it("accepts {code, data: {task_id}}", () => {
    expect(parseCreateResponse(fixture("create-data-task-id"))).toEqual({
      upstreamId: "7d3e1f4a-9c8b-4a2d-b6e5-f1a2b3c4d5e6",
      snapshot: null,
    });
  });

  it("accepts {code, data: <generation>} and keeps the generation", () => {
    const { upstreamId, snapshot } = parseCreateResponse(fixture("create-data-id"));
    expect(upstreamId).toBe("8e4f2a5b-0d9c-4b3e-87f6-a2b3c4d5e6f7");
    expect(snapshot).toMatchObject({ upstreamId, state: "queued", createdAt: "2024-11-02T09:15:00Z" });
  });

  it("ignores extra keys and accepts an empty prompt", () => {
    const { upstreamId, snapshot } = parseCreateResponse(fixture("create-extra-keys"));
    expect(upstreamId).toBe("9f5a3b6c-1e0d-4c4f-98a7-b3c4d5e6f7a8");
    expect(snapshot).toMatchObject({ state: "queued", rawState: "pending", estimateWaitSeconds: 42, video: null });
  });

  it("follows id ?? [0].id ?? task_id ?? data.task_id ?? data.id", () => {
    expect(parseCreateResponse({ id: "a", task_id: "b" }).upstreamId).toBe("a");
    expect(parseCreateResponse([{ id: "a" }]).upstreamId).toBe("a");
    expect(parseCreateResponse({ task_id: "b", data: { id: "c" } }).upstreamId).toBe("b");
    expect(parseCreateResponse({ data: { task_id: "t", id: 123 } }).upstreamId).toBe("t");
    expect(parseCreateResponse({ data: { id: 123 } }).upstreamId).toBe("123");
    expect(parseCreateResponse({ code: "success", data: "task_abc123" }).upstreamId).toBe("task_abc123");
  });

  it.each([[{}], [null], [[]], ["pending"], [{ id: "" }], [{ data: null }]])("throws a protocol error when %j carries no id", (json) => {
    const error = thrown(() => parseCreateResponse(json));
    expect(error.kind).toBe("protocol");
    // A 2xx without an id did not say no: the job may exist.
    expect(error.mayHaveReachedUpstream).toBe(true);
    expect(error.message).toMatch(/does not understand/);
  });

  it("treats a 2xx {code: 'fail'} envelope as a refusal", () => {
    const error = thrown(() => parseCreateResponse({ code: "fail", message: "余额不足", data: null }));
    expect(error).toMatchObject({ kind: "payment", upstreamMessage: "余额不足", mayHaveReachedUpstream: false });
    expect(thrown(() => parseCreateResponse({ success: false, message: "prompt too long" })).kind).toBe("rejected");
  });
});

describe("parseGenerationResponse", () => {
  it("reads a generation still processing", () => {
    expect(parseGenerationResponse(fixture("generation-processing"))).toMatchObject({
      upstreamId: "32ec5549-1a4e-4b5e-8f0a-3c9d2e7b6a10",
      state: "running",
      rawState: "processing",
      video: null,
      videoCandidates: [],
      estimateWaitSeconds: 30,
    });
  });

  it("prefers the watermark-free download_url in the mid-2024 shape", () => {
    const json = fixture("generation-completed-mid-2024");
    const snapshot = parseGenerationResponse(json);
    const downloadUrl = (json as { video: { download_url: string } }).video.download_url;
    expect(snapshot.state).toBe("completed");
    expect(snapshot.video).toEqual({ url: downloadUrl, width: 752, height: 1360, durationSeconds: null });
    expect(snapshot.videoCandidates).toEqual([downloadUrl, `${CDN}/32ec5549/video0.mp4`, `${CDN}/32ec5549/watermarked_video0.mp4`]);
    expect(snapshot.watermarkedVideoUrl).toBe(`${CDN}/32ec5549/watermarked_video0.mp4`);
    expect(snapshot.thumbnail).toEqual({ url: `${CDN}/32ec5549/video_0_thumb.jpg`, width: 752, height: 1360 });
    expect(snapshot.lastFrame).toEqual({ url: `${CDN}/32ec5549/video_0_last_frame.jpg`, width: 752, height: 1360 });
    expect(snapshot.failureReason).toBeNull();
    expect(snapshot.raw).toBe(json);
  });

  it("reads the late-2024 shape with artifact: video_raw first, duration from the artifact", () => {
    const snapshot = parseGenerationResponse(fixture("generation-completed-late-2024"));
    expect(snapshot.state).toBe("completed");
    expect(snapshot.video).toEqual({ url: `${CDN}/4a8b9c0d/video_raw01.mp4`, width: 1360, height: 752, durationSeconds: 5.04 });
    expect(snapshot.videoCandidates).toEqual([
      `${CDN}/4a8b9c0d/video_raw01.mp4`,
      `${CDN}/4a8b9c0d/artifact_video_raw.mp4`,
      `${CDN}/4a8b9c0d/artifact_video.mp4`,
      `${CDN}/4a8b9c0d/watermarked_video01.mp4`,
    ]);
    expect(snapshot.thumbnail?.url).toBe(`${CDN}/4a8b9c0d/video_0_thumb.jpg`);
    expect(snapshot.lastFrame?.url).toBe(`${CDN}/4a8b9c0d/last_frame.jpg`);
    expect(snapshot.createdAt).toBe("2024-12-03T14:20:45.918Z");
  });

  it("falls back to artifact media and leaves unknown sizes null", () => {
    const snapshot = parseGenerationResponse(fixture("generation-completed-artifact-only"));
    expect(snapshot.video).toEqual({ url: `${CDN}/5b9c0d1e/artifact_video.mp4`, width: null, height: null, durationSeconds: null });
    expect(snapshot.videoCandidates).toEqual([`${CDN}/5b9c0d1e/artifact_video.mp4`]);
    expect(snapshot.watermarkedVideoUrl).toBeNull();
    expect(snapshot.thumbnail).toEqual({ url: `${CDN}/5b9c0d1e/thumb.jpg`, width: 1024, height: 1024 });
    expect(snapshot.lastFrame).toEqual({ url: `${CDN}/5b9c0d1e/last.jpg`, width: 1024, height: 1024 });
  });

  it.each([
    ["advanced-prompt-moderation", "Advanced prompt moderation failed"],
    ["frame-moderation", "Frame moderation failed"],
    ["unreadable-frames", "Failed to read user input frames"],
    ["blacklisted-words", "Contains blacklisted words"],
  ])("reads a failed generation (%s) with its reason", (name, reason) => {
    expect(parseGenerationResponse(fixture(`generation-failed-${name}`))).toMatchObject({
      state: "failed",
      rawState: "failed",
      failureReason: reason,
      video: null,
      videoCandidates: [],
    });
  });

  it("reads the official format: dreaming, then completed with plain-string assets", () => {
    expect(parseGenerationResponse(fixture("generation-official-dreaming"))).toMatchObject({
      state: "running",
      rawState: "dreaming",
      video: null,
    });
    const done = parseGenerationResponse(fixture("generation-official-completed"));
    expect(done).toMatchObject({
      upstreamId: "d1e2f3a4-5b6c-4d7e-8f9a-0b1c2d3e4f5a",
      state: "completed",
      video: { url: `${CDN}/d1e2f3a4/video.mp4`, width: null, height: null, durationSeconds: null },
      videoCandidates: [`${CDN}/d1e2f3a4/video.mp4`],
      thumbnail: { url: `${CDN}/d1e2f3a4/image.jpg`, width: null, height: null },
      lastFrame: null,
    });
  });

  it("unwraps the /luma/tasks {code, data: [{task_id, status, fail_reason, data}]} wrapper", () => {
    const snapshot = parseGenerationResponse(fixture("tasks-wrapper"));
    expect(snapshot).toMatchObject({
      upstreamId: "32ec5549-1a4e-4b5e-8f0a-3c9d2e7b6a10",
      state: "completed",
      rawState: "completed",
      failureReason: null,
      video: { url: `${CDN}/32ec5549/video0.mp4`, width: 752, height: 1360 },
      videoCandidates: [`${CDN}/32ec5549/video0.mp4`, `${CDN}/32ec5549/watermarked_video0.mp4`],
    });
  });

  it("takes state and reason from a task wrapper whose generation is null", () => {
    expect(parseGenerationResponse(fixture("tasks-wrapper-failed"))).toMatchObject({
      upstreamId: "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a",
      state: "failed",
      rawState: "FAILURE",
      failureReason: "Frame moderation failed",
    });
  });

  it("reads the first generation of a bare array", () => {
    expect(parseGenerationResponse(fixture("tasks-bare-array"))).toMatchObject({
      upstreamId: "32ec5549-1a4e-4b5e-8f0a-3c9d2e7b6a10",
      state: "running",
      estimateWaitSeconds: 12,
    });
  });

  it("unwraps {code: 'success', data: <generation>} and uses video.url when it is the only one", () => {
    const snapshot = parseGenerationResponse(fixture("generation-data-wrapper"));
    expect(snapshot.upstreamId).toBe("7e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b");
    expect(snapshot.video).toEqual({ url: `${CDN}/7e1f2a3b/watermarked_video0.mp4`, width: 1024, height: 1024, durationSeconds: null });
    expect(snapshot.watermarkedVideoUrl).toBe(`${CDN}/7e1f2a3b/watermarked_video0.mp4`);
  });

  it("reports completed without a URL as completed with no video", () => {
    expect(parseGenerationResponse(fixture("generation-completed-no-url"))).toMatchObject({
      state: "completed",
      video: null,
      videoCandidates: [],
      thumbnail: null,
      lastFrame: null,
    });
  });

  it("reads numbers sent as strings and skips empty URLs", () => {
    const snapshot = parseGenerationResponse(fixture("generation-strings"));
    expect(snapshot.state).toBe("completed");
    expect(snapshot.rawState).toBe("Completed");
    expect(snapshot.estimateWaitSeconds).toBe(15);
    expect(snapshot.video).toEqual({ url: `${CDN}/9a3b4c5d/video0.mp4`, width: 1360, height: 752, durationSeconds: 5.04 });
    expect(snapshot.videoCandidates).toEqual([`${CDN}/9a3b4c5d/video0.mp4`, `${CDN}/9a3b4c5d/raw.mp4`, `${CDN}/9a3b4c5d/watermarked_video0.mp4`]);
    expect(snapshot.thumbnail).toEqual({ url: `${CDN}/9a3b4c5d/thumb.jpg`, width: 1360, height: 752 });
    expect(snapshot.lastFrame).toBeNull();
  });

  it("survives missing, null and wrongly typed fields", () => {
    expect(parseGenerationResponse({ id: "x" })).toMatchObject({
      upstreamId: "x",
      state: null,
      rawState: null,
      video: null,
      thumbnail: null,
      estimateWaitSeconds: null,
      createdAt: null,
    });
    const odd = parseGenerationResponse({
      id: 42,
      state: 7,
      video: "not a url",
      video_raw: { url: "javascript:alert(1)" },
      thumbnail: [1, 2],
      last_frame: { url: 5 },
      estimate_wait_seconds: "soon",
      failure_reason: { message: "Frame moderation failed" },
      created_at: 1_729_000_000,
    });
    expect(odd).toMatchObject({
      upstreamId: "42",
      state: null,
      rawState: "7",
      video: null,
      videoCandidates: [],
      thumbnail: null,
      lastFrame: null,
      estimateWaitSeconds: null,
      failureReason: "Frame moderation failed",
      createdAt: "2024-10-15T13:46:40.000Z",
    });
  });

  it("uses the id it was asked about when the body has none", () => {
    expect(parseGenerationResponse({ state: "pending" }, { fallbackId: "asked" }).upstreamId).toBe("asked");
    expect(thrown(() => parseGenerationResponse({ state: "pending" })).kind).toBe("protocol");
    expect(thrown(() => parseGenerationResponse([])).kind).toBe("protocol");
    expect(thrown(() => parseGenerationResponse("<html>")).kind).toBe("protocol");
  });

  it("treats {code: 'fail'} with a not-found message as not_found", () => {
    expect(thrown(() => parseGenerationResponse({ code: "fail", message: "task_not_exist", data: null })).kind).toBe("not_found");
  });
});

describe("gateway envelopes from the profiles", () => {
  it("reads fast-token's new-api task envelope: the task id on create, the inner generation on status", () => {
    const created = parseCreateResponse({ code: "success", message: "", request_id: "r1", data: { task_id: "t-9", task_status: "SUBMITTED" } });
    expect(created).toEqual({ upstreamId: "t-9", snapshot: expect.objectContaining({ state: "queued", rawState: "SUBMITTED" }) });
    const running = parseGenerationResponse({
      code: "success",
      message: "",
      request_id: "r2",
      data: { task_id: "t-9", task_status: "IN_PROGRESS", data: null },
    });
    expect(running).toMatchObject({ upstreamId: "t-9", state: "running", rawState: "IN_PROGRESS" });
    const done = parseGenerationResponse({ code: "success", data: { task_id: "t-9", task_status: "SUCCESS", data: fixture("generation-completed-mid-2024") } });
    expect(done).toMatchObject({ state: "completed", video: { url: expect.stringContaining("r2.cloudflarestorage.com") } });
  });

  it("reads crazyrouter's renamed states", () => {
    expect(parseGenerationResponse({ id: "c1", state: "queued" }).state).toBe("queued");
    expect(parseGenerationResponse({ id: "c1", state: "dreaming" }).state).toBe("running");
  });

  it("reads an openai-hk v2 task with no videos listed yet as asked about, not done", () => {
    const snapshot = parseGenerationResponse({ data: [] }, { fallbackId: "task-1" });
    expect(snapshot).toMatchObject({ upstreamId: "task-1", state: null, video: null });
  });
});

describe("parseDownloadUrlResponse", () => {
  const url = "https://x.r2.cloudflarestorage.com/video0.mp4?X-Amz-Expires=3600";
  it.each([[{ url }], [{ data: { url } }], [{ download_url: url }], [{ code: "success", data: { download_url: url } }]])("finds the link in %j", (json) => {
    expect(parseDownloadUrlResponse(json)).toBe(url);
  });

  it("throws a protocol error when there is no link", () => {
    expect(thrown(() => parseDownloadUrlResponse({ url: "" })).kind).toBe("protocol");
    expect(thrown(() => parseDownloadUrlResponse(null)).kind).toBe("protocol");
  });
});

describe("parseErrorBody", () => {
  const none = new Headers();
  const parse = (status: number, body: unknown, headers: Headers = none) =>
    parseErrorBody(status, typeof body === "string" ? body : JSON.stringify(body), headers);

  it("reads one-api {error: {message, type}} and says the key was rejected (Chinese message kept)", () => {
    const error = parse(401, { error: { message: "无效的令牌 (request id: 20241015085102123456789)", type: "one_api_error" } });
    expect(error).toMatchObject({ kind: "auth", status: 401, mayHaveReachedUpstream: false, retryAfterSeconds: null });
    expect(error.upstreamMessage).toBe("无效的令牌 (request id: 20241015085102123456789)");
    expect(describeLumaError(error)).toMatch(/^The gateway rejected the API key, or its own Luma session is down \(HTTP 401\)\. Check LUMA_API_KEY/);
    expect(error.message).toBe(describeLumaError(error));
  });

  it("reads {detail: '…'}: a gateway whose upstream session died answers 401 Not authenticated", () => {
    const error = parse(401, { detail: "Not authenticated" });
    expect(error).toMatchObject({ kind: "auth", upstreamMessage: "Not authenticated" });
    expect(error.message).toContain("its own Luma session is down");
  });

  it("reads Luma-API {detail: {reason, code}}", () => {
    const error = parse(400, { detail: { reason: "prompt contains blacklisted words", code: "BAD_PROMPT" } });
    expect(error).toMatchObject({ kind: "rejected", upstreamMessage: "prompt contains blacklisted words" });
    expect(error.message).toBe("The gateway rejected the request (HTTP 400): prompt contains blacklisted words");
  });

  it("reads FastAPI 422 {detail: [{loc, msg}]}", () => {
    const error = parse(422, {
      detail: [
        { loc: ["body", "user_prompt"], msg: "field required", type: "value_error.missing" },
        { loc: ["body", "aspect_ratio"], msg: "unexpected value", type: "value_error" },
      ],
    });
    expect(error).toMatchObject({ kind: "rejected", upstreamMessage: "user_prompt: field required; aspect_ratio: unexpected value" });
  });

  it("reads {code, message, data}", () => {
    const error = parse(400, { code: "invalid_request", message: "aspect_ratio must be one of 16:9, 9:16", data: null });
    expect(error).toMatchObject({ kind: "rejected", upstreamMessage: "aspect_ratio must be one of 16:9, 9:16" });
  });

  it("reads {message} on a 5xx and says to try later", () => {
    const error = parse(500, { message: "upstream request failed" });
    expect(error).toMatchObject({ kind: "upstream", upstreamMessage: "upstream request failed", mayHaveReachedUpstream: true });
    expect(error.message).toMatch(/^The gateway or Luma is failing right now \(HTTP 500\)\. Try again in a few minutes\./);
  });

  it("falls back to the code when the message is empty (new-api quota)", () => {
    const error = parse(403, { error: { message: "", type: "new_api_error", code: "insufficient_user_quota" } });
    expect(error.kind).toBe("payment");
    expect(error.message).toMatch(/^The gateway says the key has no balance or quota left/);
  });

  it.each([
    [402, { error: { message: "Payment required" } }, "payment"],
    [403, { error: { message: "该令牌额度已用尽", type: "one_api_error" } }, "payment"],
    [401, { error: { message: "用户余额不足" } }, "payment"],
    [403, { error: { message: "用户已被封禁" } }, "auth"],
    [403, { detail: "Insufficient permissions" }, "auth"],
    [403, { detail: "Your credit balance is too low" }, "payment"],
    [400, { detail: "Insufficient credits to create a generation" }, "payment"],
    [429, { error: { message: "You exceeded your current quota, please check your plan" } }, "payment"],
    [429, { detail: "Maximum usage limit exceeded" }, "rate_limited"],
    [404, { detail: "Generation not found" }, "not_found"],
    [409, { detail: "Generation is not completed yet" }, "rejected"],
    [413, "Request Entity Too Large", "rejected"],
    [503, "upstream connect error or disconnect/reset before headers", "upstream"],
  ])("HTTP %i %j → %s", (status, body, kind) => {
    const error = parse(status, body);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it.each([
    [400, { error: { message: "model is required", type: "invalid_request_error", code: "model_required" } }],
    [400, { error: { message: "unknown model_name: ray-v9 (expected ray-v1 or ray-v2)", type: "invalid_request_error" } }],
    [503, { error: { message: "当前分组 default 下对于模型 ray-v9 无可用渠道 (request id: 2026)", type: "new_api_error" } }],
    [503, { error: { message: "No available channel for model ray-v9 under group default", type: "new_api_error", code: "model_not_found" } }],
    [422, { detail: [{ loc: ["body", "model"], msg: "field required", type: "value_error.missing" }] }],
    [400, { code: "fail", message: "模型不存在", data: null }],
  ])("HTTP %i %j is a refusal about the model", (status, body) => {
    const error = parseErrorBody(status, JSON.stringify(body), new Headers(), { model: "ray-v9" });
    expect(error).toMatchObject({ kind: "model", model: "ray-v9", mayHaveReachedUpstream: false });
    expect(error.message).toBe(
      status === 503
        ? 'The gateway has no channel for the model "ray-v9" right now: pick another model in the form or set LUMA_MODEL, or try again later if this model worked before.'
        : 'The gateway does not accept the model "ray-v9": pick another model in the form, or set LUMA_MODEL to a model name your gateway lists.',
    );
  });

  it.each([
    [400, { detail: "Advanced prompt moderation failed" }, "rejected"],
    [404, { detail: "Generation not found" }, "not_found"],
    [503, { error: { message: "upstream busy, no available worker" } }, "upstream"],
    [500, { error: { message: "model crashed: unknown error" } }, "upstream"],
  ])("HTTP %i %j is not mistaken for a model refusal", (status, body, kind) => {
    expect(parseErrorBody(status, JSON.stringify(body), new Headers()).kind).toBe(kind);
  });

  it("words a refusal from Luma's own API as Luma's, pointing at what to change", () => {
    const key = parseErrorBody(401, '{"detail":"Invalid API key"}', new Headers(), { origin: "luma" });
    expect(key.message).toBe('Luma rejected the API key (HTTP 401). Check LUMA_API_KEY (Luma\'s keys start with luma-api-). Luma said: "Invalid API key"');
    const money = parseErrorBody(402, '{"detail":"Insufficient balance"}', new Headers(), { origin: "luma" });
    expect(money.message).toMatch(/^Luma says the account has no balance left \(HTTP 402\)\. Add funds/);
    const suspended = parseErrorBody(403, '{"detail":"Client deactivated"}', new Headers(), { origin: "luma" });
    expect(suspended.message).toMatch(/^Luma refused this account \(HTTP 403\): it may be suspended or deactivated/);
  });

  it("honours Retry-After in seconds", () => {
    const error = parse(429, { error: { message: "当前分组上游负载已饱和，请稍后再试" } }, new Headers({ "Retry-After": "7" }));
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 7 });
    expect(error.message).toMatch(/^The gateway is rate limiting \(too many requests or jobs in flight\)\. Try again in 7 s\./);
  });

  it("honours Retry-After as an HTTP date", () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    const error = parse(429, { detail: "Too many requests" }, new Headers({ "Retry-After": at }));
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(115);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(120);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT"))).toBe(60);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 08:00:00 GMT"))).toBe(0);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
    expect(parse(429, {}).message).toContain("Try again in a minute.");
  });

  it("takes the first of two JSON bodies written back to back", () => {
    const body = '{"detail":{"reason":"Failed to create generation","code":"CREATE_FAILED"}}{"error":"upstream"}';
    expect(parseErrorBody(500, body, none)).toMatchObject({ kind: "upstream", upstreamMessage: "Failed to create generation" });
    expect(parseErrorBody(400, '{"detail":"a {tricky} \\"one\\""}\n{"detail":"second"}', none).upstreamMessage).toBe('a {tricky} "one"');
  });

  it("reduces a non-JSON HTML 502 to its title", () => {
    const html =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    const error = parseErrorBody(502, html, new Headers({ "Content-Type": "text/html" }));
    expect(error).toMatchObject({ kind: "upstream", status: 502, upstreamMessage: "502 Bad Gateway", mayHaveReachedUpstream: true });
    expect(error.message).toContain("(HTTP 502)");
    const untitled = parseErrorBody(500, "<div><p>Internal&nbsp;error</p>\n<script>var x = 1;</script><p>try again</p></div>", none);
    expect(untitled.upstreamMessage).toBe("Internal error try again");
  });

  it("keeps plain-text bodies, trimmed, and treats a 503 as a refusal", () => {
    // (This used to be one-api's "no available channel for model ray-v2", which is now a refusal about the model.)
    const error = parseErrorBody(503, "   upstream connect error or disconnect/reset before headers\n", none);
    expect(error).toMatchObject({
      kind: "upstream",
      upstreamMessage: "upstream connect error or disconnect/reset before headers",
      mayHaveReachedUpstream: false,
    });
    expect(parseErrorBody(500, "", none).upstreamMessage).toBeNull();
  });

  it("cuts long messages to about 300 characters", () => {
    const error = parse(400, { detail: "word ".repeat(200) });
    expect(error.upstreamMessage?.length).toBeLessThanOrEqual(300);
    expect(error.upstreamMessage?.endsWith("…")).toBe(true);
  });

  it("scrubs key-looking strings out of upstream text", () => {
    const key = "sk-Zq3xW9vB7nM2kL5pR8tY1uI4oP6aS0dF3gH5jK7lQ9wE2rT";
    const error = parse(401, { error: { message: `invalid key ${key} (request id: 2024)`, type: "one_api_error" } });
    for (const text of [error.message, error.upstreamMessage ?? "", String(error), JSON.stringify(error)]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain("Zq3xW9vB7nM2");
    }
    expect(error.upstreamMessage).toBe("invalid key [redacted] (request id: 2024)");
    const bearer = parse(400, { detail: "bad header Authorization: Bearer abc.def-123_XYZ" });
    expect(bearer.upstreamMessage).not.toContain("abc.def-123_XYZ");
  });

  it("scrubs an exact secret it is given, even one that looks like nothing", () => {
    const error = parseErrorBody(401, '{"detail":"no user for plainword-canary"}', none, { secrets: ["plainword-canary"] });
    expect(error.upstreamMessage).toBe("no user for [redacted]");
  });
});

describe("scrubSecrets", () => {
  it.each([
    ["Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "Bearer [redacted]"],
    ["token=0123456789abcdef", "token=[redacted]"],
    ['{"api_key": "hunter22"}', '{"api_key": "[redacted]"}'],
    ["hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 here", "hash [redacted] here"],
    ["luma-7c1f0b2e-0b4d-4a8e-9a64-3c9d2e7b6a10-abcdef", "[redacted]"],
  ])("%s → %s", (input, output) => {
    expect(scrubSecrets(input)).toBe(output);
  });

  it("leaves ordinary text, UUIDs and numeric request ids alone", () => {
    const text = "Generation fc7fb008-7a5e-40ad-a7ff-dbb63db61be8 not found (request id: 20241015085102123456789012345678) 无效的令牌";
    expect(scrubSecrets(text)).toBe(text);
  });
});

describe("describeLumaError", () => {
  it("says where the gateway could not be reached, and whether the request may have arrived", () => {
    const refused = new LumaError({ kind: "network", detail: "ECONNREFUSED", host: "api.example.com", mayHaveReachedUpstream: false });
    expect(describeLumaError(refused)).toBe("Could not reach the gateway at api.example.com (ECONNREFUSED). Check LUMA_BASE_URL and the network connection.");
    const reset = new LumaError({ kind: "network", detail: "ECONNRESET", host: "api.example.com", mayHaveReachedUpstream: true });
    expect(describeLumaError(reset)).toMatch(/broke \(ECONNRESET\) after the request was sent/);
    const timeout = new LumaError({ kind: "timeout", host: "api.example.com", mayHaveReachedUpstream: true });
    expect(describeLumaError(timeout)).toMatch(/^The gateway at api\.example\.com did not answer in time/);
  });

  it("is the error's own message and survives JSON serialisation without the message", () => {
    const error = new LumaError({ kind: "rejected", status: 422, upstreamMessage: "Prompt is too short", mayHaveReachedUpstream: false });
    expect(error.message).toBe("The gateway rejected the request (HTTP 422): Prompt is too short");
    expect(error.name).toBe("LumaError");
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ kind: "rejected", status: 422, mayHaveReachedUpstream: false });
  });
});

describe("parseGenerationResponse on bodies with no generation", () => {
  it("refuses a 2xx that carries only a message, even with a fallback id", () => {
    const error = thrown(() => parseGenerationResponse({ message: "accepted" }, { fallbackId: "g1" }));
    expect(error).toMatchObject({ kind: "protocol", upstreamMessage: "accepted", mayHaveReachedUpstream: true });
  });
});
