import { expect, test } from "@playwright/test";
import { createCompleted, getGeneration, gotoHydrated, uniqueWord } from "./support/generations";

test("arrow keys and J/K move between cards; Space plays, L likes, Enter opens, Delete asks, ? lists the keys", async ({ page, request }) => {
  const word = uniqueWord("kbd");
  const older = await createCompleted(request, { prompt: `Keyboard clip older ${word}` });
  const newer = await createCompleted(request, { prompt: `Keyboard clip newer ${word}` });
  await gotoHydrated(page, `/gallery?q=${word}`);
  const cards = page.getByRole("article");
  await expect(cards).toHaveCount(2);

  // One tab stop for the whole grid: Tab from the last filter lands on the first card.
  await cards.first().focus();
  await expect(cards.first()).toBeFocused();
  await expect(cards.nth(1)).toHaveAttribute("tabindex", "-1");
  await page.keyboard.press("ArrowRight");
  await expect(cards.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(cards.first()).toBeFocused();
  await page.keyboard.press("j");
  await expect(cards.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(cards.first()).toBeFocused();

  await page.keyboard.press("l");
  await expect(cards.first().getByRole("button", { name: "Like", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await getGeneration(request, newer.id)).liked).toBe(true);

  await page.keyboard.press(" ");
  const video = cards.first().locator("video");
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => !element.paused)).toBe(true);

  await cards.first().focus();
  await page.keyboard.press("Enter");
  const overlay = page.getByRole("dialog", { name: `Keyboard clip newer ${word}` });
  await expect(overlay).toBeVisible();
  await expect(page).toHaveURL(`/generations/${newer.id}`);
  await page.keyboard.press("Escape");
  await expect(overlay).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/gallery\\?q=${word}`));
  await expect(cards.first()).toBeFocused();

  await page.keyboard.press("Delete");
  const confirm = page.getByRole("alertdialog", { name: "Delete this generation?" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(cards.first()).toBeFocused();
  expect((await request.get(`/api/generations/${older.id}`)).status()).toBe(200);

  await page.keyboard.press("Shift+?");
  const shortcuts = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(shortcuts).toBeVisible();
  await expect(shortcuts).toContainText("Play or pause");
  await page.keyboard.press("Escape");
  await expect(shortcuts).toBeHidden();
});

test("the first key works before any card has focus, on the first card; focused controls and fields keep their keys", async ({ page, request }) => {
  const word = uniqueWord("kbdfirst");
  await createCompleted(request, { prompt: `First key older ${word}` });
  const newer = await createCompleted(request, { prompt: `First key newer ${word}` });
  await gotoHydrated(page, `/gallery?q=${word}`);
  const cards = page.getByRole("article");
  await expect(cards).toHaveCount(2);
  const nothingFocused = () => page.evaluate(() => document.activeElement === document.body);
  expect(await nothingFocused()).toBe(true);

  // Space plays the first card instead of scrolling the page.
  await page.keyboard.press(" ");
  const video = cards.first().locator("video");
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => !element.paused).catch(() => false)).toBe(true);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("l");
  await expect(cards.first().getByRole("button", { name: "Like", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await getGeneration(request, newer.id)).liked).toBe(true);
  await page.keyboard.press("x");
  const bar = page.getByRole("toolbar", { name: "Selection" });
  await expect(bar.getByText("1 selected")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: `Select First key newer ${word}` })).toBeChecked();
  await page.keyboard.press("Escape");
  await expect(bar).toBeHidden();

  // A focused button or a field keeps its keys.
  const shortcutsButton = page.getByRole("button", { name: "Keyboard shortcuts" });
  await shortcutsButton.focus();
  await page.keyboard.press("x");
  await expect(bar).toBeHidden();
  const search = page.getByRole("searchbox", { name: "Search prompts" });
  await search.focus();
  await page.keyboard.press("End");
  await page.keyboard.type("j");
  await expect(search).toHaveValue(`${word}j`);
  await search.fill(word);
  await expect(cards).toHaveCount(2);

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("j");
  await expect(cards.nth(1)).toBeFocused();

  // The active card is now the second one: keys act on it after focus leaves, too.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: `First key older ${word}` })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Delete");
  const confirm = page.getByRole("alertdialog", { name: "Delete this generation?" });
  await expect(confirm).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
});
