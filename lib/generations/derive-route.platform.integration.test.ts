import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

/**
 * `POST /api/generations/{id}/derive` through a gateway: the platform format has only the forward extend, so
 * every other action is refused with a sentence that says what can do it, before a clip is looked at, a row
 * is written or a request reaches the gateway (`GET /__sim/requests`).
 */
type Json = Record<string, unknown>;
let h: Harness;
let done: Json;

const gatewayCalls = async () =>
  ((await (await fetch(`${h.sim.url}/__sim/requests`)).json()) as { requests: Array<{ key: string }> }).requests.filter(
    (request) => !request.key.startsWith("GET "),
  );

beforeAll(async () => {
  h = await startHarness({ provider: "platform", profile: "openai-hub" });
  const created = (await (await h.create({ prompt: "a paper boat on a puddle" })).json()) as Json;
  done = await h.waitFor(String(created.id), (g) => g.state === "completed");
});
afterAll(() => h.close());

describe("derive through a gateway", () => {
  it.each([
    [{ action: "extend_backward", prompt: "x" }, "openai-hub cannot add a lead-in before a clip."],
    [{ action: "interpolate", prompt: "x", secondParentId: "abcdefgh1234" }, "openai-hub cannot bridge two clips."],
    [{ action: "video_edit", prompt: "x", editStrength: "flex_1" }, "openai-hub cannot restyle a clip."],
    [{ action: "video_reframe", prompt: "x", aspectRatio: "9:16" }, "openai-hub cannot reframe a clip."],
  ])("refuses %o in one sentence that names what can, sending nothing", async (body, sentence) => {
    const before = await gatewayCalls();
    const rows = ((await (await h.list()).json()) as { items: unknown[] }).items.length;
    const response = await h.deriveRoute(String(done.id), body, { "idempotency-key": `refused-${body.action}` });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string; fieldErrors: Record<string, string[]> } };
    expect(error.code).toBe("validation_failed");
    expect(error.message).toBe(`${sentence} Luma's own API can: set LUMA_API_KEY to a luma-api- key.`);
    expect(error.fieldErrors.action).toEqual([error.message]);
    expect(await gatewayCalls()).toEqual(before);
    expect(((await (await h.list()).json()) as { items: unknown[] }).items).toHaveLength(rows);
  });

  it("the forward extend still goes through the gateway's extend route", async () => {
    const response = await h.extend(String(done.id), { prompt: "the boat sails on" });
    expect(response.status).toBe(201);
    expect((await gatewayCalls()).at(-1)?.key).toMatch(/^POST \/luma\/generations\/.+\/extend$/);
  });
});
