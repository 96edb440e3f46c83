import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

// The spending limits count rows, read asynchronously: concurrent creates must not all pass the check before
// any of them has inserted its row.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    reconciler: false,
    simulator: { pendingSeconds: 60, processingSeconds: 60 },
    env: { MAX_IN_FLIGHT: "2", CREATE_RATE_LIMIT_PER_MINUTE: "100" },
  });
});
afterAll(() => h.close());

it("concurrent creates take at most MAX_IN_FLIGHT slots; the rest are refused before reaching the upstream", async () => {
  const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => h.create({ prompt: `concurrent ${i}` })));
  expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 429, 429, 429, 429]);
  expect(h.sim.stats().requests).toBe(2);
});
