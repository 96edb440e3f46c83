import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import type { Generation } from "@/lib/generations/types";
import type { SimulatorScenario } from "@/simulator/scenario";
import { OFFICIAL_KEY, OFFICIAL_SIMULATOR_URL } from "../playwright.config";
import { createCompleted, gotoHydrated, uniqueWord, waitForState } from "./support/generations";

/**
 * The built app with a Luma API key: each clip-from-a-clip action in the detail view, what reaches Luma's API for
 * it, and the new clip's lineage; then the diagnostics page with a good key and a refused one.
 */
test.describe.configure({ mode: "serial" });

const sim = (path: string) => `${OFFICIAL_SIMULATOR_URL}/__sim/${path}`;
const steer = async (request: APIRequestContext, patch: SimulatorScenario) => expect((await request.post(sim("scenario"), { data: patch })).ok()).toBe(true);
type Recorded = { key: string; body: Record<string, unknown> & { video?: Record<string, unknown>; source?: Record<string, unknown> } };
const sentWith = async (request: APIRequestContext, word: string): Promise<Recorded | undefined> =>
  ((await (await request.get(sim("requests?route=create"))).json()) as { requests: Recorded[] }).requests.find((item) =>
    String(item.body.prompt).includes(word),
  );
/** The clip the dialog just started, found by the words of its prompt. */
const childWith = async (request: APIRequestContext, word: string): Promise<Generation> => {
  const items = ((await (await request.get(`/api/generations?q=${encodeURIComponent(word)}`)).json()) as { items: Generation[] }).items;
  expect(items).toHaveLength(1);
  return items[0] as Generation;
};

let first: Generation;
let second: Generation;

test.beforeAll(async ({ request }) => {
  const word = uniqueWord("source");
  [first, second] = await Promise.all([
    createCompleted(request, { prompt: `A lighthouse beam sweeps the fog ${word}` }),
    createCompleted(request, { prompt: `The beam fades into a pale dawn ${word}` }),
  ]);
});

async function openAction(page: Page, id: string, button: string, dialogName: string) {
  await gotoHydrated(page, `/generations/${id}`);
  await page.getByRole("group", { name: "Make a new clip from this one" }).getByRole("button", { name: button }).click();
  const dialog = page.getByRole("dialog", { name: dialogName });
  await expect(dialog).toBeVisible();
  return dialog;
}

test("Extend backward makes a lead-in that ends on the clip, and links back to it", async ({ page, request }) => {
  const word = uniqueWord("leadin");
  const dialog = await openAction(page, first.id, "Extend backward (lead-in)", "Add a lead-in before this clip");
  // The prompt is required, in our words, before anything is sent.
  await dialog.getByRole("button", { name: "Make the lead-in" }).click();
  await expect(dialog.getByText("Describe the new clip.")).toBeVisible();
  await dialog.getByLabel("Prompt").fill(`A boat drifts out of the dark ${word}`);
  await dialog.getByRole("button", { name: "Make the lead-in" }).click();
  await expect(page.getByText("New clip started")).toBeVisible();
  await expect(dialog).toBeHidden();

  const sent = await sentWith(request, word);
  expect(sent).toMatchObject({ key: "POST /v1/generations", body: { type: "video", video: { end_frame: { generation_id: first.upstreamId } } } });
  expect(sent?.body.video).not.toHaveProperty("start_frame");

  const child = await childWith(request, word);
  expect(child).toMatchObject({ kind: "extend_backward", parentId: first.id });
  await gotoHydrated(page, `/generations/${child.id}`);
  await expect(page.getByRole("heading", { name: "Made from" })).toBeVisible();
  await expect(page.getByText("Lead-in before")).toBeVisible();
  await page.getByRole("link", { name: new RegExp(first.prompt) }).click();
  await expect(page).toHaveURL(new RegExp(`/generations/${first.id}$`));
});

