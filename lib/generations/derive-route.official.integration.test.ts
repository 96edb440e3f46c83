import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

/**
 * `POST /api/generations/{id}/derive` with a Luma API key: every action reaches Luma's API in its own words (read
 * back from the simulator over HTTP, `GET /__sim/requests`), and what cannot be made is refused before anything
 * is sent or stored.
 */
type Json = Record<string, unknown>;
type Recorded = { key: string; body: Json & { video?: Json; source?: Json } };

let h: Harness;
let first: Json;
let second: Json;

const sentCreates = async (): Promise<Recorded[]> =>
  ((await (await fetch(`${h.sim.url}/__sim/requests?route=create`)).json()) as { requests: Recorded[] }).requests;
const lastSent = async () => (await sentCreates()).at(-1);
const finished = async (prompt: string, aspectRatio = "16:9") => {
  const created = (await (await h.create({ prompt, aspectRatio })).json()) as Json;
  return h.waitFor(String(created.id), (g) => g.state === "completed" && g.isArchived === true);
};
const derive = async (id: string, body: Json, key?: string) => {
  const response = await h.deriveRoute(id, body, key ? { "idempotency-key": key } : {});
  return {
    status: response.status,
    json: (await response.json()) as Json & { error?: { code: string; message: string; fieldErrors?: Record<string, string[]> } },
    headers: response.headers,
  };
};

beforeAll(async () => {
  h = await startHarness({ provider: "official" });
  [first, second] = await Promise.all([finished("a lighthouse beam sweeps the fog"), finished("the beam fades at dawn")]);
});
afterAll(() => h.close());

describe("derive through Luma's API", () => {
  it("a lead-in ends on the clip: end_frame.generation_id, linked to its parent", async () => {
    const { status, json } = await derive(String(first.id), { action: "extend_backward", prompt: "a boat drifts into view" }, "derive-lead-in-01");
    expect(status).toBe(201);
    expect(json).toMatchObject({ kind: "extend_backward", parentId: first.id, secondParentId: null, aspectRatio: "16:9", provider: "official" });
    const sent = await lastSent();
    expect(sent).toMatchObject({
      key: "POST /v1/generations",
      body: { type: "video", prompt: "a boat drifts into view", video: { end_frame: { generation_id: first.upstreamId } } },
    });
    expect(sent?.body.video).not.toHaveProperty("start_frame");
    await h.waitFor(String(json.id), (g) => g.state === "completed");
  });

  it("a bridge starts on the clip and ends on the second one", async () => {
    const { status, json } = await derive(String(first.id), { action: "interpolate", prompt: "night turns to day", secondParentId: second.id });
    expect(status).toBe(201);
    expect(json).toMatchObject({ kind: "interpolate", parentId: first.id, secondParentId: second.id });
    expect((await lastSent())?.body.video).toMatchObject({ start_frame: { generation_id: first.upstreamId }, end_frame: { generation_id: second.upstreamId } });
  });

  it("a restyle sends the clip as source with the chosen strength", async () => {
    const { status, json } = await derive(String(first.id), { action: "video_edit", prompt: "as a charcoal drawing", editStrength: "reimagine_2" });
    expect(status).toBe(201);
    expect(json).toMatchObject({ kind: "video_edit", parentId: first.id, editStrength: "reimagine_2", aspectRatio: "16:9" });
    expect((await lastSent())?.body).toMatchObject({
      type: "video_edit",
      source: { generation_id: first.upstreamId },
      video: { edit: { strength: "reimagine_2" } },
    });
  });

  it("a restyle can send our archived copy instead of Luma's id", async () => {
    const { status } = await derive(String(first.id), { action: "video_edit", prompt: "in watercolour", editStrength: "adhere_1", useArchivedCopy: true });
    expect(status).toBe(201);
    expect((await lastSent())?.body.source).toMatchObject({ media_type: "video/mp4" });
  });

  it("a reframe sends the clip as source with the new ratio", async () => {
    const { status, json } = await derive(String(first.id), { action: "video_reframe", prompt: "tall, for a phone", aspectRatio: "9:16" });
    expect(status).toBe(201);
    expect(json).toMatchObject({ kind: "video_reframe", parentId: first.id, aspectRatio: "9:16" });
    expect((await lastSent())?.body).toMatchObject({ type: "video_reframe", aspect_ratio: "9:16", source: { generation_id: first.upstreamId } });
  });

  it("the same Idempotency-Key makes one clip; with another body it is refused", async () => {
    const body = { action: "video_reframe", prompt: "square crop", aspectRatio: "1:1" };
    const before = (await sentCreates()).length;
    const [a, b] = await Promise.all([derive(String(first.id), body, "derive-idem-0001"), derive(String(first.id), body, "derive-idem-0001")]);
    expect(a.json.id).toBe(b.json.id);
    expect([a.headers.get("idempotent-replayed"), b.headers.get("idempotent-replayed")]).toContain("true");
    expect((await sentCreates()).length).toBe(before + 1);
    const other = await derive(String(first.id), { ...body, aspectRatio: "4:3" }, "derive-idem-0001");
    expect(other.status).toBe(422);
    expect(other.json.error?.code).toBe("idempotency_conflict");
  });

  it("refuses, before anything is sent, what cannot be made", async () => {
    const unfinishedId = String(((await (await h.create({ prompt: "still rendering" })).json()) as Json).id);
    const before = (await sentCreates()).length;
    const cases: Array<[string, Json, number, RegExp]> = [
      [unfinishedId, { action: "extend_backward", prompt: "x" }, 400, /Only a finished video can be extended/],
      [String(first.id), { action: "interpolate", prompt: "x", secondParentId: unfinishedId }, 400, /Only a finished video can be bridged/],
      [String(first.id), { action: "interpolate", prompt: "x", secondParentId: first.id }, 400, /cannot be bridged to itself/],
      [String(first.id), { action: "interpolate", prompt: "x" }, 400, /secondParentId: Choose the clip to end on/],
      [String(first.id), { action: "video_edit", prompt: "x", editStrength: "strong" }, 400, /editStrength: Choose a strength/],
      [String(first.id), { action: "video_reframe", prompt: "x", aspectRatio: "16:9" }, 400, /already 16:9: choose another aspect ratio/],
      [String(first.id), { action: "video_reframe", prompt: "x", aspectRatio: "9:21" }, 400, /does not make 9:21 clips/],
      [String(first.id), { action: "video_edit", prompt: "  ", editStrength: "flex_1" }, 400, /Describe the new clip/],
      [String(first.id), { action: "rotate", prompt: "x" }, 400, /Choose an action/],
      ["no-such-generation", { action: "extend_backward", prompt: "x" }, 404, /No generation with this id/],
    ];
    for (const [id, body, status, message] of cases) {
      const answer = await derive(id, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.json.error?.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await sentCreates()).length).toBe(before);
  });

  it("answers only the owner's browser (the front door runs before the body is read)", async () => {
    const { POST } = await import("@/app/api/generations/[id]/derive/route");
    const request = new NextRequest(`http://app.test/api/generations/${String(first.id)}/derive`, {
      method: "POST",
      headers: { host: "127.0.0.1:3000", "content-type": "application/json" },
      body: JSON.stringify({ action: "extend_backward", prompt: "x" }),
    });
    const response = await POST(request, { params: Promise.resolve({ id: String(first.id) }) });
    expect(response.status).toBe(401);
  });
});
