import { afterAll, beforeAll, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";
let h: Harness;
const t0 = Date.now();
beforeAll(async () => {
  h = await startHarness({ simulator: { log: (l) => console.log(Date.now() - t0, l) }, env: { COMPLETED_WITHOUT_URL_GRACE_SECONDS: "8", UNKNOWN_OUTCOME_GRACE_MINUTES: "0.02", LUMA_CREATE_TIMEOUT_MS: "800" } });
});
afterAll(() => h.close());
it("dbg", async () => {
  const r = await h.create({ aspectRatio: "16:9", expandPrompt: true, loop: false, prompt: "late url [sim:nourl=3]" });
  const body = await r.json();
  try { await h.waitFor(body.id, (g) => g.state === "completed"); } catch (e) { console.log(String(e).slice(0, 3000)); }
}, 30000);
