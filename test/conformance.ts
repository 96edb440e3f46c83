import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RecordedRequest, SimulatorProfile } from "@/simulator/server";
import { startHarness, TEST_KEY, type Harness } from "./harness";

/**
 * One set of journeys run against each provider (lib/generations/conformance.*.integration.test.ts): through
 * createGeneration (answered as the route answers) and the reconciler, against the simulator over HTTP. Where the
 * providers differ, the difference comes from the active capabilities or from how each wire spells a thing,
 * read back here in our own words (`Sent`), never from the journey itself.
 */

/** What the last create (or extend) asked the upstream for, in our words. */
export type Sent = {
  route: string;
  model?: unknown;
  resolution?: unknown;
  duration?: unknown;
  prompt?: unknown;
  /** Image frames as URL or data URI; earlier clips as `generation:<upstream id>`. */
  startFrame?: string;
  endFrame?: string;
  source?: string;
  type?: unknown;
};

type Ref = { url?: string; data?: string; media_type?: string; generation_id?: string } | undefined;

function refText(ref: Ref): string | undefined {
  if (!ref) return undefined;
  if (ref.generation_id) return `generation:${ref.generation_id}`;
  if (ref.data) return `data:${ref.media_type};base64,${ref.data}`;
  return ref.url;
}

export function readOfficial(request: RecordedRequest): Sent {
  const body = request.body as Record<string, unknown> & { video?: Record<string, unknown>; source?: Ref };
  const video = body.video ?? {};
  return {
    route: request.key,
    model: body.model,
    resolution: video.resolution,
    duration: video.duration,
    prompt: body.prompt,
    startFrame: refText(video.start_frame as Ref),
    endFrame: refText(video.end_frame as Ref),
    source: refText(body.source),
    type: body.type,
  };
}

/** A gateway reading `model_name`, `resolution` and `duration` as written (yutoai's dialect). */
export function readGateway(request: RecordedRequest): Sent {
  const body = request.body as Record<string, unknown>;
  const extended = request.route === "extend" ? request.path.split("/").at(-2) : undefined;
  return {
    route: request.key,
    model: body.model_name ?? body.model,
    resolution: body.resolution,
    duration: body.duration,
    prompt: body.user_prompt,
    startFrame: extended ? `generation:${decodeURIComponent(extended)}` : (body.image_url as string | undefined),
    endFrame: body.image_end_url as string | undefined,
    type: "video",
  };
}

export type ConformanceTarget = {
  name: string;
  provider: "platform" | "official";
  profile?: SimulatorProfile;
  read: (request: RecordedRequest) => Sent;
  /** A model, resolution and duration this upstream offers, none of them its default. */
  choices: { model: string; resolution: string; duration: string };
  /** What a moderation failure becomes. */
  moderationCode: string;
  /** The format says why a job failed in a code (Luma's API), not only in words. */
  hasFailureCodes: boolean;
};

const png = fs.readFileSync(path.join(process.cwd(), "test", "fixtures", "frame.png"));
const FRAME = `data:image/png;base64,${png.toString("base64")}`;

type Json = Record<string, unknown> & { id: string };

