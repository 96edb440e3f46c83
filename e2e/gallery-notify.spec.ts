import { expect, test } from "@playwright/test";
import { createCompleted, createGeneration, gotoHydrated, uniqueWord } from "./support/generations";

test("a job started elsewhere toasts when it finishes or fails, and the tab title counts running jobs", async ({ page, request }) => {
  await gotoHydrated(page, "/gallery");
  await expect(page).toHaveTitle(/Gallery/);
  const word = uniqueWord("ntf");
  // Started through the API: as another tab or device would.
  await createGeneration(request, { prompt: `Notified clip ${word}` });
  await expect(page).toHaveTitle(/^\(\d+\+?\) Gallery/);
  await createGeneration(request, { prompt: `Refused clip ${word} [sim:moderation]` });
  const region = page.getByRole("region", { name: "Notifications" });
  await expect(region.getByRole("status").filter({ hasText: `Notified clip ${word}` })).toContainText("Video ready", { timeout: 60_000 });
  await expect(region.getByRole("alert").filter({ hasText: `Refused clip ${word}` })).toContainText("Generation failed", { timeout: 60_000 });
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
