import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedRequest, SimulatorProfile } from "@/simulator/server";
import { startHarness, type Harness } from "./harness";

/**
 * The video options through `POST /api/generations` itself (the route's schema, not only the domain function),
 * per upstream: what a person chose reaches the wire under that upstream's names, is recorded on the row and can
 * be filtered on; a combination the upstream would refuse is answered 400 under its field, stores nothing and
 * sends nothing (the simulator counts every request it receives).
 */
export type OptionsRouteTarget = {
  name: string;
  provider: "platform" | "official";
  profile?: SimulatorProfile;
  /** Options this upstream offers, none of them all defaults. */
  choice: { model: string; resolution?: string; duration?: string; cameraMove: string };
  /** The create body that arrived, checked in the upstream's own spelling. */
  expectWire: (body: Record<string, unknown>, prompt: string) => void;
  /** Bodies this upstream refuses, and the sentence under each field. */
  refusals: Array<{ what: string; body: Record<string, unknown>; fieldErrors: Record<string, string[]> }>;
};

export function defineOptionsRouteSuite(target: OptionsRouteTarget): void {
  describe(`POST /api/generations with video options: ${target.name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ provider: target.provider, profile: target.profile });
    });
    afterAll(() => h.close());

    const sentFor = (word: string): RecordedRequest | undefined =>
      h.sim
        .requests({ route: "create" })
        .find((request) => String((request.body as Record<string, unknown>).prompt ?? (request.body as Record<string, unknown>).user_prompt).includes(word));

    it("the chosen model, resolution, duration and camera move reach the wire under the upstream's names and are recorded", async () => {
      const word = `opt${Date.now().toString(36)}`;
      const prompt = `A heron lifting off a misty lake ${word}`;
      const response = await h.create({ prompt, ...target.choice });
      expect(response.status, await response.clone().text()).toBe(201);
      const created = await response.json();
      expect(created).toMatchObject({
        prompt,
        model: target.choice.model,
        resolution: target.choice.resolution ?? null,
        duration: target.choice.duration ?? null,
        cameraMove: target.choice.cameraMove,
      });
      const sent = sentFor(word);
      expect(sent).toBeDefined();
      target.expectWire(sent?.body as Record<string, unknown>, prompt);

      // The gallery's filters find it by what was asked for, and not by anything else.
      const find = async (query: string) => (await (await h.list(`?q=${word}&${query}`)).json()).items.map((item: { id: string }) => item.id);
      expect(await find(`model=${target.choice.model}`)).toEqual([created.id]);
      expect(await find("model=some-other-model")).toEqual([]);
      if (target.choice.resolution) {
        expect(await find(`resolution=${target.choice.resolution}`)).toEqual([created.id]);
        expect(await find(`resolution=${target.choice.resolution === "540p" ? "1080p" : "540p"}`)).toEqual([]);
      }
      if (target.choice.duration) {
        expect(await find(`duration=${target.choice.duration}`)).toEqual([created.id]);
        expect(await find(`duration=${target.choice.duration === "9s" ? "5s" : "9s"}`)).toEqual([]);
      }
    });

    for (const refusal of target.refusals) {
      it(`refuses ${refusal.what} under the field, storing and sending nothing`, async () => {
        const word = `refuse${Date.now().toString(36)}`;
        const before = h.sim.stats().requests;
        const response = await h.create({ prompt: `A lighthouse in a storm ${word}`, ...refusal.body });
        expect(response.status).toBe(400);
        const { error } = await response.json();
        expect(error.code).toBe("validation_failed");
        expect(error.fieldErrors).toEqual(refusal.fieldErrors);
        expect(h.sim.stats().requests).toBe(before);
        expect((await (await h.list(`?q=${word}`)).json()).items).toEqual([]);
      });
    }

    it("refuses a filter value that is not an option", async () => {
      const response = await h.list("?resolution=4k");
      expect(response.status).toBe(400);
      expect((await response.json()).error.fieldErrors).toHaveProperty("resolution");
    });
  });
}
