import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator, type SimulatorProfile } from "@/simulator/server";
import { isLumaError, type LumaError } from "./errors";
import { createPlatformClient } from "./platform-client";
import { buildCustomProfile, GATEWAY_PROFILES, type GatewayProfile, type GatewayRoute } from "./profiles";
import type { LumaProvider } from "./provider";
import type { UpstreamSnapshot } from "./types";
import type { VideoRequest } from "./video-request";

/**
 * A person's choices must reach each gateway under that gateway's field names and spellings: a gateway ignores
 * fields it does not know, so a wrong name is a silent wrong result. The expected bodies below are written from
 * the gateways' documentation (luma-api.md §5.1), not derived from lib/luma/profiles.ts, and the simulator
 * speaking each dialect records what arrived.
 */

const KEY = "sk-wire-test-0123456789";
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY, pendingSeconds: 0.15, processingSeconds: 0.25 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function clientFor(profile: GatewayProfile, options: { route?: GatewayRoute; model?: string } = {}): LumaProvider {
  return createPlatformClient({
    baseUrl: sim.url,
    apiKey: KEY,
    profile,
    route: options.route,
    model: options.model,
    createTimeoutMs: 5_000,
    requestTimeoutMs: 5_000,
  });
}

const base: VideoRequest = { type: "video", prompt: "a lighthouse at dusk", aspectRatio: "9:16", expandPrompt: false };

function lastBody(route = "create"): Record<string, unknown> {
  const recorded = sim.requests({ route }).at(-1);
  if (!recorded) throw new Error(`nothing arrived on ${route}`);
  return recorded.body as Record<string, unknown>;
}