test("Interpolate to… asks for the clip to end on, then bridges the two", async ({ page, request }) => {
  const word = uniqueWord("bridge");
  const dialog = await openAction(page, first.id, "Interpolate to…", "Interpolate to another clip");
  await dialog.getByLabel("Prompt").fill(`Night turns to day ${word}`);
  await dialog.getByRole("button", { name: "Interpolate" }).click();
  await expect(dialog.getByText("Choose the clip to end on.")).toBeVisible();
  expect(await sentWith(request, word)).toBeUndefined();

  const picker = dialog.getByRole("group", { name: "Clip to end on" });
  // The clip itself is not offered as its own end.
  await expect(picker.getByRole("radio", { name: first.prompt })).toHaveCount(0);
  await picker.getByRole("radio", { name: second.prompt }).check();
  await dialog.getByRole("button", { name: "Interpolate" }).click();
  await expect(page.getByText("New clip started")).toBeVisible();

  expect((await sentWith(request, word))?.body.video).toMatchObject({
    start_frame: { generation_id: first.upstreamId },
    end_frame: { generation_id: second.upstreamId },
  });
  const child = await childWith(request, word);
  expect(child).toMatchObject({ kind: "interpolate", parentId: first.id, secondParentId: second.id });
  await gotoHydrated(page, `/generations/${child.id}`);
  await expect(page.getByText("Arrives at")).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(second.prompt) })).toHaveAttribute("href", `/generations/${second.id}`);
});

test("Restyle sends the clip with the chosen strength", async ({ page, request }) => {
  const word = uniqueWord("restyle");
  const dialog = await openAction(page, first.id, "Restyle", "Restyle this clip");
  await dialog.getByLabel("Strength").selectOption({ label: "Reimagine 2" });
  await dialog.getByLabel("Prompt").fill(`As a charcoal drawing ${word}`);
  await dialog.getByRole("button", { name: "Restyle" }).click();
  await expect(page.getByText("New clip started")).toBeVisible();

  expect(await sentWith(request, word)).toMatchObject({
    body: { type: "video_edit", source: { generation_id: first.upstreamId }, video: { edit: { strength: "reimagine_2" } } },
  });
  const child = await childWith(request, word);
  await gotoHydrated(page, `/generations/${child.id}`);
  await expect(page.getByText("Restyle of")).toBeVisible();
  await expect(page.getByText("Strength: Reimagine 2")).toBeVisible();
  await waitForState(request, child.id, "completed");
});

test("Reframe offers the other ratios Luma makes and sends the chosen one", async ({ page, request }) => {
  const word = uniqueWord("reframe");
  const dialog = await openAction(page, first.id, "Reframe", "Reframe this clip");
  const ratios = dialog.getByRole("group", { name: "New aspect ratio" });
  // Not the clip's own ratio, and not one Luma's API does not make.
  await expect(ratios.getByRole("radio", { name: "16:9" })).toHaveCount(0);
  await expect(ratios.getByRole("radio", { name: "9:21" })).toHaveCount(0);
  await ratios.getByRole("radio", { name: "9:16" }).check();
  await dialog.getByLabel("Prompt").fill(`Tall, for a phone ${word}`);
  await dialog.getByRole("button", { name: "Reframe" }).click();
  await expect(page.getByText("New clip started")).toBeVisible();

  expect(await sentWith(request, word)).toMatchObject({ body: { type: "video_reframe", aspect_ratio: "9:16", source: { generation_id: first.upstreamId } } });
  const child = await childWith(request, word);
  expect(child).toMatchObject({ kind: "video_reframe", aspectRatio: "9:16" });
  await gotoHydrated(page, `/generations/${child.id}`);
  await expect(page.getByText("16:9 → 9:16")).toBeVisible();
});

