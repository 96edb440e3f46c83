import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

// One test per row of luma-api.md §4, driven through the routes against the simulator's scenarios.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      // Three polls without a URL (at 1.5 × the harness's 250 ms interval) fit in it with room for a loaded machine.
      COMPLETED_WITHOUT_URL_GRACE_SECONDS: "4",
      UNKNOWN_OUTCOME_GRACE_MINUTES: "0.02",
      LUMA_CREATE_TIMEOUT_MS: "800",
    },
  });
});
afterAll(() => h.close());
beforeEach(() => h.sim.reset());

const base = { aspectRatio: "16:9", expandPrompt: true, loop: false };
const create = async (prompt: string, headers?: Record<string, string>) => {
  const response = await h.create({ ...base, prompt }, headers);
  return { status: response.status, body: await response.json() };
};

describe("§4 what goes wrong in real use", () => {
  it("a 201 that fails minutes later is tracked to failed with the upstream's reason, never retried", async () => {
    const { status, body } = await create("fox [sim:moderation]");
    expect(status).toBe(201);
    const failed = await h.waitFor(body.id, (g) => g.state === "failed");
    expect(failed.failureReason).toBe("Advanced prompt moderation failed");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(h.sim.stats().creates).toBe(1);
    expect((await (await h.get(body.id)).json()).state).toBe("failed");
  });

  it("completed without a URL keeps polling through the grace period and then completes", async () => {
    const { body } = await create("late url [sim:nourl=3]");
    const done = await h.waitFor(body.id, (g) => g.state === "completed");
    expect(done.videoUrl).toEqual(expect.any(String));
  });

  it("completed without a URL past the grace period is failed with a clear reason", async () => {
    const { body } = await create("never a url [sim:nourl=1000]");
    const failed = await h.waitFor(body.id, (g) => g.state === "failed", 20_000);
    expect(failed.failureReason).toMatch(/never provided a video/);
  });

  it("a gateway 401 pauses status checks instead of hammering, and says why", async () => {
    const { body } = await create("auth dies later");
    h.sim.setScenario({ unauthorizedAfter: 0 });
    const { getUpstreamStatus } = await import("@/lib/luma/upstream-health");
    const deadline = Date.now() + 10_000;
    while (getUpstreamStatus().health !== "auth_failed" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(getUpstreamStatus().health).toBe("auth_failed");
    expect(getUpstreamStatus().message).toMatch(/key/i);
    const requests = h.sim.stats().requests;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(h.sim.stats().requests - requests).toBe(0);
    // A person's re-check is the probe: once the key works again, everything resumes.
    h.sim.reset();
    await h.refresh(body.id);
    expect(getUpstreamStatus().health).toBe("ok");
    await h.waitFor(body.id, (g) => g.state === "completed");
  });

  it("429 with Retry-After pauses every check until it passes", async () => {
    const { body } = await create("rate limited while polling");
    h.sim.setScenario({ rateLimitNext: 1, retryAfterSeconds: 2 });
    const start = Date.now();
    await h.waitFor(body.id, (g) => g.state === "completed");
    const elapsed = Date.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(1500);
  });

  it("non-JSON 500s on status checks are retried with backoff", async () => {
    const { body } = await create("flaky gateway");
    h.sim.setScenario({ serverErrorNext: 2 });
    await h.waitFor(body.id, (g) => g.state === "completed", 30_000);
  });

  it("a create whose answer is lost (connection reset) is settled at once without callbacks, and never re-sent", async () => {
    h.sim.setScenario({ createResetConnection: true });
    const { status, body } = await create("lost answer", { "idempotency-key": "lost-answer-0001" });
    expect(status).toBe(202);
    // No PUBLIC_BASE_URL: nothing can reveal the job, so the answer says so at once instead of spinning.
    expect(body).toMatchObject({ state: "failed", failureCode: "outcome_unknown" });
    expect(body.failureReason).toMatch(/connection broke/);
    h.sim.reset();
    const again = await create("lost answer", { "idempotency-key": "lost-answer-0001" });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(body.id);
    expect(h.sim.stats().creates).toBe(0);
  });

  it("a create that times out is settled as not confirmed, naming the wait", async () => {
    h.sim.setScenario({ createHang: true });
    const { status, body } = await create("hanging create");
    expect(status).toBe(202);
    expect(body).toMatchObject({ state: "failed", failureCode: "outcome_unknown" });
    expect(body.failureReason).toBe("no answer within 1 s");
  });
});

describe("archive", () => {
  it("serves the archived video with Content-Type, Accept-Ranges and 206 partial answers", async () => {
    const { body } = await create("archive me");
    await h.waitFor(body.id, (g) => g.isArchived === true);
    const full = await h.media(body.id, "video");
    expect(full.status).toBe(200);
    expect(full.headers.get("content-type")).toBe("video/mp4");
    expect(full.headers.get("accept-ranges")).toBe("bytes");
    const bytes = new Uint8Array(await full.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(4, 8))).toBe("ftyp");

    const part = await h.media(body.id, "video", { range: "bytes=0-99" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-99/${bytes.length}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);

    const thumb = await h.media(body.id, "thumbnail");
    expect(thumb.headers.get("content-type")).toBe("image/jpeg");
    expect((await h.media(body.id, "nonsense")).status).toBe(400);
  });
});
