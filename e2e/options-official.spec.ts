import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { CAMERA_MOVE_PHRASES } from "@/lib/luma/camera";
import { OFFICIAL_SIMULATOR_URL } from "../playwright.config";
import { gotoHydrated, uniqueWord, waitForState } from "./support/generations";

/**
 * The video options with Luma's own API (Ray 3.2), in the built app against the simulator's /v1 routes: the form
 * offers exactly what the API takes, the choices reach the wire, cards and the detail view show them, a
 * combination the API refuses is stopped under its field before anything is sent, and the gallery filters by them.
 */
test.describe.configure({ mode: "serial" });

type Recorded = { body: Record<string, unknown> & { video?: Record<string, unknown> } };
const sentWith = async (request: APIRequestContext, word: string): Promise<Recorded | undefined> =>
  ((await (await request.get(`${OFFICIAL_SIMULATOR_URL}/__sim/requests?route=create`)).json()) as { requests: Recorded[] }).requests.find((item) =>
    String(item.body.prompt).includes(word),
  );

/** Counts the creates the page sends, so a refusal can be shown to have sent nothing. */
function countCreates(page: Page): () => number {
  let count = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/generations")) count += 1;
  });
  return () => count;
}

const detailValue = (page: Page, label: string) => page.locator("dt", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd[1]");

test("English: the form offers Ray 3.2's options only; the chosen ones reach Luma and show on the card and in the detail", async ({ page, request }) => {
  await gotoHydrated(page, "/");
  await expect(page.getByLabel("Model")).toHaveValue("ray-3.2");
  await expect(page.getByRole("radio", { name: "720p" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "5 s" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "9 s" })).toHaveCount(0);
  // What Luma's API lacks is absent, not broken: no prompt rewriting, no 9:21.
  await expect(page.getByRole("switch", { name: "Enhance prompt" })).toHaveCount(0);
  await expect(page.getByRole("radio", { name: /9:21/ })).toHaveCount(0);
  await expect(page.getByRole("switch", { name: "HDR" })).toBeVisible();

  const word = uniqueWord("opts");
  const prompt = `A glass elevator rising through a rainforest ${word}`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByRole("radio", { name: "1080p" }).check();
  await page.getByRole("radio", { name: "10 s" }).check();
  await page.getByLabel("Camera move").selectOption({ label: "Push in" });
  const answered = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: "Generate" }).click();
  const created = await (await answered).json();
  expect(created).toMatchObject({ model: "ray-3.2", resolution: "1080p", duration: "10s", cameraMove: "push_in" });

  const sent = await sentWith(request, word);
  expect(sent?.body).toMatchObject({ model: "ray-3.2", prompt: `${prompt}. ${CAMERA_MOVE_PHRASES.push_in}`, video: { resolution: "1080p", duration: "10s" } });

  await gotoHydrated(page, `/gallery?q=${word}`);
  const card = page.getByRole("article").filter({ hasText: prompt });
  for (const chip of ["ray-3.2", "1080p", "10 s"]) await expect(card.getByText(chip, { exact: true })).toBeVisible();

  await waitForState(request, created.id, "completed");
  await gotoHydrated(page, `/generations/${created.id}`);
  await expect(detailValue(page, "Model")).toHaveText("ray-3.2");
  await expect(detailValue(page, "Resolution")).toHaveText("1080p");
  await expect(detailValue(page, "Duration asked for")).toHaveText("10 s");
  await expect(detailValue(page, "Camera move")).toHaveText("Push in");

  // Remix brings the options back.
  await gotoHydrated(page, `/?from=${created.id}&mode=remix`);
  await expect(page.getByRole("radio", { name: "1080p" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "10 s" })).toBeChecked();
  await expect(page.getByLabel("Camera move")).toHaveValue("push_in");
});

