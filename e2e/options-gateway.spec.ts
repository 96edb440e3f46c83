import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { CAMERA_MOVE_PHRASES } from "@/lib/luma/camera";
import { GATEWAY_SIMULATOR_URL } from "../playwright.config";
import { gotoHydrated, uniqueWord, waitForState } from "./support/generations";

/**
 * The video options through the openai-hub gateway (the default profile), in the built app against the simulator
 * speaking its dialect: the model travels as `model`, the camera move in the prompt, and the resolution and
 * duration controls the gateway has no choice of are absent. English and Chinese.
 */
test.describe.configure({ mode: "serial" });

type Recorded = { body: Record<string, unknown> };
const sentWith = async (request: APIRequestContext, word: string): Promise<Recorded | undefined> =>
  ((await (await request.get(`${GATEWAY_SIMULATOR_URL}/__sim/requests?route=create`)).json()) as { requests: Recorded[] }).requests.find((item) =>
    String(item.body.user_prompt).includes(word),
  );

const detailValue = (page: Page, label: string) => page.locator("dt", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd[1]");

async function submit(page: Page, button: string) {
  const answered = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: button }).click();
  const response = await answered;
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string };
}

test("English: the model and camera move reach openai-hub; controls it lacks are absent; the card, detail and model filter show them", async ({
  page,
  request,
}) => {
  await gotoHydrated(page, "/");
  const model = page.getByLabel("Model");
  await expect(model).toHaveValue("ray-v2");
  await expect(model.locator("option")).toHaveText(["Ray 2 · ray-v2", "Ray 1.6 · ray-v1"]);
  await expect(page.getByRole("group", { name: "Resolution" })).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Duration" })).toHaveCount(0);
  await expect(page.getByRole("switch", { name: "HDR" })).toHaveCount(0);
  await expect(page.getByText("Added to the end of the prompt as a sentence.")).toBeVisible();

  const word = uniqueWord("hubopts");
  const prompt = `A red kite over green hills ${word}`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await model.selectOption("ray-v1");
  await page.getByLabel("Camera move").selectOption({ label: "Orbit left" });
  const created = await submit(page, "Generate");

  const sent = await sentWith(request, word);
  expect(sent?.body).toMatchObject({ model: "ray-v1", user_prompt: `${prompt}. ${CAMERA_MOVE_PHRASES.orbit_left}` });
  expect(sent?.body).not.toHaveProperty("resolution");
  expect(sent?.body).not.toHaveProperty("duration");

  await gotoHydrated(page, `/gallery?q=${word}`);
  const card = page.getByRole("article").filter({ hasText: prompt });
  await expect(card.getByText("ray-v1", { exact: true })).toBeVisible();
  await page.getByRole("combobox", { name: "Model" }).selectOption("ray-v2");
  await expect(page).toHaveURL(/model=ray-v2/);
  await expect(card).toHaveCount(0);
  await page.getByRole("combobox", { name: "Model" }).selectOption("ray-v1");
  await expect(card).toBeVisible();

  await waitForState(request, created.id, "completed");
  await gotoHydrated(page, `/generations/${created.id}`);
  await expect(detailValue(page, "Model")).toHaveText("ray-v1");
  await expect(detailValue(page, "Camera move")).toHaveText("Orbit left");
});

test.describe("简体中文", () => {
  test.use({ locale: "zh-CN" });

  test("中文：选择模型和运镜后送达网关，卡片和详情显示所选内容", async ({ page, request, context, baseURL }) => {
    await context.addCookies([{ name: "locale", value: "zh", url: baseURL ?? "" }]);
    await gotoHydrated(page, "/");
    const word = uniqueWord("hubzh");
    const prompt = `竹林中的小径 ${word}`;
    await page.getByLabel("提示词", { exact: true }).fill(prompt);
    await page.getByLabel("模型").selectOption("ray-v1");
    await page.getByLabel("运镜").selectOption({ label: "推镜头" });
    const created = await submit(page, "生成");
    expect((await sentWith(request, word))?.body).toMatchObject({ model: "ray-v1", user_prompt: `${prompt}. ${CAMERA_MOVE_PHRASES.push_in}` });

    await gotoHydrated(page, `/gallery?q=${word}&model=ray-v1`);
    await expect(page.getByRole("article").filter({ hasText: prompt }).getByText("ray-v1", { exact: true })).toBeVisible();
    await waitForState(request, created.id, "completed");
    await gotoHydrated(page, `/generations/${created.id}`);
    await expect(detailValue(page, "运镜")).toHaveText("推镜头");
  });
});
