import fs from "node:fs/promises";
import { expect, test, type Locator } from "@playwright/test";
import { WATERMARK_MARK } from "@/simulator/media";
import { createGeneration, getGeneration, gotoHydrated, uniqueWord } from "./support/generations";

// `[sim:cutclean=7]` cuts this clip's first 7 clean-copy downloads mid-stream: the first archive attempt loses all
// three clean links (download_url, video_raw, a fresh download_video_url) and keeps the watermarked stand-in,
// the retry 10 s later loses three more, the one after that gets the clean copy (about 40 s of stand-in).
const CUTS = 7;

/** Loads the player's media and says whether it can show a frame. */
const canPlay = (video: Locator) =>
  video.evaluate(
    (element: HTMLVideoElement) =>
      new Promise<boolean>((resolve) => {
        if (element.readyState >= 1) return resolve(true);
        element.addEventListener("loadedmetadata", () => resolve(true), { once: true });
        element.addEventListener("error", () => resolve(false), { once: true });
        element.load();
      }),
  );

test("a clip whose clean copy is late plays from the watermarked stand-in, says so, then swaps in the clean one", async ({ page, request }) => {
  const word = uniqueWord("clean");
  const prompt = `Paper boats on a canal ${word} [sim:cutclean=${CUTS}]`;
  const created = await createGeneration(request, { prompt, aspectRatio: "16:9" });
  await expect.poll(async () => (await getGeneration(request, created.id)).isCleanCopyMissing, { timeout: 60_000, intervals: [500] }).toBe(true);

  // The card: playable at once, with a small note that this is the watermarked copy, and no download yet.
  await gotoHydrated(page, `/gallery?q=${word}`);
  const card = page.getByRole("article").filter({ hasText: word });
  const note = card.getByText("Watermarked for now");
  await expect(note).toBeVisible();
  await expect(note).toHaveAttribute("title", /watermark-free copy hasn't downloaded yet/);
  await expect(card.getByRole("link", { name: `Download video: ${prompt}` })).toHaveCount(0);

  // The detail view says the same in words, and its player plays the stand-in.
  await card.getByRole("link", { name: prompt }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("You're watching the watermarked copy.")).toBeVisible();
  await expect(dialog.getByRole("link", { name: "Download" })).toHaveCount(0);
  const player = dialog.getByLabel(`Video: ${prompt}`);
  await expect(player).toHaveAttribute("src", `/api/generations/${created.id}/media/video?copy=watermarked`);
  expect(await canPlay(player)).toBe(true);

  // The clean copy arrives: the note goes, the player switches to it, and Download gives the clean file.
  await expect(dialog.getByText("You're watching the watermarked copy.")).toHaveCount(0, { timeout: 90_000 });
  await expect(player).toHaveAttribute("src", `/api/generations/${created.id}/media/video`);
  expect(await canPlay(player)).toBe(true);
  const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("link", { name: "Download" }).click()]);
  const file = await fs.readFile((await download.path()) as string);
  expect(file.subarray(4, 8).toString("ascii")).toBe("ftyp");
  expect(file.includes(WATERMARK_MARK)).toBe(false);

  await page.keyboard.press("Escape");
  await expect(card.getByText("Watermarked for now")).toHaveCount(0);
  await expect(card.getByRole("link", { name: `Download video: ${prompt}` })).toBeVisible();
  expect(await getGeneration(request, created.id)).toMatchObject({ isCleanCopyMissing: false, isArchived: true });
});

test.describe("in Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("the card and the detail view say it in Chinese", async ({ page, request }) => {
    const word = uniqueWord("cleanzh");
    const created = await createGeneration(request, { prompt: `运河上的纸船 ${word} [sim:cutclean=${CUTS}]`, aspectRatio: "1:1" });
    await expect.poll(async () => (await getGeneration(request, created.id)).isCleanCopyMissing, { timeout: 60_000, intervals: [500] }).toBe(true);
    await gotoHydrated(page, `/gallery?q=${word}`);
    await expect(page.getByRole("article").filter({ hasText: word }).getByText("暂为带水印版")).toBeVisible();
    await gotoHydrated(page, `/generations/${created.id}`);
    await expect(page.getByText("当前播放的是带水印的版本。")).toBeVisible();
  });
});
