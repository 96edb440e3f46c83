import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { unzipSync } from "fflate";
import type { GenerationPage } from "@/lib/generations/types";
import { gotoHydrated, uniqueWord } from "./support/generations";
import { holdRequests, listOnce, watchLiveStream } from "./support/live-race";
import { seedGenerations } from "./support/seed";

/**
 * Past every old limit at once: 500 ids per request, and the ~16 KB URL a zip link could carry. The route test
 * (lib/generations/bulk.integration.test.ts) takes 2,000; here the page also has to load and render them all.
 */
const COUNT = 600;

async function countMatching(request: APIRequestContext, query: string): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const response = await request.get(`/api/generations?limit=100&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(response.ok()).toBe(true);
    const page = (await response.json()) as GenerationPage;
    total += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}

test("600 selected cards are all zipped, then all deleted", async ({ page, request }) => {
  // Loading 600 cards a page at a time, zipping and deleting them is slow on a loaded CI machine.
  test.setTimeout(360_000);
  const tag = uniqueWord("bulk");
  seedGenerations(COUNT, tag);
  expect(await countMatching(request, `q=${tag}`)).toBe(COUNT);
  const downloadable = await countMatching(request, `q=${tag}&state=completed`);

  await gotoHydrated(page, `/gallery?q=${tag}`);
  // "Select all loaded" takes what has been scrolled into the list: scroll to the end first.
  const end = page.getByText("That's everything.");
  await expect
    .poll(
      async () => {
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        return end.isVisible();
      },
      { timeout: 180_000, intervals: [250] },
    )
    .toBe(true);

  await page.getByRole("article").first().hover();
  await page.getByRole("article").first().getByRole("checkbox").check();
  const bar = page.getByRole("toolbar", { name: "Selection" });
  await bar.getByRole("button", { name: "Select all loaded" }).click();
  await expect(bar.getByText(`${COUNT} selected`)).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), bar.getByRole("button", { name: "Download as zip" }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`-${downloadable}-videos\\.zip$`));
  const entries = unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
  expect(Object.keys(entries)).toHaveLength(downloadable);

  await bar.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("alertdialog", { name: `Delete ${COUNT} generations?` });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText(`${COUNT} generations deleted`)).toBeVisible({ timeout: 180_000 });
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  expect(await countMatching(request, `q=${tag}`)).toBe(0);
});

test("a change pushed while the next page loads leaves the loaded cards as they were", async ({ page, request }) => {
  // Oldest first, so the clip that changes is one not loaded: the list has nothing to update. The live provider
  // used to patch page 1's own SWR entry anyway, as a newest-first list of fixed size (the clip in at the top, the
  // oldest card cut off); the write that overlapped the next page's request dropped its answer, and asking for
  // that page again rebuilt the list from the entries, the patched page 1 included.
  const tag = uniqueWord("paging");
  seedGenerations(60, tag);
  const changed = (await listOnce(request, `limit=1&q=${tag}`)).items[0];
  if (!changed) throw new Error("the seeded clips are not listed");

  const live = await watchLiveStream(page, request);
  // The second page's answer is held until the change has reached the page, the order a slow list answer gives.
  const nextPage = await holdRequests(page, /\/api\/generations\?.*cursor=/);
  const streamOpen = page.waitForResponse((response) => response.url().includes("/api/events"));
  await gotoHydrated(page, `/gallery?q=${tag}&sort=oldest`);
  const first = page.getByRole("article").first();
  await expect(first).toContainText(`#59 ${tag}`);
  await streamOpen;

  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await nextPage.asked;
  await live.pushLike(changed.id);
  nextPage.release();

  await expect(page.getByRole("article").filter({ hasText: `#35 ${tag}` })).toBeAttached();
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(first).toContainText(`#59 ${tag}`);
  await expect(page.getByRole("article").nth(1)).toContainText(`#58 ${tag}`);
});