async function untilDone(client: LumaProvider, id: string): Promise<{ seen: UpstreamSnapshot[]; done: UpstreamSnapshot }> {
  const seen: UpstreamSnapshot[] = [];
  const deadline = Date.now() + 5_000;
  for (;;) {
    const snapshot = await client.get(id);
    seen.push(snapshot);
    if (snapshot.state === "completed" || snapshot.state === "failed") return { seen, done: snapshot };
    if (Date.now() > deadline) throw new Error(`still ${snapshot.rawState}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

/** What the app keeps of a finished clip, whatever the dialect: the same for every gateway. */
const essentials = (snapshot: UpstreamSnapshot) => ({
  state: snapshot.state,
  hasVideo: snapshot.video !== null,
  width: snapshot.video?.width,
  height: snapshot.video?.height,
  hasThumbnail: snapshot.thumbnail !== null,
  hasLastFrame: snapshot.lastFrame !== null,
  failureReason: snapshot.failureReason,
});

type WireCase = {
  profile: SimulatorProfile;
  chosen: Pick<VideoRequest, "model" | "resolution" | "duration">;
  expected: Record<string, unknown>;
  /** Fields that must not be sent: another dialect's spelling, or what the gateway does not document. */
  absent: string[];
  /** What is sent when the person chooses nothing. */
  defaults: Record<string, unknown>;
  /** The state words seen while the clip is made. */
  states: string[];
};

const CASES: WireCase[] = [
  {
    profile: "openai-hub",
    chosen: { model: "ray-v1" },
    expected: { model: "ray-v1", aspect_ratio: "9:16", expand_prompt: false, loop: false },
    absent: ["model_name", "resolution", "duration"],
    defaults: { model: "ray-v2" },
    states: ["pending", "processing", "completed"],
  },
  {
    profile: "openai-hk",
    chosen: { model: "ray-v1", resolution: "720p", duration: "5s" },
    expected: { model_name: "ray-v1", resolution: "720p", duration: "5s" },
    absent: ["model"],
    defaults: { model_name: "ray-v2", resolution: "720p", duration: "5s" },
    states: ["pending", "processing", "completed"],
  },
  {
    profile: "yutoai",
    chosen: { model: "ray-v3", resolution: "1080p", duration: "9s" },
    expected: { model_name: "ray-v3", resolution: "1080p", duration: "9s" },
    absent: ["model"],
    defaults: { model_name: "ray-v2", resolution: "720p", duration: "5s" },
    states: ["pending", "processing", "completed"],
  },
  {
    profile: "fast-token",
    chosen: { model: "ray-v1", resolution: "1080p", duration: "5s" },
    expected: { model_name: "ray-v1", resolution: "1080p", duration: "5s" },
    absent: ["model"],
    defaults: { model_name: "ray-v2", resolution: "720p", duration: "5s" },
    states: ["pending", "processing", "completed"],
  },
  {
    profile: "crazyrouter",
    chosen: { model: "ray-v1", resolution: "540p", duration: "5s" },
    // Seconds without the unit; no loop (undocumented there).
    expected: { model_name: "ray-v1", resolution: "540p", duration: "5" },
    absent: ["model", "loop"],
    defaults: { model_name: "ray-v2", resolution: "720p", duration: "5" },
    states: ["queued", "dreaming", "completed"],
  },
  {
    profile: "v98store",
    chosen: { model: "ray-v2", resolution: "720p", duration: "5s" },
    expected: { model_name: "ray-v2", resolution: "720p", duration: "5s" },
    absent: ["model"],
    defaults: { model_name: "ray-v2", resolution: "720p", duration: "5s" },
    states: ["pending", "processing", "completed"],
  },
];

describe.each(CASES)("$profile", ({ profile, chosen, expected, absent, defaults, states }) => {
  const gateway = GATEWAY_PROFILES[profile];

  it("sends the chosen model, resolution and duration under the gateway's names and spellings", async () => {
    sim.setScenario({ profile });
    const created = await clientFor(gateway).create({ ...base, ...chosen });
    const body = lastBody();
    expect(body).toMatchObject({ user_prompt: base.prompt, ...expected });
    for (const field of absent) expect(body).not.toHaveProperty(field);
    expect(created.upstreamId).toEqual(expect.any(String));
  });

  it("sends the profile's defaults when nothing is chosen, so the card shows what was asked for", async () => {
    sim.setScenario({ profile });
    await clientFor(gateway).create(base);
    expect(lastBody()).toMatchObject(defaults);
  });

  it("reads its answers, wrapped or not, into the same snapshot as every other gateway", async () => {
    sim.setScenario({ profile });
    const client = clientFor(gateway);
    const { upstreamId } = await client.create({ ...base, ...chosen });
    const { seen, done } = await untilDone(client, upstreamId);
    expect(done.upstreamId).toBe(upstreamId);
    expect(essentials(done)).toEqual({
      state: "completed",
      hasVideo: true,
      width: 752,
      height: 1360,
      hasThumbnail: true,
      hasLastFrame: true,
      failureReason: null,
    });
    const words = [...new Set(seen.map((snapshot) => snapshot.rawState))];
    expect(states).toEqual(expect.arrayContaining(words.filter((word): word is string => word !== null)));
    expect(seen.every((snapshot) => snapshot.state !== null)).toBe(true);
    // Watermark-free first, and a link the archiver can fetch.
    expect(done.video?.url).toContain("X-Amz-Signature=");
    expect((await fetch(done.video?.url ?? "")).status).toBe(200);
  });

  it("reads a failure the same way", async () => {
    sim.setScenario({ profile, failWithReason: "Advanced prompt moderation failed" });
    const client = clientFor(gateway);
    const { upstreamId } = await client.create(base);
    const { done } = await untilDone(client, upstreamId);
    expect(essentials(done)).toMatchObject({ state: "failed", hasVideo: false, failureReason: "Advanced prompt moderation failed" });
  });
});

describe("routes", () => {
  it("openai-hk /pro: creates and extends under /pro, reads status on the plain route", async () => {
    sim.setScenario({ profile: "openai-hk" });
    const client = clientFor(GATEWAY_PROFILES["openai-hk"], { route: "pro" });
    const { upstreamId } = await client.create(base);
    expect(sim.requests({ route: "create" }).at(-1)?.path).toBe("/pro/luma/generations");
    await untilDone(client, upstreamId);
    expect(sim.requests({ route: "get" }).at(-1)?.path).toBe(`/luma/generations/${upstreamId}`);
    await client.create({ ...base, startFrame: { kind: "generation", upstreamId } });
    expect(sim.requests({ route: "extend" }).at(-1)?.path).toBe(`/pro/luma/generations/${upstreamId}/extend`);
  });

  it("openai-hk v2: a task id, then a task answered as two videos, keyed by the task id", async () => {
    sim.setScenario({ profile: "openai-hk" });
    const client = clientFor(GATEWAY_PROFILES["openai-hk"], { route: "v2" });
    const created = await client.create({ ...base, model: "ray-v2" });
    expect(sim.requests({ route: "create" }).at(-1)).toMatchObject({ path: "/luma/v2/generations", body: { model_name: "ray-v2" } });
    expect(created.snapshot).toBeNull();
    const { done } = await untilDone(client, created.upstreamId);
    expect(done).toMatchObject({ upstreamId: created.upstreamId, state: "completed" });
    expect((done.raw as { data: unknown[] }).data).toHaveLength(2);
  });

  it("a route the gateway does not have answers 404, and the profile never uses it", async () => {
    sim.setScenario({ profile: "crazyrouter" });
    const pro = await fetch(`${sim.url}/pro/luma/generations`, { method: "POST", headers: { authorization: `Bearer ${KEY}` }, body: "{}" });
    expect(pro.status).toBe(404);
  });
});

async function refusal(promise: Promise<unknown>): Promise<LumaError> {
  try {
    await promise;
  } catch (error) {
    if (isLumaError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("a gateway that insists on a model", () => {
  it("refuses a create without one, and the message says where to choose one", async () => {
    sim.setScenario({ profile: "openai-hub", requireModel: true });
    const noDefault = buildCustomProfile({});
    if (!noDefault.ok) throw new Error(noDefault.message);
    const error = await refusal(clientFor(noDefault.profile).create(base));
    expect(lastBody()).not.toHaveProperty("model");
    expect(error).toMatchObject({ kind: "model", status: 400, model: null, mayHaveReachedUpstream: false });
    expect(error.message).toBe(
      "The gateway needs a model and none was sent: pick one in the form, or set LUMA_MODEL to a model name your gateway lists (for example ray-v2).",
    );
  });

  it("refuses a model it does not know, naming it", async () => {
    sim.setScenario({ profile: "openai-hub", requireModel: true });
    const error = await refusal(clientFor(GATEWAY_PROFILES["openai-hub"], { model: "ray-v9" }).create(base));
    expect(lastBody()).toMatchObject({ model: "ray-v9" });
    expect(error).toMatchObject({ kind: "model", model: "ray-v9" });
    expect(error.message).toBe(
      'The gateway does not accept the model "ray-v9": pick another model in the form, or set LUMA_MODEL to a model name your gateway lists.',
    );
  });

  it("accepts the default the openai-hub profile sends", async () => {
    sim.setScenario({ profile: "openai-hub", requireModel: true });
    await expect(clientFor(GATEWAY_PROFILES["openai-hub"]).create(base)).resolves.toMatchObject({ upstreamId: expect.any(String) });
    expect(lastBody()).toMatchObject({ model: "ray-v2" });
  });
});

describe("the custom profile", () => {
  it("sends the fields its env names, spelled as its env spells them, and the camera move in its field", async () => {
    sim.setScenario({ profile: "crazyrouter" });
    const built = buildCustomProfile({
      modelField: "model_name",
      models: "ray-v2",
      resolutionField: "resolution",
      resolutions: "1080p",
      durationField: "duration",
      durations: "5",
      cameraField: "camera_motion",
    });
    if (!built.ok) throw new Error(built.message);
    await clientFor(built.profile).create({ ...base, model: "ray-v2", cameraMove: "orbit_left" });
    expect(lastBody()).toMatchObject({ model_name: "ray-v2", resolution: "1080p", duration: "5", camera_motion: "orbit_left", user_prompt: base.prompt });
  });
});

describe("camera moves where the gateway has no field", () => {
  it("are said in the prompt", async () => {
    sim.setScenario({ profile: "yutoai" });
    await clientFor(GATEWAY_PROFILES.yutoai).create({ ...base, cameraMove: "push_in" });
    expect(lastBody().user_prompt).toBe("a lighthouse at dusk. The camera slowly pushes in toward the subject.");
  });
});

describe("checkKey", () => {
  it.each(["openai-hub", "fast-token", "crazyrouter"] as const)("%s: a status check of an id that cannot exist proves the key", async (profile) => {
    sim.setScenario({ profile });
    const client = clientFor(GATEWAY_PROFILES[profile]);
    await expect(client.checkKey()).resolves.toBeUndefined();
    sim.setScenario({ unauthorizedAfter: 0 });
    await expect(client.checkKey()).rejects.toMatchObject({ kind: "auth" });
    expect(sim.stats().creates).toBe(0);
  });
});
