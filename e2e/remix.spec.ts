import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";

async function completedGeneration(request: APIRequestContext, data: Record<string, unknown>) {
  const created = await request.post("/api/generations", { data });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  // Demo jobs finish in about ten seconds; continue needs the archived last frame.
  await expect
    .poll(async () => (await (await request.get(`/api/generations/${id}`)).json()).lastFrameUrl as string | null, { timeout: 60_000, intervals: [1000] })
    .toBe(`/api/generations/${id}/media/last-frame`);
  return (await (await request.get(`/api/generations/${id}`)).json()) as { id: string; prompt: string; lastFrameUrl: string };
}

test("remix and continue open the form filled from a generation, and submit", async ({ page, request }) => {
  const upload = await request.post("/api/uploads", {
    headers: { "Content-Type": "image/jpeg" },
    data: readFileSync(path.join(process.cwd(), "simulator", "assets", "9x16-last.jpg")),
  });
  expect(upload.status()).toBe(201);
  const endFrame = ((await upload.json()) as { url: string }).url;
  const prompt = `A heron lifting off a misty lake ${Date.now()}`;
  const source = await completedGeneration(request, { prompt, aspectRatio: "9:16", loop: true, expandPrompt: false, model: "ray-v2", imageEndUrl: endFrame });

  // Remix: every option as it was.
  await page.goto(`/?from=${source.id}&mode=remix`);
  await expect(page.getByRole("status").filter({ hasText: `Remixing “${prompt}”` })).toBeVisible();
  await expect(page.getByLabel("Prompt", { exact: true })).toHaveValue(prompt);
  await expect(page.getByRole("radio", { name: /9:16/ })).toBeChecked();
  await expect(page.getByRole("switch", { name: "Loop" })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByRole("switch", { name: "Enhance prompt" })).toHaveAttribute("aria-checked", "false");
  await expect(page.getByLabel("Model")).toHaveValue("ray-v2");
  await expect(page.getByLabel("Start frame URL")).toHaveValue("");
  await expect(page.getByLabel("End frame URL")).toHaveValue(endFrame);

  const remixed = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: "Generate" }).click();
  const remixResponse = await remixed;
  expect(remixResponse.status()).toBe(201);
  expect(await remixResponse.json()).toMatchObject({
    prompt,
    aspectRatio: "9:16",
    loop: true,
    expandPrompt: false,
    model: "ray-v2",
    imageEndUrl: endFrame,
    imageUrl: null,
  });
  await expect(page.getByText("Generation started")).toBeVisible();

  // Continue: same prompt, ratio and model; the last frame becomes the start frame; no end frame.
  await page.goto(`/?from=${source.id}&mode=continue`);
  const note = page.getByRole("status").filter({ hasText: `Continuing from the last frame of “${prompt}”` });
  await expect(note).toBeVisible();
  await expect(page.getByLabel("Prompt", { exact: true })).toHaveValue(prompt);
  await expect(page.getByRole("radio", { name: /9:16/ })).toBeChecked();
  await expect(page.getByLabel("Model")).toHaveValue("ray-v2");
  await expect(page.getByLabel("Start frame URL")).toHaveValue(source.lastFrameUrl);
  await expect(page.getByLabel("End frame URL")).toHaveValue("");
  await expect
    .poll(() =>
      page
        .getByRole("img", { name: "Start frame preview" })
        .locator("img")
        .evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0),
    )
    .toBe(true);

  await note.getByRole("button", { name: "Dismiss this note" }).click();
  await expect(note).toHaveCount(0);
  await expect(page.getByLabel("Prompt", { exact: true })).toHaveValue(prompt);

  const continued = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: "Generate" }).click();
  const continueResponse = await continued;
  expect(continueResponse.status()).toBe(201);
  expect(await continueResponse.json()).toMatchObject({ prompt, aspectRatio: "9:16", model: "ray-v2", imageUrl: source.lastFrameUrl, imageEndUrl: null });
});

test("an unknown generation leaves a note and an empty, usable form", async ({ page }) => {
  await page.goto("/?from=doesnotexist42&mode=remix");
  const note = page.getByRole("status").filter({ hasText: "Couldn't find that generation" });
  await expect(note).toBeVisible();
  await expect(page.getByLabel("Prompt", { exact: true })).toHaveValue("");
  await page.getByLabel("Prompt", { exact: true }).fill(`After a missing remix ${Date.now()}`);
  const created = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: "Generate" }).click();
  expect((await created).status()).toBe(201);
  await expect(note).toHaveCount(0);
});
