import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

/** The derive route spends money like create and extend, so the same spending limits stand in front of it. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ provider: "official", env: { MAX_IN_FLIGHT: "1" } });
});
afterAll(() => h.close());

it("refuses a derive while the in-flight limit is reached, sending nothing", async () => {
  const created = (await (await h.create({ prompt: "a red kite" })).json()) as { id: string };
  await h.waitFor(created.id, (g) => g.state === "completed");
  h.sim.setScenario({ stuck: true });
  expect((await h.create({ prompt: "a blue kite that never lands" })).status).toBe(201);
  const creates = h.sim.requests({ route: "create" }).length;
  const response = await h.deriveRoute(created.id, { action: "video_reframe", prompt: "tall", aspectRatio: "9:16" });
  expect(response.status).toBe(429);
  expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/MAX_IN_FLIGHT = 1/);
  expect(response.headers.get("retry-after")).toBeTruthy();
  expect(h.sim.requests({ route: "create" })).toHaveLength(creates);
});
