import { expect, test } from "@playwright/test";
import { createCompleted, createGeneration, gotoHydrated, uniqueWord, waitForState } from "./support/generations";

test("the detail page plays with loop, mute and speed, and shows options, timeline, ids and raw JSON", async ({ page, request, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const word = uniqueWord("dtl");
  const prompt = `Lantern festival over a river ${word}`;
  const generation = await createCompleted(request, { prompt, aspectRatio: "21:9", loop: false, model: "ray-v2" });
  await gotoHydrated(page, `/generations/${generation.id}`);

  await expect(page.getByRole("heading", { level: 1, name: prompt })).toBeVisible();
  const video = page.getByLabel(`Video: ${prompt}`, { exact: true });
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState)).toBeGreaterThanOrEqual(1);

  const loop = page.getByRole("button", { name: "Loop" });
  await expect(loop).toHaveAttribute("aria-pressed", "false");
  await loop.click();
  await expect(loop).toHaveAttribute("aria-pressed", "true");
  expect(await video.evaluate((element: HTMLVideoElement) => element.loop)).toBe(true);
  await page.getByRole("button", { name: "Mute" }).click();
  expect(await video.evaluate((element: HTMLVideoElement) => element.muted)).toBe(true);
  await page.getByLabel("Speed").selectOption("2");
  expect(await video.evaluate((element: HTMLVideoElement) => element.playbackRate)).toBe(2);
  await page.getByLabel("Speed").selectOption("0.5");
  expect(await video.evaluate((element: HTMLVideoElement) => element.playbackRate)).toBe(0.5);

  const options = page.getByRole("complementary");
  await expect(options).toContainText("21:9");
  await expect(options).toContainText("ray-v2");

  const timeline = page.getByRole("list").filter({ hasText: "Luma: completed" });
  await expect(timeline.getByRole("listitem")).not.toHaveCount(0);
  await expect(timeline).toContainText("Queued");

  await page.getByRole("button", { name: "Copy Studio id" }).click();
  await expect(page.getByText("Studio id copied")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(generation.id);

  const raw = page.locator("details").filter({ hasText: "Raw upstream response" });
  await expect(raw.locator("pre")).toBeHidden();
  await raw.getByText("Raw upstream response").click();
  await expect(raw.locator("pre")).toContainText(generation.upstreamId as string);

  await expect(page.getByRole("link", { name: "Remix" })).toHaveAttribute("href", `/?from=${generation.id}&mode=remix`);
  await expect(page.getByRole("link", { name: "Continue from last frame" })).toHaveAttribute("href", `/?from=${generation.id}&mode=continue`);
  await expect(page.getByRole("link", { name: "Download" })).toHaveAttribute("href", generation.downloadUrl as string);
});

test("a failed generation says why and what to change, and retries in one click", async ({ page, request }) => {
  const word = uniqueWord("fail");
  const prompt = `Battle scene ${word} [sim:moderation]`;
  const failed = await createGeneration(request, { prompt });
  await waitForState(request, failed.id, "failed");
  await gotoHydrated(page, `/generations/${failed.id}`);
  const hint = page.getByRole("region", { name: "What to change" });
  await expect(hint).toContainText(/moderation/i);
  await expect(hint).toContainText("Rephrase it");
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByText("Retry started")).toBeVisible();
});

test("an extension shows its chain back to the original, and the detail keys work", async ({ page, request }) => {
  const word = uniqueWord("chain");
  const root = await createCompleted(request, { prompt: `Origami crane unfolding ${word}` });
  const response = await request.post(`/api/generations/${root.id}/extend`, { data: { prompt: `The crane flies away ${word}` } });
  expect(response.status()).toBe(201);
  const child = await response.json();
  await gotoHydrated(page, `/generations/${child.id}`);
  const chain = page.getByRole("list").filter({ hasText: "This video" });
  await expect(chain.getByRole("link", { name: /Origami crane unfolding/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy Parent id" })).toBeVisible();

  await page.keyboard.press("l");
  await expect(page.getByRole("button", { name: "Like", exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Shift+?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");

  await chain.getByRole("link", { name: /Origami crane unfolding/ }).click();
  await expect(page).toHaveURL(`/generations/${root.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Origami crane unfolding");
});

test("delete from the detail page returns to the gallery; an unknown id is a 404", async ({ page, request }) => {
  const word = uniqueWord("dd");
  const generation = await createGeneration(request, { prompt: `Disposable ${word} [sim:stuck]` });
  await gotoHydrated(page, `/generations/${generation.id}`);
  await page.getByRole("group", { name: "Actions" }).getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/gallery$/);
  const missing = await page.goto(`/generations/${generation.id}`);
  expect(missing?.status()).toBe(404);
});
