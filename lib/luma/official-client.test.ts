import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { isLumaError, type LumaError } from "./errors";
import { createOfficialClient } from "./official-client";
import type { LumaProvider } from "./provider";
import type { UpstreamSnapshot } from "./types";
import type { VideoRequest } from "./video-request";

/** Luma's own API, as the simulator speaks it under /v1: the client end to end over real HTTP. */

const KEY = "luma-api-test-0123456789abcdef";
let sim: RunningSimulator;
let client: LumaProvider;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY, pendingSeconds: 0.15, processingSeconds: 0.25 });
  client = createOfficialClient({ baseUrl: `${sim.url}/v1/`, apiKey: KEY, createTimeoutMs: 5_000, requestTimeoutMs: 5_000 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const base: VideoRequest = { type: "video", prompt: "a paper boat on a rainy street", aspectRatio: "16:9" };

async function failure(promise: Promise<unknown>): Promise<LumaError> {
  try {
    await promise;
  } catch (error) {
    if (isLumaError(error)) return error;
    throw error;
  }
  throw new Error("expected a LumaError");
}

async function finished(id: string): Promise<UpstreamSnapshot> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const snapshot = await client.get(id);
    if (snapshot.state === "completed" || snapshot.state === "failed") return snapshot;
    if (Date.now() > deadline) throw new Error(`still ${snapshot.rawState}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

const lastCreate = () => sim.requests({ route: "create" }).at(-1);

describe("createOfficialClient against the simulator", () => {
  it("POSTs /v1/generations with ray-3.2 and polls GET /v1/generations/{id} to a presigned video", async () => {
    const created = await client.create({ ...base, resolution: "1080p", duration: "10s" });
    expect(lastCreate()).toMatchObject({
      key: "POST /v1/generations",
      body: { model: "ray-3.2", type: "video", prompt: base.prompt, aspect_ratio: "16:9", video: { resolution: "1080p", duration: "10s" } },
    });
    expect(created.snapshot).toMatchObject({ state: "queued", rawState: "queued" });
    const done = await finished(created.upstreamId);
    expect(done).toMatchObject({ upstreamId: created.upstreamId, state: "completed", failureCode: null });
    expect((await fetch(done.video?.url ?? "")).status).toBe(200);
    expect(sim.requests({ route: "get" }).at(-1)?.path).toBe(`/v1/generations/${created.upstreamId}`);
  });

  it("gets a freshly signed link from a new status answer (there is no download route)", async () => {
    const { upstreamId } = await client.create(base);
    expect(await failure(client.downloadVideoUrl(upstreamId))).toMatchObject({ kind: "protocol", mayHaveReachedUpstream: false });
    await finished(upstreamId);
    await expect(client.downloadVideoUrl(upstreamId)).resolves.toContain("X-Amz-Signature=");
  });

  it("extends forward and backward, bridges, edits and reframes by generation id", async () => {
    const first = (await client.create(base)).upstreamId;
    const second = (await client.create({ ...base, aspectRatio: "9:16" })).upstreamId;
    await finished(first);
    await finished(second);

    const forward = await client.create({ ...base, startFrame: { kind: "generation", upstreamId: first } });
    expect(lastCreate()?.body).toMatchObject({ video: { start_frame: { generation_id: first } } });
    const backward = await client.create({ ...base, endFrame: { kind: "generation", upstreamId: first } });
    expect(lastCreate()?.body).toMatchObject({ video: { end_frame: { generation_id: first } } });
    const bridge = await client.create({
      ...base,
      startFrame: { kind: "generation", upstreamId: first },
      endFrame: { kind: "generation", upstreamId: second },
    });
    const edit = await client.create({ ...base, type: "video_edit", source: { kind: "generation", upstreamId: first }, editStrength: "flex_1" });
    expect(lastCreate()?.body).toMatchObject({ type: "video_edit", source: { generation_id: first }, video: { edit: { strength: "flex_1" } } });
    const reframe = await client.create({ ...base, type: "video_reframe", aspectRatio: "9:16", source: { kind: "generation", upstreamId: first } });
    for (const { upstreamId } of [forward, backward, bridge, edit, reframe]) expect((await finished(upstreamId)).state).toBe("completed");
  });

  it("reports the failure code with the reason", async () => {
    sim.setScenario({ failWithCode: "generation_failed" });
    const { upstreamId } = await client.create(base);
    expect(await finished(upstreamId)).toMatchObject({ state: "failed", failureCode: "generation_failed", failureReason: expect.any(String) });
  });

  it("refuses before sending what Ray 3.2 would refuse", async () => {
    const error = await failure(client.create({ ...base, duration: "10s", startFrame: { kind: "image", url: "https://example.com/a.jpg" } }));
    expect(error).toMatchObject({ kind: "unsupported", origin: "luma", mayHaveReachedUpstream: false });
    expect(error.issues[0]).toMatchObject({ field: "duration" });
    expect(error.message).toBe("This request was not sent because Luma cannot do it: 10 s clips are made from text only: remove the frames, or choose 5 s.");
    expect(sim.requests({ route: "create" })).toHaveLength(0);
  });
});

describe("refusals, worded as Luma's", () => {
  it.each([
    [{ unauthorizedAfter: 0 }, "auth", 401, /^Luma rejected the API key \(HTTP 401\)/],
    [{ insufficientBalance: true }, "payment", 402, /^Luma says the account has no balance left/],
    [{ rateLimitNext: 1, retryAfterSeconds: 9 }, "rate_limited", 429, /^Luma is rate limiting .* Try again in 9 s\./],
  ] as const)("scenario %j → %s", async (scenario, kind, status, wording) => {
    sim.setScenario(scenario);
    const error = await failure(client.create(base));
    expect(error).toMatchObject({ kind, status, mayHaveReachedUpstream: false });
    expect(error.message).toMatch(wording);
  });

  it.each([
    [403, '{"detail":"Client suspended"}', "auth", false],
    [413, '{"detail":"Input media exceeds size limit"}', "rejected", false],
    [422, '{"detail":"loop is not supported with end_frame"}', "rejected", false],
    // Luma's own 502 ("retry with backoff"): nothing was made.
    [502, '{"detail":"Upstream service unavailable"}', "upstream", false],
    // A 502 page from something in front of Luma: it may have forwarded the create.
    [502, "<html><title>502 Bad Gateway</title></html>", "upstream", true],
    [503, '{"detail":"Image ingestion unavailable"}', "upstream", false],
  ] as const)("HTTP %i %s → %s, may have reached Luma: %s", async (status, body, kind, mayHaveReachedUpstream) => {
    sim.setScenario({ respondNext: [{ route: "create", status, body }] });
    const error = await failure(client.create(base));
    expect(error).toMatchObject({ kind, status, mayHaveReachedUpstream, origin: "luma" });
  });

  it("a status check of an unknown id is not_found", async () => {
    expect(await failure(client.get("00000000-0000-0000-0000-000000000000"))).toMatchObject({ kind: "not_found", status: 404 });
  });
});

describe("checkKey", () => {
  it("resolves for a key Luma accepts, without making or touching a job", async () => {
    await expect(client.checkKey()).resolves.toBeUndefined();
    expect(sim.requests()).toEqual([expect.objectContaining({ route: "get" })]);
    expect(sim.stats().creates).toBe(0);
  });

  it("throws what to change for a key Luma refuses", async () => {
    sim.setScenario({ unauthorizedAfter: 0 });
    expect(await failure(client.checkKey())).toMatchObject({ kind: "auth", message: expect.stringMatching(/^Luma rejected the API key/) });
  });
});