export function defineConformanceSuite(target: ConformanceTarget): void {
  const slug = target.provider;
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider: target.provider, profile: target.profile });
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.reset());

  const lastSent = (): Sent => {
    const request = h.sim
      .requests()
      .filter((item) => item.route === "create" || item.route === "extend")
      .at(-1);
    if (!request) throw new Error("nothing was sent");
    return target.read(request);
  };
  type Input = Parameters<Harness["generate"]>[0];
  const created = async (body: Input, idempotencyKey?: string): Promise<Json> => {
    const response = await h.generate(body, idempotencyKey);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as Json;
  };
  const finished = async (body: Input): Promise<Json> => {
    const row = await created(body);
    return (await h.waitFor(row.id, (g) => g.state === "completed" && g.isArchived === true)) as Json;
  };
  const rowCount = async () => ((await (await h.list("?limit=100")).json()) as { items: unknown[] }).items.length;

  describe(`conformance: ${target.name}`, () => {
    it("create: the chosen model, resolution and duration reach the wire and the row; the clip is tracked and archived", async () => {
      const { model, resolution, duration } = target.choices;
      const choice = { prompt: "a heron lifts off a misty lake", aspectRatio: "9:16", model, resolution, duration } as Input;
      const row = await created(choice, `conf-create-${slug}`);
      expect(lastSent()).toMatchObject({ model, resolution: expect.anything(), duration: expect.anything(), prompt: "a heron lifts off a misty lake" });
      expect(row).toMatchObject({ model, resolution, duration, kind: "video", provider: target.provider, state: expect.stringMatching(/queued|running/) });
      const done = await h.waitFor(row.id, (g) => g.state === "completed" && g.isArchived === true);
      expect(done).toMatchObject({ videoUrl: `/api/generations/${row.id}/media/video`, failureCode: null });
      // Idempotent: the same key answers the same generation and sends nothing.
      const before = h.sim.requests({ route: "create" }).length;
      const replay = await h.generate(choice, `conf-create-${slug}`);
      expect(((await replay.json()) as Json).id).toBe(row.id);
      expect(h.sim.requests({ route: "create" })).toHaveLength(before);
    });

    it("create with nothing chosen: the upstream's defaults are sent and recorded", async () => {
      const row = await created({ prompt: "rain on a tin roof" });
      const sent = lastSent();
      expect(row.model).toBe(h.capabilities.defaultModel);
      expect(sent.model).toBe(h.capabilities.defaultModel);
      expect(row.resolution).toBe(h.capabilities.defaultResolution);
      expect(row.duration).toBe(h.capabilities.defaultDuration);
    });

    it("frames: an uploaded start frame and a URL end frame reach the wire", async () => {
      const row = await created({ prompt: "the door opens", aspectRatio: "16:9", imageUrl: FRAME, imageEndUrl: "https://example.com/end.jpg" });
      expect(lastSent()).toMatchObject({ startFrame: FRAME, endFrame: "https://example.com/end.jpg" });
      expect(row.imageUrl).toMatch(/^\/api\/uploads\/[a-f0-9]{64}\.png$/);
      await h.waitFor(row.id, (g) => g.state === "completed");
    });

    it("extend: a finished clip continues through the upstream's extend, linked to its parent", async () => {
      const parent = await finished({ prompt: "a kite climbs", aspectRatio: "1:1" });
      const response = await h.extend(parent.id, { prompt: "the kite loops back down" });
      expect(response.status).toBe(201);
      const child = (await response.json()) as Json;
      expect(child).toMatchObject({ parentId: parent.id, kind: "extend", aspectRatio: "1:1" });
      expect(lastSent()).toMatchObject({ startFrame: `generation:${String(parent.upstreamId)}`, prompt: "the kite loops back down" });
      await h.waitFor(child.id, (g) => g.state === "completed");
    });

    it.each(["extend_backward", "interpolate", "video_edit", "video_reframe"] as const)(
      "%s: made where offered, refused before anything is sent where not",
      async (kind) => {
        const first = await finished({ prompt: "a lighthouse beam sweeps", aspectRatio: "16:9" });
        const second = kind === "interpolate" ? await finished({ prompt: "the beam fades at dawn", aspectRatio: "16:9" }) : null;
        const offered = {
          extend_backward: h.capabilities.actions.extendBackward,
          interpolate: h.capabilities.actions.interpolate,
          video_edit: h.capabilities.actions.edit,
          video_reframe: h.capabilities.actions.reframe,
        }[kind];
        const before = h.sim.requests({ route: "create" }).length;
        const request = {
          kind,
          parentId: first.id,
          secondParentId: second?.id,
          prompt: "moonlit, on 35mm film",
          aspectRatio: "9:16" as const,
          editStrength: kind === "video_edit" ? ("flex_2" as const) : undefined,
        };
        if (!offered) {
          await expect(h.derive(request)).rejects.toMatchObject({ code: "validation_failed" });
          expect(h.sim.requests({ route: "create" })).toHaveLength(before);
          expect(await rowCount()).toBeGreaterThan(0);
          return;
        }
        const { generation } = await h.derive(request);
        expect(generation).toMatchObject({ kind, parentId: first.id, secondParentId: second?.id ?? null });
        const sent = lastSent();
        const firstRef = `generation:${String(first.upstreamId)}`;
        if (kind === "extend_backward") expect(sent).toMatchObject({ endFrame: firstRef, startFrame: undefined });
        if (kind === "interpolate") expect(sent).toMatchObject({ startFrame: firstRef, endFrame: `generation:${String(second?.upstreamId)}` });
        if (kind === "video_edit") expect(sent).toMatchObject({ type: "video_edit", source: firstRef });
        if (kind === "video_reframe") expect(sent).toMatchObject({ type: "video_reframe", source: firstRef });
        expect(generation.aspectRatio).toBe(kind === "video_reframe" ? "9:16" : "16:9");
        await h.waitFor(generation.id, (g) => g.state === "completed" && g.isArchived === true);
      },
    );

    it("edit from our archived copy, where edits are offered", async () => {
      if (!h.capabilities.actions.edit) return;
      const source = await finished({ prompt: "a red umbrella crosses the square", aspectRatio: "4:3" });
      const { generation } = await h.derive({ kind: "video_edit", parentId: source.id, prompt: "as a watercolour", useArchivedCopy: true });
      expect(lastSent().source).toMatch(/^data:video\/mp4;base64,/);
      await h.waitFor(generation.id, (g) => g.state === "completed");
    });

    it("fail: a job that fails upstream ends failed with a code the UI can word", async () => {
      h.sim.setScenario({ failWithReason: "Advanced prompt moderation failed" });
      const row = await created({ prompt: "something refused" });
      const failed = await h.waitFor(row.id, (g) => g.state === "failed");
      expect(failed).toMatchObject({ failureCode: target.moderationCode, failureReason: "Advanced prompt moderation failed", isRetryable: false });
    });

    it("fail: a failure the upstream says to retry is marked retryable, where the format can say so", async () => {
      h.sim.setScenario({ failWithCode: "generation_failed" });
      const row = await created({ prompt: "an internal error" });
      const failed = await h.waitFor(row.id, (g) => g.state === "failed");
      expect(failed).toMatchObject(
        target.hasFailureCodes ? { failureCode: "generation_failed", isRetryable: true } : { failureCode: "upstream_failed", isRetryable: false },
      );
    });

    it("refuse: a refused create leaves no row and frees the key; a combination the upstream refuses is not sent", async () => {
      const rows = await rowCount();
      h.sim.setScenario({ insufficientBalance: true });
      const poor = await h.generate({ prompt: "no money" }, `conf-refuse-${slug}`);
      expect(poor.status).toBe(402);
      expect(((await poor.json()) as { error: { code: string } }).error.code).toBe("upstream_payment");
      h.sim.setScenario({ insufficientBalance: false, unauthorizedAfter: 0 });
      expect((await h.generate({ prompt: "bad key" })).status).toBe(502);
      expect(await rowCount()).toBe(rows);
      h.sim.reset();
      expect((await h.generate({ prompt: "no money" }, `conf-refuse-${slug}`)).status).toBe(201);

      const sentBefore = h.sim.requests({ route: "create" }).length;
      const impossible: Input = h.capabilities.options.hdr ? { prompt: "x", duration: "10s", imageUrl: FRAME } : { prompt: "x", hdr: true };
      const refused = await h.generate(impossible);
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { error: { code: string; fieldErrors: Record<string, string[]> } };
      expect(body.error.code).toBe("validation_failed");
      expect(Object.keys(body.error.fieldErrors)).toEqual([h.capabilities.options.hdr ? "duration" : "hdr"]);
      expect(h.sim.requests({ route: "create" })).toHaveLength(sentBefore);
      expect(await rowCount()).toBe(rows + 1);
    });

    it("rate limit: a 429 is passed on with its Retry-After, and nothing is left behind", async () => {
      const rows = await rowCount();
      // Short: a rate limit rightly pauses every status check until it passes, which the next journeys would wait out.
      h.sim.setScenario({ rateLimitNext: 1, retryAfterSeconds: 2 });
      const limited = await h.generate({ prompt: "too fast" });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("2");
      expect(await rowCount()).toBe(rows);
    });

    it("lost answer: a create cut off after the upstream took it is never sent again", async () => {
      h.sim.setScenario({ createResetConnection: true });
      const response = await h.generate({ prompt: "cut off" }, `conf-lost-${slug}`);
      expect(response.status).toBe(202);
      expect(await response.json()).toMatchObject({ state: "failed", failureCode: "outcome_unknown" });
      h.sim.setScenario({ createResetConnection: false });
      expect((await h.generate({ prompt: "cut off" }, `conf-lost-${slug}`)).status).toBe(202);
      expect(h.sim.requests({ route: "create" })).toHaveLength(1);
    });

    it("restart: a job made while nothing polls is picked up by the next process and finished", async () => {
      let row: Json | undefined;
      await h.restart(async () => {
        row = await created({ prompt: "made before the restart" });
        // Nothing polls while the process is down, however long it takes.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(h.sim.requests({ route: "get" })).toHaveLength(0);
      });
      await h.waitFor(String(row?.id), (g) => g.state === "completed" && g.isArchived === true);
    });

    it("never leaks the key", async () => {
      h.sim.setScenario({ unauthorizedAfter: 0 });
      const response = await h.generate({ prompt: "leak check" });
      expect(await response.text()).not.toContain(TEST_KEY);
    });
  });
}
