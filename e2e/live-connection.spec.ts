import { expect, test } from "@playwright/test";
import { createGeneration, gotoHydrated, uniqueWord } from "./support/generations";

const LOST = "Live updates are interrupted";

test("with the live stream silently dead, the gallery still shows a new clip and its finish", async ({ page, request }) => {
  // The stream never answers: no event and no error, as behind a buffering proxy or on a half-open socket.
  await page.route("**/api/events", () => {});
  await gotoHydrated(page, "/gallery");
  const word = uniqueWord("stall");
  await createGeneration(request, { prompt: `Stalled stream ${word}` });
  const card = page.getByRole("article").filter({ hasText: word });
  await expect(card).toBeVisible({ timeout: 45_000 });
  await expect(card).toHaveAttribute("data-state", "completed", { timeout: 60_000 });
});

test("while the studio can't be reached the page says so calmly, and catches up by itself once it is back", async ({ page, context, request }) => {
  let streams = 0;
  // The first stream opens, then drops as when the server goes away; every later attempt is refused.
  await page.route("**/api/events", (route) =>
    streams++ === 0
      ? route.fulfill({
          status: 200,
          contentType: "text/event-stream",
          body: `data: ${JSON.stringify({ type: "upstream", status: { health: "ok", message: null, since: null, retryAt: null } })}\n\n`,
        })
      : route.abort("connectionrefused"),
  );
  await gotoHydrated(page, "/gallery");
  await context.setOffline(true);
  const notice = page.getByRole("status").filter({ hasText: LOST });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("catches up by itself");
  // Made while this page can reach nothing.
  const word = uniqueWord("away");
  await createGeneration(request, { prompt: `Made while away ${word}` });

  await page.unroute("**/api/events");
  await context.setOffline(false);
  await expect(notice).toHaveCount(0, { timeout: 30_000 });
  const card = page.getByRole("article").filter({ hasText: word });
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute("data-state", "completed", { timeout: 60_000 });
  expect(streams).toBeGreaterThan(1);
});

test.describe("in Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("the lost-connection notice is in the reader's language", async ({ page }) => {
    await page.route("**/api/events", () => {});
    await gotoHydrated(page, "/gallery");
    await expect(page.getByRole("status").filter({ hasText: "实时更新已中断" })).toBeVisible({ timeout: 45_000 });
  });
});
