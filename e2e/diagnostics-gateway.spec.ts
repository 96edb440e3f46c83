import { expect, test, type APIRequestContext } from "@playwright/test";
import type { SimulatorScenario } from "@/simulator/scenario";
import { GATEWAY_KEY, GATEWAY_SIMULATOR_URL } from "../playwright.config";
import { createCompleted, gotoHydrated, uniqueWord } from "./support/generations";

/**
 * The built app with a gateway key (openai-hub): the detail view offers only what the platform format can do, and
 * the diagnostics page (here in Chinese) checks the key and says what to change when it is refused.
 */
test.describe.configure({ mode: "serial" });

const steer = async (request: APIRequestContext, patch: SimulatorScenario) =>
  expect((await request.post(`${GATEWAY_SIMULATOR_URL}/__sim/scenario`, { data: patch })).ok()).toBe(true);

test("a gateway clip offers Extend, and none of the actions only Luma's API has", async ({ page, request }) => {
  const clip = await createCompleted(request, { prompt: `A paper boat on a puddle ${uniqueWord("gw")}` });
  await gotoHydrated(page, `/generations/${clip.id}`);
  await expect(page.getByRole("group", { name: "Actions" }).getByRole("button", { name: "Extend", exact: true })).toBeVisible();
  await expect(page.getByRole("group", { name: "Make a new clip from this one" })).toHaveCount(0);
  for (const name of ["Extend backward (lead-in)", "Interpolate to…", "Restyle", "Reframe"]) await expect(page.getByRole("button", { name })).toHaveCount(0);

  // The route refuses them too, in one sentence that names what can.
  const response = await request.post(`/api/generations/${clip.id}/derive`, { data: { action: "video_reframe", prompt: "tall", aspectRatio: "9:16" } });
  expect(response.status()).toBe(400);
  expect((await response.json()).error.message).toBe("openai-hub cannot reframe a clip. Luma's own API can: set LUMA_API_KEY to a luma-api- key.");
});

test("诊断页（简体中文）：密钥有效时通过，被拒绝时提示设置 LUMA_API_KEY", async ({ page, request }) => {
  await gotoHydrated(page, "/");
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByRole("navigation").getByRole("link", { name: "诊断" }).click();
  await expect(page.getByRole("heading", { name: "诊断", level: 1 })).toBeVisible();
  const keyCheck = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "API 密钥" }) });
  await expect(keyCheck.getByText("openai-hub 接受了这个密钥。")).toBeVisible();
  await expect(keyCheck.getByText("通过")).toBeVisible();
  await expect(page.getByText("Luma 中转网关（平台格式）")).toBeVisible();
  await expect(page.getByText("openai-hub 没有查询余额的接口：请在它自己的控制台查看余额。")).toBeVisible();
  await expect(page.getByText(/^未检查：没有设置 PUBLIC_BASE_URL/)).toBeVisible();

  await steer(request, { unauthorizedAfter: 0 });
  try {
    await page.getByRole("button", { name: "重新检查" }).click();
    await expect(keyCheck.getByText(/^密钥被拒绝。请把 LUMA_API_KEY 设置为有效的密钥/)).toBeVisible();
    await expect(keyCheck.getByText("失败")).toBeVisible();
    expect(await page.content()).not.toContain(GATEWAY_KEY.slice(3));
  } finally {
    await steer(request, { unauthorizedAfter: null });
  }
});
