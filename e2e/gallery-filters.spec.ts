import { expect, test } from "@playwright/test";
import { createGeneration, gotoHydrated, uniqueWord } from "./support/generations";

test("prompt search is debounced into the URL and Back undoes it", async ({ page, request }) => {
  const word = uniqueWord("srch");
  await createGeneration(request, { prompt: `Amber fireflies over a meadow ${word}` });
  await createGeneration(request, { prompt: `Icebergs under a green aurora ${word}` });
  await gotoHydrated(page, `/gallery?q=${word}`);
  await expect(page.getByRole("article")).toHaveCount(2);

  const search = page.getByRole("searchbox", { name: "Search prompts" });
  await expect(search).toHaveValue(word);
  await search.fill(`aurora ${word}`);
  await expect(page).toHaveURL(new RegExp(`q=aurora\\+${word}`));
  await expect(page.getByRole("article")).toHaveCount(1);
  await expect(page.getByRole("article")).toContainText("Icebergs");

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`q=${word}$`));
  await expect(page.getByRole("article")).toHaveCount(2);
  await expect(search).toHaveValue(word);
});

test("typing goes on in the search box after its results arrive: no key lands on a card", async ({ page, request }) => {
  const word = uniqueWord("typ");
  await createGeneration(request, { prompt: `Paper lanterns on a river ${word}` });
  await gotoHydrated(page, "/gallery");
  const search = page.getByRole("searchbox", { name: "Search prompts" });
  await search.click();
  await page.keyboard.type(word);
  // The pause in typing has sent the search and its results have arrived...
  await expect(page).toHaveURL(new RegExp(`q=${word}`));
  await expect(page.getByRole("article")).toHaveCount(1);
  // ...and the person keeps typing: "l" likes and "x" selects a card when a key reaches the page, Enter opens one.
  await page.keyboard.type(" lx");
  await page.keyboard.press("Enter");
  await expect(search).toBeFocused();
  await expect(search).toHaveValue(`${word} lx`);
  await expect(page).toHaveURL(/\/gallery\?/);
  await expect(page.getByText(/selected/)).toHaveCount(0);
  const [card] = (await (await request.get(`/api/generations?q=${word}`)).json()).items as Array<{ liked: boolean }>;
  expect(card?.liked).toBe(false);
});

test("search finds Chinese prompts by their words", async ({ page, request }) => {
  const word = uniqueWord("zh");
  await createGeneration(request, { prompt: `一只橘猫在窗台上晒太阳 ${word}` });
  await gotoHydrated(page, "/gallery");
  await page.getByRole("searchbox", { name: "Search prompts" }).fill("橘猫在窗台");
  await expect(page).toHaveURL(/q=%E6%A9%98/);
  await expect(page.getByRole("article").filter({ hasText: word })).toBeVisible();
});

test("filters and sort combine, live in the URL, and an empty result offers a way out", async ({ page, request }) => {
  const word = uniqueWord("flt");
  const first = await createGeneration(request, { prompt: `Tall waterfall first ${word}`, aspectRatio: "9:16" });
  await createGeneration(request, { prompt: `Wide canyon second ${word}`, aspectRatio: "16:9" });
  await request.patch(`/api/generations/${first.id}`, { data: { liked: true } });
  await gotoHydrated(page, `/gallery?q=${word}`);
  await expect(page.getByRole("article")).toHaveCount(2);
  await expect(page.getByRole("article").first()).toContainText("second");

  await page.getByRole("combobox", { name: "Sort" }).selectOption("oldest");
  await expect(page).toHaveURL(/sort=oldest/);
  await expect(page.getByRole("article").first()).toContainText("first");

  await page.getByRole("combobox", { name: "Aspect ratio" }).selectOption("16:9");
  await expect(page).toHaveURL(/aspectRatio=16%3A9/);
  await expect(page.getByRole("article")).toHaveCount(1);
  await expect(page.getByRole("article")).toContainText("canyon");

  await page.getByRole("combobox", { name: "Aspect ratio" }).selectOption("");
  await page.getByRole("button", { name: "Liked only" }).click();
  await expect(page).toHaveURL(/liked=true/);
  await expect(page.getByRole("button", { name: "Liked only" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("article")).toHaveCount(1);
  await expect(page.getByRole("article")).toContainText("waterfall");

  await page.getByLabel("From").fill("2099-01-01");
  await expect(page).toHaveURL(/from=2099-01-01/);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await page.getByRole("link", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/gallery$/);
});

test("the state filter keeps the other filters", async ({ page, request }) => {
  const word = uniqueWord("st");
  const stuck = await createGeneration(request, { prompt: `Stuck forever ${word} [sim:stuck]` });
  await gotoHydrated(page, `/gallery?q=${word}`);
  await page.getByRole("link", { name: "Failed" }).click();
  await expect(page).toHaveURL(new RegExp(`filter=failed.*q=${word}`));
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await page.getByRole("link", { name: "In progress" }).click();
  await expect(page.getByRole("article")).toHaveCount(1);
  await request.delete(`/api/generations/${stuck.id}`);
});

test("pages load on scroll, a Load more button stays as a fallback, and the DOM holds only a window of cards", async ({ page, request }) => {
  test.setTimeout(180_000);
  const word = uniqueWord("pg");
  for (let n = 0; n < 28; n += 1) await createGeneration(request, { prompt: `Page test clip ${n} ${word} [sim:moderation]` });
  await page.setViewportSize({ width: 390, height: 844 });
  await gotoHydrated(page, `/gallery?q=${word}`);
  await expect(page.getByRole("button", { name: "Load more" })).toBeVisible();
  const rendered = await page.getByRole("article").count();
  expect(rendered).toBeLessThanOrEqual(24);

  for (let step = 0; step < 30; step += 1) {
    await page.mouse.wheel(0, 2000);
    if (await page.getByText("That's everything.").isVisible()) break;
    await page.waitForTimeout(150);
  }
  await expect(page.getByText("That's everything.")).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: `Page test clip 0 ${word}` })).toBeVisible();
  // One column of 28 cards, but only the rows near the viewport exist.
  expect(await page.getByRole("article").count()).toBeLessThan(20);
});
