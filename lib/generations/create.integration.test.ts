import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

// Route → database → simulator over real HTTP. One harness per file; scenarios reset between tests.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sim.reset());

const valid = { prompt: "a red fox running through snow", aspectRatio: "9:16", expandPrompt: false, loop: true };

describe("POST /api/generations", () => {
  it("creates, tracks to completion and archives a generation", async () => {
    const response = await h.create(valid, { "idempotency-key": "key-happy-path-0001" });
    expect(response.status).toBe(201);
    const created = await response.json();
    // openai-hub (the default profile) marks `model` required: the model sent, ray-v2 by default, is recorded.
    expect(created).toMatchObject({
      prompt: valid.prompt,
      aspectRatio: "9:16",
      expandPrompt: false,
      loop: true,
      imageUrl: null,
      model: "ray-v2",
      resolution: null,
      duration: null,
      kind: "video",
      provider: "platform",
    });
    expect(["queued", "running"]).toContain(created.state);
    expect(created.upstreamId).toEqual(expect.any(String));
    expect(h.sim.stats().creates).toBe(1);

    const done = await h.waitFor(created.id, (g) => g.state === "completed" && g.isArchived === true);
    expect(done).toMatchObject({ width: 752, height: 1360, failureReason: null });
    expect(done.videoUrl).toBe(`/api/generations/${created.id}/media/video`);
    expect(done.completedAt).toEqual(expect.any(String));
  });

  it("rejects invalid input with field errors, no row and no upstream call", async () => {
    const before = await (await h.list()).json();
    const cases: Array<[unknown, Record<string, string>?]> = [
      [{ prompt: "", aspectRatio: "16:9" }],
      [{ prompt: "x", aspectRatio: "2:1" }],
      [{ prompt: "x", imageUrl: "javascript:alert(1)" }],
      [{ prompt: "x", unexpected: true }],
      [{ prompt: "x".repeat(5001) }],
      ["{not json"],
    ];
    for (const [body] of cases) {
      const response = await h.create(body);
      expect(response.status).toBe(400);
      const payload = await response.json();
      expect(payload.error.code).toMatch(/validation_failed|bad_request/);
      expect(payload.error.message.length).toBeGreaterThan(10);
    }
    const badField = await (await h.create({ prompt: "x", aspectRatio: "2:1" })).json();
    expect(badField.error.fieldErrors.aspectRatio[0]).toMatch(/expected one of/i);

    const wrongType = await h.create(valid, { "content-type": "text/plain" });
    expect(wrongType.status).toBe(415);
    expect(h.sim.stats().creates).toBe(0);
    const after = await (await h.list()).json();
    expect(after.items.length).toBe(before.items.length);
  });

  it.each([
    ["200", 201],
    ["array", 201],
    ["task_id", 201],
  ] as const)("accepts a create answered as %s", async (createResponse, status) => {
    h.sim.setScenario({ createResponse });
    const response = await h.create({ ...valid, prompt: `variant ${createResponse}` });
    expect(response.status).toBe(status);
    const created = await response.json();
    await h.waitFor(created.id, (g) => g.state === "completed");
  });
});

describe("upstream refusals become messages a person can act on, and leave nothing behind", () => {
  it.each([
    [{ unauthorizedAfter: 0 }, 502, "upstream_auth", /key/i],
    [{ insufficientBalance: true }, 402, "upstream_payment", /balance|quota|credit/i],
    [{ rateLimitNext: 1, retryAfterSeconds: 7 }, 429, "upstream_rate_limited", /rate|too many/i],
  ] as const)("scenario %j → %i %s", async (scenario, status, code, wording) => {
    const rowsBefore = (await (await h.list("?limit=100")).json()).items.length;
    h.sim.setScenario(scenario);
    const response = await h.create({ ...valid, prompt: `refused ${code}` }, { "idempotency-key": `refused-${code}` });
    expect(response.status).toBe(status);
    const payload = await response.json();
    expect(payload.error.code).toBe(code);
    expect(payload.error.message).toMatch(wording);
    if (status === 429) expect(response.headers.get("retry-after")).toBe("7");
    expect(JSON.stringify(payload)).not.toContain("sk-test-canary");
    expect((await (await h.list("?limit=100")).json()).items.length).toBe(rowsBefore);
    h.sim.reset();
    // The key was released: the same request can now go through.
    const retried = await h.create({ ...valid, prompt: `refused ${code}` }, { "idempotency-key": `refused-${code}` });
    expect(retried.status).toBe(201);
  });
});

