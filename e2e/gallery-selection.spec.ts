import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { createCompleted, createGeneration, gotoHydrated, uniqueWord } from "./support/generations";

test("shift-click selects a range; the bar downloads a zip, deletes after asking, and Escape clears it", async ({ page, request }) => {
  const word = uniqueWord("sel");
  const prompts = [1, 2, 3].map((n) => `Selection clip ${n} ${word}`);
  for (const prompt of prompts) await createCompleted(request, { prompt });
  await gotoHydrated(page, `/gallery?q=${word}`);
  const [newest, middle, oldest] = [prompts[2], prompts[1], prompts[0]] as [string, string, string];

  await page.getByRole("article").filter({ hasText: newest }).hover();
  await page.getByRole("checkbox", { name: `Select ${newest}` }).check();
  const bar = page.getByRole("toolbar", { name: "Selection" });
  await expect(bar.getByText("1 selected")).toBeVisible();
  await page.getByRole("checkbox", { name: `Select ${oldest}` }).click({ modifiers: ["Shift"] });
  await expect(bar.getByText("3 selected")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: `Select ${middle}` })).toBeChecked();

  const [download] = await Promise.all([page.waitForEvent("download"), bar.getByRole("button", { name: "Download as zip" }).click()]);
  expect(download.suggestedFilename()).toMatch(/-3-videos\.zip$/);
  expect(
    readFileSync(await download.path())
      .subarray(0, 2)
      .toString(),
  ).toBe("PK");

  await page.keyboard.press("Escape");
  await expect(bar).toBeHidden();

  await page.getByRole("checkbox", { name: `Select ${newest}` }).check();
  await page.getByRole("checkbox", { name: `Select ${middle}` }).check();
  await bar.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Delete 2 generations?" });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("2 generations deleted")).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(1);
  await expect(page.getByRole("article")).toContainText(oldest);
  await expect(bar).toBeHidden();
});

test("a shift-click handled while the previous click has not rendered yet still selects the range", async ({ page, request }) => {
  const word = uniqueWord("selq");
  const prompts = [1, 2, 3].map((n) => `Queued selection ${n} ${word}`);
  for (const prompt of prompts) await createCompleted(request, { prompt });
  await gotoHydrated(page, `/gallery?q=${word}`);
  await expect(page.getByRole("article")).toHaveCount(3);
  const [newest, middle, oldest] = [prompts[2], prompts[1], prompts[0]] as [string, string, string];

  // Both clicks in one task: React has not rendered the first when the second arrives, so it queues the second
  // click's state update behind the first — the same as a shift-click during any pending render (a live event).
  await page.evaluate(
    ({ first, last }) => {
      const box = (name: string) => document.querySelector<HTMLInputElement>(`input[type=checkbox][aria-label="Select ${name}"]`);
      box(first)?.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
      box(last)?.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, shiftKey: true }));
    },
    { first: newest, last: oldest },
  );
  const bar = page.getByRole("toolbar", { name: "Selection" });
  await expect(bar.getByText("3 selected")).toBeVisible();
  for (const prompt of [newest, middle, oldest]) await expect(page.getByRole("checkbox", { name: `Select ${prompt}` })).toBeChecked();
});

test("a card deleted elsewhere between the click and the shift-click does not move the range", async ({ page, request }) => {
  const word = uniqueWord("sellive");
  for (const n of [1, 2, 3, 4, 5]) await createGeneration(request, { prompt: `Live selection ${n} ${word}` });
  await gotoHydrated(page, `/gallery?q=${word}`);
  const cards = page.getByRole("article");
  await expect(cards).toHaveCount(5);
  const shown = await Promise.all([0, 1, 2, 3, 4].map(async (index) => (await cards.nth(index).getAttribute("data-id")) as string));
  const prompt = async (id: string) => (await page.locator(`article[data-id="${id}"] p[id]`).innerText()).trim();
  const [top, first, second, anchor, below] = (await Promise.all(shown.map(prompt))) as [string, string, string, string, string];

  await cards.nth(3).hover();
  await page.getByRole("checkbox", { name: `Select ${anchor}` }).check();
  // Deleted in another tab: the live stream removes the top card, and every card below moves up one place.
  const status = await page.evaluate(async (id) => (await fetch(`/api/generations/${id}`, { method: "DELETE" })).status, shown[0] as string);
  expect(status).toBe(204);
  await expect(cards).toHaveCount(4);
  await expect(page.getByText(top)).toHaveCount(0);

  await page.getByRole("checkbox", { name: `Select ${first}` }).click({ modifiers: ["Shift"] });
  const bar = page.getByRole("toolbar", { name: "Selection" });
  await expect(bar.getByText("3 selected")).toBeVisible();
  for (const name of [first, second, anchor]) await expect(page.getByRole("checkbox", { name: `Select ${name}` })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: `Select ${below}` })).not.toBeChecked();
});
