import { expect, test } from "@playwright/test";
import type { Locator } from "@playwright/test";
import { createCompleted, createGeneration, gotoHydrated, uniqueWord, waitForState } from "./support/generations";

test("a job started elsewhere toasts when it finishes or fails, and the tab title counts running jobs", async ({ page, request }) => {
  await gotoHydrated(page, "/gallery");
  await expect(page).toHaveTitle(/Gallery/);
  const word = uniqueWord("ntf");
  // Started through the API: as another tab or device would.
  await createGeneration(request, { prompt: `Notified clip ${word}` });
  await expect(page).toHaveTitle(/^\(\d+\+?\) Gallery/);
  await createGeneration(request, { prompt: `Refused clip ${word} [sim:moderation]` });
  const region = page.getByRole("region", { name: "Notifications" });
  // Other journeys' clips may end at the same moment and share the toast.
  await expect(region.getByRole("status").filter({ hasText: `Notified clip ${word}` })).toContainText(/Video ready|\d+ videos ready/, { timeout: 60_000 });
  await expect(region.getByRole("alert").filter({ hasText: `Refused clip ${word}` })).toContainText(/Generation failed|\d+ generations failed/, {
    timeout: 60_000,
  });
});

test("no toast for what had already finished before the page loaded", async ({ page, request }) => {
  const word = uniqueWord("old");
  await createCompleted(request, { prompt: `Already done ${word}` });
  await page.waitForTimeout(1000);
  await gotoHydrated(page, `/gallery?q=${word}`);
  await expect(page.getByRole("article")).toHaveCount(1);
  await page.waitForTimeout(2000);
  await expect(page.getByText("Video ready")).toHaveCount(0);
});

test("browser notifications are opt-in from a button and remembered", async ({ page, context }) => {
  await context.grantPermissions(["notifications"]);
  await gotoHydrated(page, "/gallery");
  const toggle = page.getByRole("button", { name: "Browser notifications" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("Browser notifications on")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Browser notifications" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "Browser notifications" }).click();
  await expect(page.getByRole("button", { name: "Browser notifications" })).toHaveAttribute("aria-pressed", "false");
});

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error("not on screen");
  return found;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test("a burst of finished clips makes one grouped toast, in one tab only, clear of the Generate button", async ({ context, request }) => {
  const gallery = await context.newPage();
  await gotoHydrated(gallery, "/gallery");
  // Opened last, so the one the person looks at: this tab speaks for the browser.
  const create = await context.newPage();
  await gotoHydrated(create, "/");
  const word = uniqueWord("burst");
  const created = await Promise.all([1, 2, 3].map((n) => createGeneration(request, { prompt: `Burst ${n} ${word}` })));
  await Promise.all(created.map((generation) => waitForState(request, generation.id, "completed")));

  const toasts = create.getByRole("region", { name: "Notifications" }).getByRole("status");
  const grouped = toasts.filter({ hasText: /\d+ videos ready/ });
  await expect(grouped).toHaveCount(1);
  await expect(grouped).toContainText(word);
  expect(Number(/(\d+) videos ready/.exec(await grouped.innerText())?.[1])).toBeGreaterThanOrEqual(3);
  await expect(toasts.filter({ hasText: "Video ready" })).toHaveCount(0);
  await expect(gallery.getByRole("region", { name: "Notifications" }).getByRole("status")).toHaveCount(0);
  await grouped.hover();

  // Scrolled to where one reaches for the button (its bottom at the foot of the screen), on a desktop and a phone.
  const generate = create.getByRole("button", { name: "Generate" });
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 390, height: 844 },
  ]) {
    await create.setViewportSize(viewport);
    await generate.evaluate((button) => window.scrollBy(0, button.getBoundingClientRect().bottom - window.innerHeight + 8));
    expect(overlaps(await box(grouped), await box(generate))).toBe(false);
  }
});
