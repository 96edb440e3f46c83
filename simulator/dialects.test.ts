import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";

/** The gateway dialects and the request log, over real HTTP. */

const KEY = "sk-dialect-key";
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY, pendingSeconds: 0.1, processingSeconds: 0.15, profile: "yutoai" });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function get(path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as Record<string, unknown>;
}

describe("the request log", () => {
  it("lists what arrived per route, over HTTP too, and forgets it on reset", async () => {
    await post("/luma/generations", { user_prompt: "one", model_name: "ray-v2", unknown_field: 1 });
    await post("/luma/generations", { user_prompt: "two", image_url: `data:image/png;base64,${"A".repeat(10_000)}` });
    const listed = (await (await fetch(`${sim.url}/__sim/requests?route=create&limit=5`)).json()) as {
      requests: Array<{ body: Record<string, unknown>; key: string; path: string }>;
    };
    expect(listed.requests.map((request) => request.body.user_prompt)).toEqual(["one", "two"]);
    expect(listed.requests[0]).toMatchObject({ key: "POST /luma/generations", path: "/luma/generations", body: { unknown_field: 1 } });
    // Inline images are cut, with their length kept.
    expect(listed.requests[1]?.body.image_url).toMatch(/^data:image\/png;base64,A+…\[10022 chars\]$/);
    expect(sim.requests({ route: "POST /luma/generations", limit: 1 })[0]?.body).toMatchObject({ user_prompt: "two" });
    sim.reset();
    expect(sim.requests()).toEqual([]);
  });

  it("records refused requests too: what arrived, whatever the answer", async () => {
    sim.setScenario({ rateLimitNext: 1 });
    expect((await post("/luma/generations", { user_prompt: "limited" })).status).toBe(429);
    expect(sim.requests({ route: "create" }).map((request) => request.body)).toEqual([{ user_prompt: "limited" }]);
  });
});

describe("dialects", () => {
  it("ignores fields the gateway does not know, like `model` where the gateway reads `model_name`", async () => {
    const answer = await post("/luma/generations", { user_prompt: "x", model: "no-such-model", camera_motion: "orbit_left" });
    expect(answer.status).toBe(201);
    const refused = await post("/luma/generations", { user_prompt: "x", model_name: "no-such-model" });
    expect(refused).toMatchObject({
      status: 400,
      json: { error: { code: "model_not_found", message: "unknown model_name: no-such-model (expected ray-v1, ray-v2 or ray-v3)" } },
    });
  });

  it("refuses a value spelled another gateway's way", async () => {
    sim.setScenario({ profile: "crazyrouter" });
    const refused = await post("/luma/generations", { user_prompt: "x", duration: "5s" });
    expect(refused.status).toBe(400);
    expect((refused.json.error as { message: string }).message).toBe('duration must be one of "5", "9" (for example "5"), got "5s"');
    expect((await post("/luma/generations", { user_prompt: "x", duration: "5" })).status).toBe(201);
  });

  it("refuses a loop with an end frame where Luma's Ray 2 API would", async () => {
    const keyframes = { user_prompt: "x", loop: true, image_end_url: "https://example.com/end.jpg" };
    expect((await post("/luma/generations", keyframes)).json).toMatchObject({ error: { message: "Loop is not supported for keyframes" } });
    sim.setScenario({ profile: "openai-hub" });
    expect((await post("/luma/generations", keyframes)).status).toBe(201);
  });

  it("openai-hub insists on a model when told to, in the one-api shape", async () => {
    sim.setScenario({ profile: "openai-hub", requireModel: true });
    expect(await post("/luma/generations", { user_prompt: "x" })).toMatchObject({
      status: 400,
      json: { error: { message: "model is required", type: "invalid_request_error", code: "model_required" } },
    });
    expect(await post("/luma/generations", { user_prompt: "x", model: "ray-v3" })).toMatchObject({ status: 400, json: { error: { code: "model_not_found" } } });
    expect((await post("/luma/generations", { user_prompt: "x", model: "ray-v2" })).status).toBe(201);
  });

  it("fast-token wraps answers in new-api's task envelope", async () => {
    sim.setScenario({ profile: "fast-token" });
    const created = await post("/luma/generations", { user_prompt: "x" });
    expect(created).toMatchObject({
      status: 200,
      json: { code: "success", request_id: expect.any(String), data: { task_id: expect.any(String), task_status: "SUBMITTED" } },
    });
    const id = (created.json.data as { task_id: string }).task_id;
    expect(await get(`/luma/generations/${id}`)).toMatchObject({
      code: "success",
      data: { task_id: id, task_status: expect.stringMatching(/SUBMITTED|IN_PROGRESS|SUCCESS/), data: { id } },
    });
    const tasks = await post("/luma/tasks", { ids: [id, "unknown"] });
    expect(tasks.json).toMatchObject({ code: "success", data: [{ task_id: id, data: { id } }] });
  });

  it("v98store answers the batch query as a bare array; others have no such route", async () => {
    sim.setScenario({ profile: "v98store" });
    const { json } = await post("/luma/generations", { user_prompt: "x" });
    const tasks = await fetch(`${sim.url}/luma/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ ids: [json.id] }),
    });
    expect(await tasks.json()).toEqual([expect.objectContaining({ id: json.id })]);
    sim.setScenario({ profile: "yutoai" });
    expect((await post("/luma/tasks", { ids: [json.id] })).status).toBe(404);
  });

  it("crazyrouter answers with the official state names and calls no one back", async () => {
    sim.setScenario({ profile: "crazyrouter" });
    const created = await post("/luma/generations", { user_prompt: "x", notify_hook: "http://127.0.0.1:9/never" });
    expect(created.json.state).toBe("queued");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await get(`/luma/generations/${String(created.json.id)}`)).state).toBe("completed");
    expect(sim.stats().callbacksSent).toBe(0);
  });

  it("refuses an unknown profile in a scenario patch", async () => {
    const res = await fetch(`${sim.url}/__sim/scenario`, { method: "POST", body: JSON.stringify({ profile: "openai" }) });
    expect(res.status).toBe(400);
  });
});