test("English: 10 s with loop is stopped under Loop, and nothing is sent", async ({ page, request }) => {
  const creates = countCreates(page);
  await gotoHydrated(page, "/");
  const word = uniqueWord("loop10");
  await page.getByLabel("Prompt", { exact: true }).fill(`Waves folding over a reef ${word}`);
  await page.getByRole("radio", { name: "10 s" }).check();
  await page.getByRole("switch", { name: "Loop" }).click();
  await page.getByRole("button", { name: "Generate" }).click();
  const loop = page.getByRole("switch", { name: "Loop" });
  await expect(loop).toHaveAccessibleDescription(/Loop is not available for 10 s clips: turn it off, or choose 5 s\./);
  await expect(page.getByText("Loop is not available for 10 s clips: turn it off, or choose 5 s.")).toBeVisible();
  expect(creates()).toBe(0);
  expect(await sentWith(request, word)).toBeUndefined();

  // Choosing 5 s instead is accepted.
  await page.getByRole("radio", { name: "5 s" }).check();
  const answered = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: "Generate" }).click();
  expect((await answered).status()).toBe(201);
  expect((await sentWith(request, word))?.body).toMatchObject({ video: { duration: "5s", loop: true } });
});

for (const theme of ["light", "dark"] as const) {
  test(`axe: every option control, with a refusal under HDR, has no serious violation (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await gotoHydrated(page, "/");
    await page.getByLabel("Prompt", { exact: true }).fill("A quiet harbour at dawn");
    await page.getByRole("radio", { name: "540p" }).check();
    await page.getByRole("switch", { name: "HDR" }).click();
    await page.getByRole("button", { name: "Generate" }).click();
    await expect(page.getByRole("switch", { name: "HDR" })).toHaveAccessibleDescription(/HDR needs 720p, 1080p: choose one of them or turn HDR off\./);
    const results = await new AxeBuilder({ page }).include("form").analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target.join(" ")) }));
    expect(serious).toEqual([]);
  });
}

test.describe("简体中文", () => {
  test.use({ locale: "zh-CN" });

  test("中文：10 秒的 HDR 在 HDR 下方提示且不发送；改为 5 秒后选项送达并显示在卡片上", async ({ page, request, context, baseURL }) => {
    await context.addCookies([{ name: "locale", value: "zh", url: baseURL ?? "" }]);
    const creates = countCreates(page);
    await gotoHydrated(page, "/");
    await expect(page.getByRole("heading", { name: "创作视频" })).toBeVisible();
    const word = uniqueWord("hdrzh");
    const prompt = `雪山顶上的日出 ${word}`;
    await page.getByLabel("提示词", { exact: true }).fill(prompt);
    await page.getByRole("radio", { name: "10 秒" }).check();
    await page.getByRole("switch", { name: "HDR" }).click();
    await page.getByRole("button", { name: "生成" }).click();
    await expect(page.getByText("10 秒的视频不支持 HDR：请关闭 HDR，或选择 5 秒。")).toBeVisible();
    expect(creates()).toBe(0);
    expect(await sentWith(request, word)).toBeUndefined();

    await page.getByRole("radio", { name: "5 秒" }).check();
    await page.getByRole("radio", { name: "1080p" }).check();
    await page.getByLabel("运镜").selectOption({ label: "航拍" });
    const answered = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
    await page.getByRole("button", { name: "生成" }).click();
    expect((await answered).status()).toBe(201);
    expect((await sentWith(request, word))?.body).toMatchObject({
      prompt: `${prompt}. ${CAMERA_MOVE_PHRASES.aerial}`,
      video: { resolution: "1080p", duration: "5s", hdr: true },
    });

    await gotoHydrated(page, `/gallery?q=${word}`);
    const card = page.getByRole("article").filter({ hasText: prompt });
    for (const chip of ["ray-3.2", "1080p", "5 秒"]) await expect(card.getByText(chip, { exact: true })).toBeVisible();

    // The gallery filters by duration and resolution, in Chinese too.
    await page.getByRole("combobox", { name: "时长" }).selectOption("10s");
    await expect(page).toHaveURL(/duration=10s/);
    await expect(card).toHaveCount(0);
    await page.getByRole("combobox", { name: "时长" }).selectOption("5s");
    await page.getByRole("combobox", { name: "分辨率" }).selectOption("1080p");
    await expect(page).toHaveURL(/resolution=1080p/);
    await expect(card).toBeVisible();
    await page.getByRole("combobox", { name: "分辨率" }).selectOption("540p");
    await expect(card).toHaveCount(0);
  });
});
