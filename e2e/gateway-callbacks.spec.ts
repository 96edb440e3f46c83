import { expect, test } from "@playwright/test";
import { CALLBACKS_SIMULATOR_URL } from "../playwright.config";
import { gotoHydrated, uniqueWord, waitForState } from "./support/generations";

/**
 * With PUBLIC_BASE_URL the gateway can call back, so a create whose answer was lost waits (explained) for the
 * job's own callback instead of settling, and the job it made is found and finished.
 */
test("a lost create answer waits for the gateway's callback, says why meanwhile, and the clip arrives", async ({ page, request }) => {
  await request.post(`${CALLBACKS_SIMULATOR_URL}/__sim/reset`);
  // The job is made but its answer is cut off; it stays processing, calling back nothing, until the reset below.
  await request.post(`${CALLBACKS_SIMULATOR_URL}/__sim/scenario`, { data: { createResetConnection: true, stuck: true, callbacks: "none" } });
  const prompt = `Koi under a stone bridge ${uniqueWord("cb")}`;
  await gotoHydrated(page, "/");
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  const answered = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: "Generate" }).click();
  const response = await answered;

  expect(response.status()).toBe(202);
  const lost = await response.json();
  expect(lost).toMatchObject({ state: "unknown", failureCode: "outcome_unknown", failureReason: expect.stringMatching(/connection broke/) });
  await expect(page.getByText("Waiting for the gateway")).toBeVisible();
  const card = page.getByRole("article").filter({ hasText: prompt });
  await expect(card.getByText("Confirming with the gateway")).toBeVisible();
  await expect(card.getByText(/connection broke/)).toBeVisible();
  await expect(card.getByText(/don't submit it again/i)).toBeVisible();

  // The job finishes and calls back: the studio adopts it and archives the clip.
  await request.post(`${CALLBACKS_SIMULATOR_URL}/__sim/reset`);
  const done = await waitForState(request, lost.id, "completed");
  expect(done).toMatchObject({ upstreamId: expect.any(String), failureCode: null, failureReason: null });
  await expect(card.getByRole("button", { name: /Play/ })).toBeVisible({ timeout: 30_000 });
  expect(((await (await request.get(`${CALLBACKS_SIMULATOR_URL}/__sim/stats`)).json()) as { creates: number }).creates).toBe(0);
});