test("in the gallery's overlay, a derive dialog opens over it and Escape closes only the dialog", async ({ page, request }) => {
  const word = first.prompt.split(" ").at(-1) as string;
  await gotoHydrated(page, `/gallery?q=${word}`);
  await page.getByRole("link", { name: first.prompt, exact: true }).click();
  const overlay = page.getByRole("dialog", { name: first.prompt });
  await expect(overlay).toBeVisible();
  await overlay.getByRole("button", { name: "Restyle" }).click();
  const dialog = page.getByRole("dialog", { name: "Restyle this clip" });
  await expect(dialog.getByLabel("Prompt")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(overlay).toBeVisible();

  const reframeWord = uniqueWord("overlay");
  await overlay.getByRole("button", { name: "Reframe" }).click();
  const reframe = page.getByRole("dialog", { name: "Reframe this clip" });
  await reframe.getByRole("radio", { name: "1:1" }).check();
  await reframe.getByLabel("Prompt").fill(`Square, for a feed ${reframeWord}`);
  await reframe.getByRole("button", { name: "Reframe" }).click();
  await expect(page.getByText("New clip started")).toBeVisible();
  await expect(reframe).toBeHidden();
  await expect(overlay).toBeVisible();
  expect(await sentWith(request, reframeWord)).toMatchObject({ body: { type: "video_reframe", aspect_ratio: "1:1" } });
});

test("重新风格化（简体中文）：对话框、校验和新片段的来源都是中文", async ({ page, request }) => {
  await gotoHydrated(page, "/");
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  const word = uniqueWord("zh");
  await gotoHydrated(page, `/generations/${first.id}`);
  await page.getByRole("group", { name: "用这段视频制作新片段" }).getByRole("button", { name: "重新风格化" }).click();
  const dialog = page.getByRole("dialog", { name: "重新风格化这段视频" });
  await dialog.getByRole("button", { name: "重新风格化" }).click();
  await expect(dialog.getByText("请描述新片段。")).toBeVisible();
  await dialog.getByLabel("强度").selectOption({ label: "贴合 1" });
  await dialog.getByLabel("提示词").fill(`水彩画风格 ${word}`);
  await dialog.getByRole("button", { name: "重新风格化" }).click();
  await expect(page.getByText("新片段已开始生成")).toBeVisible();

  expect(await sentWith(request, word)).toMatchObject({ body: { type: "video_edit", video: { edit: { strength: "adhere_1" } } } });
  const child = await childWith(request, word);
  await gotoHydrated(page, `/generations/${child.id}`);
  await expect(page.getByRole("heading", { name: "制作来源" })).toBeVisible();
  await expect(page.getByText("强度：贴合 1")).toBeVisible();
});

test("diagnostics: a good key passes and the page shows Luma's API, never the key", async ({ page }) => {
  await gotoHydrated(page, "/");
  await page.getByRole("navigation").getByRole("link", { name: "Diagnostics" }).click();
  await expect(page.getByRole("heading", { name: "Diagnostics", level: 1 })).toBeVisible();
  const keyCheck = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "API key" }) });
  await expect(keyCheck.getByText("Luma's API accepted the key.")).toBeVisible();
  await expect(keyCheck.getByText("Passed")).toBeVisible();
  await expect(page.getByText("Luma's own API (Ray 3.2)")).toBeVisible();
  await expect(page.getByText("Luma's API has no balance endpoint: check the balance on its own dashboard.")).toBeVisible();
  await expect(page.getByText(/Not checked: PUBLIC_BASE_URL is not set/)).toBeVisible();
  await expect(page.getByText("extend · lead-in · interpolate · restyle · reframe")).toBeVisible();
  expect(await page.content()).not.toContain(OFFICIAL_KEY.slice("luma-api-".length));
});

test("diagnostics: a refused key fails and says to set LUMA_API_KEY", async ({ page, request }) => {
  await gotoHydrated(page, "/diagnostics");
  await expect(page.getByText("Luma's API accepted the key.")).toBeVisible();
  await steer(request, { unauthorizedAfter: 0 });
  try {
    await page.getByRole("button", { name: "Check again" }).click();
    const keyCheck = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "API key" }) });
    await expect(keyCheck.getByText(/^The key was refused\. Set LUMA_API_KEY to a valid key/)).toBeVisible();
    await expect(keyCheck.getByText("Failed")).toBeVisible();
    await expect(keyCheck.getByText(/Details: Luma rejected the API key \(HTTP 401\)/)).toBeVisible();
    expect(await page.content()).not.toContain(OFFICIAL_KEY.slice("luma-api-".length));
  } finally {
    await steer(request, { unauthorizedAfter: null });
  }
});
