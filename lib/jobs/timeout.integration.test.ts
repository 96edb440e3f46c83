import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

// Its own harness: a three-second job timeout would cut short every other lifecycle test.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { GENERATION_TIMEOUT_MINUTES: "0.05" } });
});
afterAll(() => h.close());

const create = async (prompt: string) => (await h.create({ aspectRatio: "16:9", expandPrompt: true, loop: false, prompt })).json();

it("stuck for ever becomes timed_out, and a re-check reopens it if the job is alive", async () => {
  const body = await create("stuck [sim:stuck]");
  await h.waitFor(body.id, (g) => g.state === "timed_out", 20_000);
  const gets = h.sim.stats().gets;
  await new Promise((resolve) => setTimeout(resolve, 2500));
  expect(h.sim.stats().gets).toBe(gets); // no more polling once timed out
  const rechecked = await (await h.refresh(body.id)).json();
  expect(rechecked.state).toBe("running");
});
