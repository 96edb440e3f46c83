import { expect, test, type APIRequestContext } from "@playwright/test";
import type { SimulatorScenario } from "@/simulator/scenario";
import { OFFICIAL_KEY, OFFICIAL_SIMULATOR_URL } from "../playwright.config";
import { createCompleted, gotoHydrated, submitForm, uniqueWord, waitForState } from "./support/generations";

/**
 * The built app with a Luma API key (`luma-api-…`, so Luma's own API is chosen without LUMA_PROVIDER), against the
 * standalone simulator's /v1 routes: what a person meets through today's form and gallery. One file, in order:
 * the simulator's scenario is global.
 */
test.describe.configure({ mode: "serial" });

const sim = (path: string) => `${OFFICIAL_SIMULATOR_URL}/__sim/${path}`;
const steer = async (request: APIRequestContext, patch: SimulatorScenario) => expect((await request.post(sim("scenario"), { data: patch })).ok()).toBe(true);
type Recorded = { key: string; path: string; body: Record<string, unknown> & { video?: Record<string, unknown> } };
/** The create whose prompt carries `word`: what this test sent, whatever else reached the simulator. */
const sentWith = async (request: APIRequestContext, word: string): Promise<Recorded | undefined> =>
  ((await (await request.get(sim("requests?route=create"))).json()) as { requests: Recorded[] }).requests.find((item) =>
    String(item.body.prompt).includes(word),
  );

test.beforeEach(async ({ request }) => {
  await request.post(sim("reset"));
});

test("the form makes a Ray 3.2 clip through Luma's API that plays, and says so on the wire", async ({ page, request }) => {
  const word = uniqueWord("official");
  const prompt = `A paper lantern drifting over a canal ${word}`;
  const response = await submitForm(page, prompt);
  expect(response.status()).toBe(201);
  const created = await response.json();
  expect(created).toMatchObject({ model: "ray-3.2", resolution: "720p", duration: "5s", provider: "official", kind: "video" });

  const sent = await sentWith(request, word);
  expect(sent).toMatchObject({
    key: "POST /v1/generations",
    body: { model: "ray-3.2", type: "video", prompt, aspect_ratio: "16:9", video: { resolution: "720p", duration: "5s" } },
  });
  // The gateway format's fields mean nothing here, and the form's "enhance prompt" has no counterpart.
  expect(sent?.body).not.toHaveProperty("user_prompt");
  expect(sent?.body).not.toHaveProperty("expand_prompt");

  const card = page.getByRole("article").filter({ hasText: prompt });
  const play = card.getByRole("button", { name: /Play/ });
  await expect(play).toBeVisible({ timeout: 60_000 });
  await play.click();
  const video = card.locator("video").and(card.getByLabel(`Video: ${prompt}`, { exact: true }));
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  // Luma's links expire in an hour: the card plays our archived copy.
  expect(await video.getAttribute("src")).toBe(`/api/generations/${created.id}/media/video`);
});

test("a refusal is worded as Luma's, and leaves nothing behind", async ({ page, request }) => {
  await steer(request, { insufficientBalance: true });
  const word = uniqueWord("broke");
  const response = await submitForm(page, `A desert at noon ${word}`);
  expect(response.status()).toBe(402);
  const text = await response.text();
  expect(text).not.toContain(OFFICIAL_KEY);
  expect(JSON.parse(text).error.code).toBe("upstream_payment");
  await expect(page.getByText(/Luma says the account has no balance left \(HTTP 402\)\. Add funds/)).toBeVisible();
  expect((await (await request.get(`/api/generations?q=${word}`)).json()).items).toEqual([]);
});

test("a ratio Luma's API does not make is not offered, and the API refuses it under the ratio before anything is sent", async ({ page, request }) => {
  await gotoHydrated(page, "/");
  await expect(page.getByRole("radio", { name: /21:9/ })).toBeVisible();
  await expect(page.getByRole("radio", { name: /9:21/ })).toHaveCount(0);
  const word = uniqueWord("ratio");
  const response = await request.post("/api/generations", { data: { prompt: `A tall waterfall ${word}`, aspectRatio: "9:21" } });
  expect(response.status()).toBe(400);
  expect((await response.json()).error.fieldErrors.aspectRatio).toEqual(["Luma's API does not make 9:21 clips: choose 16:9, 9:16, 1:1, 4:3, 3:4, 21:9."]);
  expect(await sentWith(request, word)).toBeUndefined();
});

test("extend continues a finished clip by its Luma generation id", async ({ page, request }) => {
  const word = uniqueWord("extend");
  const prompt = `A kite over dunes ${word}`;
  const parent = await createCompleted(request, { prompt });
  await gotoHydrated(page, `/gallery?q=${word}`);
  await page
    .getByRole("article")
    .filter({ hasText: word })
    .getByRole("button", { name: `More actions for ${prompt}` })
    .click();
  await page.getByRole("menuitem", { name: "Extend" }).click();
  const dialog = page.getByRole("dialog", { name: "Extend this video" });
  await dialog.getByLabel("What happens next").fill(`The kite climbs into the clouds ${word}`);
  await dialog.getByRole("button", { name: "Extend" }).click();
  await expect(page.getByText("Extension started")).toBeVisible();

  expect(await sentWith(request, `clouds ${word}`)).toMatchObject({ body: { type: "video", video: { start_frame: { generation_id: parent.upstreamId } } } });
  const child = (await (await request.get(`/api/generations?q=${encodeURIComponent(`clouds ${word}`)}`)).json()).items[0];
  expect(child).toMatchObject({ parentId: parent.id, kind: "extend", model: "ray-3.2" });
  await waitForState(request, child.id, "completed", { archived: true });
});

test("a failure Luma says to retry carries its code and is marked retryable", async ({ request }) => {
  const created = await (
    await request.post("/api/generations", { data: { prompt: `Storm clouds ${uniqueWord("fail")} [sim:code=generation_failed]` } })
  ).json();
  const failed = await waitForState(request, created.id, "failed");
  expect(failed).toMatchObject({ failureCode: "generation_failed", isRetryable: true });
});
