import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";

/** Luma's own API as the simulator speaks it under /v1: same clock, clips and knobs as the gateway routes. */

const KEY = "luma-api-sim-key";
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY, pendingSeconds: 0.1, processingSeconds: 0.15 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

type Answer = { status: number; headers: Headers; json: Record<string, unknown> };

async function create(body: unknown, key = KEY): Promise<Answer> {
  const res = await fetch(`${sim.url}/v1/generations`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

async function generation(id: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${sim.url}/v1/generations/${id}`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as Record<string, unknown>;
}

async function settled(id: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const current = await generation(id);
    if (current.state === "completed" || current.state === "failed") return current;
    if (Date.now() > deadline) throw new Error(`still ${String(current.state)}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

const video = { model: "ray-3.2", type: "video", prompt: "a paper boat" };

describe("Luma's API format", () => {
  it("answers 201 with a queued Generation and a request id, then completes with a presigned output", async () => {
    const created = await create({ ...video, aspect_ratio: "9:16", video: { resolution: "720p", duration: "5s" }, web_search: false });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-request-id")).toEqual(expect.any(String));
    expect(created.json).toEqual({
      id: expect.any(String),
      created_at: expect.any(String),
      model: "ray-3.2",
      type: "video",
      state: "queued",
      failure_code: null,
      failure_reason: null,
      output: [],
    });
    const done = await settled(String(created.json.id));
    expect(done).toMatchObject({ state: "completed", output: [{ type: "video", url: expect.stringContaining("X-Amz-Expires=3600") }] });
    const clip = await fetch((done.output as Array<{ url: string }>)[0]?.url ?? "");
    expect(clip.headers.get("content-type")).toBe("video/mp4");
  });

  it("fails with failure_code and failure_reason, from the scenario or a prompt tag", async () => {
    sim.setScenario({ failWithReason: "Advanced prompt moderation failed" });
    expect(await settled(String((await create(video)).json.id))).toMatchObject({
      state: "failed",
      failure_code: "content_moderated",
      failure_reason: "Advanced prompt moderation failed",
      output: [],
    });
    sim.setScenario({ failWithReason: null, failWithCode: "output_not_found" });
    expect(await settled(String((await create(video)).json.id))).toMatchObject({
      failure_code: "output_not_found",
      failure_reason: "Generation failed (output_not_found)",
    });
    sim.reset();
    expect(await settled(String((await create({ ...video, prompt: "x [sim:code=generation_failed]" })).json.id))).toMatchObject({
      failure_code: "generation_failed",
    });
  });

  it.each([
    [{ ...video, prompt: "" }, 400, /prompt is required/],
    [{ ...video, model: undefined }, 400, /use ray-3.2/],
    [{ ...video, type: undefined }, 400, /not a video type/],
    [{ ...video, aspect_ratio: "9:21" }, 400, /aspect_ratio/],
    [{ ...video, video: { duration: "9s" } }, 400, /video.duration/],
    [{ ...video, video: { start_frame: { url: "https://e.com/a.jpg", data: "AAAA" } } }, 400, /exactly one of/],
    [{ ...video, video: { start_frame: { data: "AAAA" } } }, 400, /media_type is required/],
    [{ ...video, video: { duration: "10s", start_frame: { url: "https://e.com/a.jpg" } } }, 422, /text-to-video only/],
    [{ ...video, video: { loop: true, duration: "10s" } }, 422, /loop/],
    [{ ...video, video: { loop: true, hdr: true } }, 422, /loop is not supported with hdr/],
    [{ ...video, video: { loop: true, end_frame: { url: "https://e.com/a.jpg" } } }, 422, /end_frame/],
    [{ ...video, video: { hdr: true, resolution: "540p" } }, 422, /720p or 1080p/],
    [{ ...video, video: { exr_export: true } }, 422, /requires hdr/],
    [{ ...video, type: "video_edit" }, 400, /source is required/],
    [{ ...video, type: "video_reframe", source: { url: "https://e.com/v.mp4" } }, 400, /media_type \(video\/\*\)/],
    [{ ...video, video: { start_frame: { generation_id: "00000000-0000-0000-0000-000000000000" } } }, 422, /does not name a generation/],
  ])("%j → %i", async (body, status, detail) => {
    const answer = await create(body);
    expect(answer.status).toBe(status);
    expect(answer.json.detail).toMatch(detail);
  });

  it("chains from a completed generation only, and keeps the source's shape when extending or editing", async () => {
    const first = String((await create({ ...video, aspect_ratio: "9:16" })).json.id);
    expect((await create({ ...video, video: { start_frame: { generation_id: first } } })).json.detail).toMatch(/must be a completed generation/);
    await settled(first);
    const extended = await create({ ...video, video: { start_frame: { generation_id: first } } });
    expect(extended.status).toBe(201);
    const reframed = await create({ ...video, type: "video_reframe", aspect_ratio: "1:1", source: { generation_id: first }, video: { hdr: true } });
    expect(reframed).toMatchObject({ status: 422, json: { detail: "hdr is not supported for video_reframe" } });
    const edited = await create({ ...video, type: "video_edit", source: { generation_id: first }, video: { edit: { strength: "adhere_3" } } });
    expect(edited.json).toMatchObject({ type: "video_edit", state: "queued" });
    const done = await settled(String(edited.json.id));
    const clip = await fetch((done.output as Array<{ url: string }>)[0]?.url ?? "");
    // The 9:16 asset: an edit keeps its source's aspect ratio.
    expect(Number(clip.headers.get("content-length"))).toBe(Number((await fetch(`${sim.url}/media/${first}/raw.mp4`)).headers.get("content-length")));
  });

  it("answers faults in Luma's shape: detail, 401, 402, 429 with Retry-After, 404", async () => {
    expect(await create(video, "luma-api-wrong")).toMatchObject({ status: 401, json: { detail: "Invalid API key" } });
    sim.setScenario({ insufficientBalance: true });
    expect(await create(video)).toMatchObject({ status: 402, json: { detail: expect.stringMatching(/Insufficient balance/) } });
    sim.setScenario({ insufficientBalance: false, rateLimitNext: 1, retryAfterSeconds: 4 });
    const limited = await create(video);
    expect(limited).toMatchObject({ status: 429, json: { detail: expect.stringMatching(/Rate limit/) } });
    expect(limited.headers.get("retry-after")).toBe("4");
    expect(await generation("nope")).toEqual({ detail: "Generation not found" });
  });

  it("keeps the two formats' jobs apart: a gateway id is unknown to Luma's API and back", async () => {
    const official = String((await create(video)).json.id);
    const gateway = await fetch(`${sim.url}/luma/generations/${official}`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(gateway.status).toBe(404);
  });

  it("answers scripted responses on its routes too", async () => {
    sim.setScenario({ respondNext: [{ route: "create", status: 503, body: '{"detail":"Image ingestion unavailable"}' }] });
    expect(await create(video)).toMatchObject({ status: 503, json: { detail: "Image ingestion unavailable" } });
    expect(sim.stats().creates).toBe(0);
  });
});