it("a 500 on create is ambiguous (a proxy may have forwarded it): settled at once as not confirmed, never re-sent", async () => {
  h.sim.setScenario({ serverErrorNext: 1 });
  const response = await h.create({ ...valid, prompt: "ambiguous 500" }, { "idempotency-key": "ambiguous-500-key" });
  expect(response.status).toBe(202);
  // No PUBLIC_BASE_URL here: no callback can ever reveal the job, so nothing is left spinning.
  const body = await response.json();
  expect(body).toMatchObject({ state: "failed", failureCode: "outcome_unknown" });
  expect(body.failureReason).toMatch(/HTTP 500/);
  const again = await h.create({ ...valid, prompt: "ambiguous 500" }, { "idempotency-key": "ambiguous-500-key" });
  expect(again.status).toBe(202);
  expect((await again.json()).id).toBe(body.id);
  expect(h.sim.stats().creates).toBe(0);
});

describe("idempotency", () => {
  it("20 concurrent POSTs with one key make one upstream create and answer one generation", async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => h.create({ ...valid, prompt: "concurrent" }, { "idempotency-key": "same-key-for-twenty" })),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(h.sim.stats().creates).toBe(1);
    // A client retrying after its own timeout gets the same generation too.
    const later = await h.create({ ...valid, prompt: "concurrent" }, { "idempotency-key": "same-key-for-twenty" });
    expect((await later.json()).id).toBe(bodies[0].id);
    expect(later.headers.get("idempotent-replayed")).toBe("true");
    expect(h.sim.stats().creates).toBe(1);
  });

  it("the same key with different options is refused with 422", async () => {
    await h.create({ ...valid, prompt: "first body" }, { "idempotency-key": "reused-key-0001" });
    const response = await h.create({ ...valid, prompt: "second body" }, { "idempotency-key": "reused-key-0001" });
    expect(response.status).toBe(422);
    expect(h.sim.stats().creates).toBe(1);
  });
});

describe("GET /api/generations", () => {
  it("lists newest first with a cursor and a state filter", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await (await h.create({ ...valid, prompt: `page ${i}` })).json()).id);
    const first = await (await h.list("?limit=2")).json();
    expect(first.items.map((g: { id: string }) => g.id)).toEqual([ids[4], ids[3]]);
    const second = await (await h.list(`?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((g: { id: string }) => g.id)).toEqual([ids[2], ids[1]]);
    const failed = (await (await h.create({ ...valid, prompt: "to fail [sim:moderation]" })).json()).id;
    await h.waitFor(failed, (g) => g.state === "failed");
    const failedOnly = await (await h.list("?state=failed")).json();
    expect(failedOnly.items.map((g: { id: string }) => g.id)).toContain(failed);
    expect(failedOnly.items.map((g: { state: string }) => g.state)).toEqual(failedOnly.items.map(() => "failed"));
    expect((await h.list("?state=nonsense")).status).toBe(400);
    expect((await h.list("?cursor=garbage")).status).toBe(400);
    expect((await h.list("?limit=1000")).status).toBe(400);
  });

  it("reading the list many times makes no upstream status call", async () => {
    const before = h.sim.stats().gets;
    await Promise.all(Array.from({ length: 50 }, () => h.list()));
    // Only the reconciler asks the upstream; fifty readers (tabs) add nothing.
    expect(h.sim.stats().gets - before).toBeLessThan(5);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    expect((await h.get("00000000-0000-0000-0000-000000000000")).status).toBe(404);
    expect((await h.get("../../etc")).status).toBe(400);
  });
});
