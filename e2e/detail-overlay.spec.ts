import { expect, test } from "@playwright/test";
import { createGeneration, gotoHydrated, uniqueWord } from "./support/generations";

test("details open over the gallery with their own URL; Escape returns with the scroll kept", async ({ page, request }) => {
  const word = uniqueWord("ovl");
  for (let n = 1; n <= 9; n += 1) await createGeneration(request, { prompt: `Overlay clip ${n} ${word}` });
  await page.setViewportSize({ width: 1440, height: 700 });
  await gotoHydrated(page, `/gallery?q=${word}`);
  await expect(page.getByRole("article")).toHaveCount(9);

  await page
    .getByRole("article")
    .filter({ hasText: `Overlay clip 2 ${word}` })
    .scrollIntoViewIfNeeded();
  const scrollBefore = await page.evaluate(() => window.scrollY);
  expect(scrollBefore).toBeGreaterThan(100);

  await page.getByRole("link", { name: `Overlay clip 2 ${word}`, exact: true }).click();
  const overlay = page.getByRole("dialog", { name: `Overlay clip 2 ${word}` });
  await expect(overlay).toBeVisible();
  await expect(page).toHaveURL(/\/generations\/[\w-]+$/);
  await expect(overlay.getByRole("button", { name: "Close" })).toBeFocused();

  await overlay.getByRole("button", { name: "Next video" }).click();
  await expect(page.getByRole("dialog", { name: `Overlay clip 1 ${word}` })).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("dialog", { name: `Overlay clip 2 ${word}` })).toBeVisible();

  await page.keyboard.press("Escape");
  await expect(overlay).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/gallery\\?q=${word}$`));
  expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrollBefore)).toBeLessThan(4);

  // Reloading an overlay URL gives the full page.
  await page.getByRole("link", { name: `Overlay clip 3 ${word}`, exact: true }).click();
  await expect(page.getByRole("dialog", { name: `Overlay clip 3 ${word}` })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: `Overlay clip 3 ${word}` })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to gallery" })).toBeVisible();
});

test("browser Back closes the overlay too", async ({ page, request }) => {
  const word = uniqueWord("back");
  await createGeneration(request, { prompt: `Back button clip ${word}` });
  await gotoHydrated(page, `/gallery?q=${word}`);
  await page.getByRole("link", { name: `Back button clip ${word}`, exact: true }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/gallery\\?q=${word}$`));
});
