import { expect, test } from "@playwright/test";

test("fill the form, follow the card to a video that actually plays", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText(/Demo mode — simulated Luma/)).toBeVisible();

  const word = `boat${Date.now().toString(36)}`;
  const prompt = `A paper boat drifting down a rainy street ${word}`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await expect(page.getByText(`${prompt.length} / 5,000 characters`)).toBeVisible();
  await page.getByRole("radio", { name: /9:16/ }).check();
  await page.getByRole("switch", { name: "Loop" }).click();
  await expect(page.getByRole("switch", { name: "Loop" })).toHaveAttribute("aria-checked", "true");

  const posted = page.waitForRequest((request) => request.url().endsWith("/api/generations") && request.method() === "POST");
  const answered = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: "Generate" }).click();
  const body = (await posted).postDataJSON();
  expect(body).toMatchObject({ prompt, aspectRatio: "9:16", loop: true, expandPrompt: true });
  expect((await posted).headers()["idempotency-key"]).toBeTruthy();
  // Where the create's time went, step by step, for the network panel and `npm run bench -- create`.
  expect((await answered).headers()["server-timing"]).toMatch(
    /^checks;dur=[\d.]+, input;dur=[\d.]+, admit;dur=[\d.]+, upstream;dur=[\d.]+, accept;dur=[\d.]+, handler;dur=[\d.]+$/,
  );

  await expect(page.getByText("Generation started")).toBeVisible();
  // Not looked for in the recent strip: other journeys create in parallel and can push it out. Followed in the
  // gallery, found by its own word.
  await page.goto(`/gallery?q=${encodeURIComponent(word)}`);
  const card = page.getByRole("article").filter({ hasText: prompt });
  await expect(card).toBeVisible();

  // Demo jobs take about ten seconds; the card updates itself (SSE) without a reload.
  const play = card.getByRole("button", { name: /Play/ });
  await expect(play).toBeVisible({ timeout: 60_000 });
  await play.click();
  const video = card.locator("video").and(card.getByLabel(`Video: ${prompt}`, { exact: true }));
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  expect(await video.evaluate((element: HTMLVideoElement) => element.duration)).toBeGreaterThan(0);
  // 9:16 clips keep their shape.
  const box = await video.boundingBox();
  expect(box && box.height > box.width).toBe(true);
});
