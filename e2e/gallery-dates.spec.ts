import { expect, test } from "@playwright/test";
import { dayIn, dayStartIn } from "@/lib/i18n/time-zone";
import { gotoHydrated, uniqueWord } from "./support/generations";
import { holdRequests, listOnce, watchLiveStream } from "./support/live-race";
import { seedGenerations } from "./support/seed";

const ZONE = "Asia/Shanghai";
test.use({ timezoneId: ZONE });

test("a clip made this morning in Shanghai is under today's date there, on the server's first render too", async ({ page, browser }) => {
  const word = uniqueWord("morning");
  const today = dayIn(ZONE, Date.now());
  // Five past midnight local (or now, if that has not come yet): a time whose UTC date is still yesterday.
  const morning = new Date(Math.min(Date.now(), dayStartIn(ZONE, today) + 5 * 60_000));
  seedGenerations(1, word, { at: morning });
  const card = page.getByRole("article").filter({ hasText: word });

  await gotoHydrated(page, `/gallery?q=${word}`);
  await expect(card).toBeVisible();
  await page.getByLabel("From").fill(today);
  await expect(page).toHaveURL(new RegExp(`from=${today}`));
  await page.getByLabel("To").fill(today);
  await expect(page).toHaveURL(new RegExp(`to=${today}`));
  await expect(card).toBeVisible();
  await expect(page.getByRole("heading", { name: "Nothing here" })).toHaveCount(0);

  // The server page cuts the same day (the zone cookie the browser set), so its HTML already holds the card.
  const html = await (await page.request.get(`/gallery?q=${word}&from=${today}&to=${today}`)).text();
  expect(html).toContain(`#0 ${word}`);

  // The day before holds nothing of it.
  await page.getByLabel("From").fill("");
  await page.getByLabel("To").fill(dayIn(ZONE, dayStartIn(ZONE, today) - 1));
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();

  // A first visit straight to a dated link, before the browser could tell its zone, still shows the right day.
  const fresh = await browser.newContext({ timezoneId: ZONE });
  const cold = await fresh.newPage();
  await cold.goto(`/gallery?q=${word}&from=${today}&to=${today}`);
  await expect(cold.getByRole("article").filter({ hasText: word })).toBeVisible();
  await fresh.close();
});

test("a first visit to a dated link shows its list although a change is pushed while the list loads", async ({ browser, request }) => {
  const word = uniqueWord("pushed");
  seedGenerations(1, word);
  const [clip] = (await listOnce(request, `q=${word}`)).items;
  if (!clip) throw new Error("the seeded clip is not listed");
  const today = dayIn(ZONE, Date.now());

  // No zone cookie yet, so the server renders no list and the browser's own request is the only one. It is held
  // until a change to the clip has reached the page over the live stream, the order a slow list answer gives.
  const fresh = await browser.newContext({ timezoneId: ZONE });
  const cold = await fresh.newPage();
  const live = await watchLiveStream(cold, request);
  const list = await holdRequests(cold, /\/api\/generations\?.*tz=/);
  const streamOpen = cold.waitForResponse((response) => response.url().includes("/api/events"));
  await cold.goto(`/gallery?q=${word}&from=${today}&to=${today}`);
  await streamOpen;
  await live.pushLike(clip.id);
  list.release();

  await expect(cold.getByRole("article").filter({ hasText: word })).toBeVisible();
  await fresh.close();
});

test("a dated link opened with the zone cookie of another place shows the days of where the browser is", async ({ browser, request }) => {
  const word = uniqueWord("travel");
  const today = dayIn(ZONE, Date.now());
  // Today in Shanghai and yesterday in UTC, and the other way round: a page cut in UTC days swaps the two.
  const here = new Date(Math.min(Date.now(), dayStartIn(ZONE, today) + 5 * 60_000));
  const there = new Date(dayStartIn(ZONE, today) + 25 * 60 * 60_000);
  seedGenerations(1, word, { at: here });
  seedGenerations(1, word, { at: there });
  const clips = (await listOnce(request, `q=${word}`)).items;
  const away = clips.find((clip) => Date.parse(clip.createdAt) === there.getTime());
  const home = clips.find((clip) => Date.parse(clip.createdAt) === here.getTime());
  if (!away || !home) throw new Error("the seeded clips are not listed");

  // The cookie still says UTC (set before travelling), so the server's first page lists UTC's day. The browser's
  // own request is held until a change to a clip on that page has reached it.
  const fresh = await browser.newContext({ timezoneId: ZONE });
  await fresh.addCookies([{ name: "tz", value: "UTC", domain: "127.0.0.1", path: "/" }]);
  const cold = await fresh.newPage();
  const live = await watchLiveStream(cold, request);
  const list = await holdRequests(cold, /\/api\/generations\?.*tz=Asia/);
  const streamOpen = cold.waitForResponse((response) => response.url().includes("/api/events"));
  await cold.goto(`/gallery?q=${word}&from=${today}&to=${today}`);
  await streamOpen;
  await live.pushLike(away.id);
  list.release();

  await expect(cold.locator(`article[data-id="${home.id}"]`)).toBeVisible();
  await expect(cold.locator(`article[data-id="${away.id}"]`)).toHaveCount(0);
  await fresh.close();
});
