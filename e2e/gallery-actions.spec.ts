import { expect, test } from "@playwright/test";
import { createCompleted, createGeneration, getGeneration, gotoHydrated, uniqueWord, waitForState } from "./support/generations";

test("like is a toggle that shows at once and is saved", async ({ page, request }) => {
  const word = uniqueWord("like");
  const generation = await createGeneration(request, { prompt: `A lighthouse in a storm ${word}` });
  await gotoHydrated(page, `/gallery?q=${word}`);
  const card = page.getByRole("article").filter({ hasText: word });
  const like = card.getByRole("button", { name: "Like", exact: true });
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await getGeneration(request, generation.id)).liked).toBe(true);
  await page.reload();
  await expect(page.getByRole("article").filter({ hasText: word }).getByRole("button", { name: "Like", exact: true })).toHaveAttribute("aria-pressed", "true");
});

test("delete asks first, warns that a running job keeps running, then removes the card", async ({ page, request }) => {
  const word = uniqueWord("del");
  const prompt = `Never finishing ${word} [sim:stuck]`;
  const generation = await createGeneration(request, { prompt });
  await gotoHydrated(page, `/gallery?q=${word}`);
  const card = page.getByRole("article").filter({ hasText: word });
  await card.getByRole("button", { name: `More actions for ${prompt}` }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Delete this generation?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("keeps running at Luma");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toBeVisible();

  await card.getByRole("button", { name: `More actions for ${prompt}` }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("Generation deleted")).toBeVisible();
  await expect(card).toHaveCount(0);
  expect((await request.get(`/api/generations/${generation.id}`)).status()).toBe(404);
});

test("copy prompt, remix and continue from the card menu", async ({ page, request, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const word = uniqueWord("remix");
  const prompt = `Koi pond seen from above ${word}`;
  const generation = await createCompleted(request, { prompt, aspectRatio: "1:1" });
  await gotoHydrated(page, `/gallery?q=${word}`);
  const card = page.getByRole("article").filter({ hasText: word });
  const more = card.getByRole("button", { name: `More actions for ${prompt}` });

  await more.click();
  await page.getByRole("menuitem", { name: "Copy prompt" }).click();
  await expect(page.getByText("Prompt copied")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(prompt);

  await more.click();
  await expect(page.getByRole("menuitem", { name: "Continue from last frame" })).toHaveAttribute("href", `/?from=${generation.id}&mode=continue`);
  await page.getByRole("menuitem", { name: "Remix" }).click();
  await expect(page).toHaveURL(`/?from=${generation.id}&mode=remix`);
});

test("extend asks for the continuation and links the new generation to its parent", async ({ page, request }) => {
  const word = uniqueWord("ext");
  const prompt = `A kite rising over dunes ${word}`;
  const parent = await createCompleted(request, { prompt });
  await gotoHydrated(page, `/gallery?q=${word}`);
  await page
    .getByRole("article")
    .filter({ hasText: word })
    .getByRole("button", { name: `More actions for ${prompt}` })
    .click();
  await page.getByRole("menuitem", { name: "Extend" }).click();
  const dialog = page.getByRole("dialog", { name: "Extend this video" });
  await expect(dialog.getByLabel("What happens next")).toBeFocused();
  await dialog.getByRole("button", { name: "Extend" }).click();
  await expect(dialog.getByText("Describe the video")).toBeVisible();

  const posted = page.waitForRequest((req) => req.url().endsWith(`/api/generations/${parent.id}/extend`) && req.method() === "POST");
  await dialog.getByLabel("What happens next").fill(`The kite string snaps ${word}`);
  await dialog.getByRole("button", { name: "Extend" }).click();
  expect((await posted).headers()["idempotency-key"]).toBeTruthy();
  await expect(page.getByText("Extension started")).toBeVisible();
  await expect(dialog).toBeHidden();

  const list = await (await request.get(`/api/generations?q=${encodeURIComponent(`snaps ${word}`)}`)).json();
  expect(list.items).toHaveLength(1);
  expect(list.items[0].parentId).toBe(parent.id);
});

test("retry starts a failed generation again with the same options in one click", async ({ page, request }) => {
  const word = uniqueWord("retry");
  const prompt = `Crowd at a festival ${word} [sim:moderation]`;
  const failed = await createGeneration(request, { prompt, aspectRatio: "4:3", loop: true });
  await waitForState(request, failed.id, "failed");
  await gotoHydrated(page, `/gallery?q=${word}`);
  const posted = page.waitForRequest((req) => req.url().endsWith("/api/generations") && req.method() === "POST");
  await page
    .getByRole("article")
    .filter({ hasText: word })
    .getByRole("button", { name: `More actions for ${prompt}` })
    .click();
  await page.getByRole("menuitem", { name: "Retry" }).click();
  expect((await posted).postDataJSON()).toMatchObject({ prompt, aspectRatio: "4:3", loop: true, expandPrompt: true });
  await expect(page.getByText("Retry started")).toBeVisible();
  await expect.poll(async () => (await (await request.get(`/api/generations?q=${word}`)).json()).items.length).toBe(2);
});

test("download gives the watermark-free MP4 as an attachment named from the prompt", async ({ page, request }) => {
  const word = uniqueWord("dl");
  const prompt = `Snow falling on a quiet street ${word}`;
  await createCompleted(request, { prompt });
  await gotoHydrated(page, `/gallery?q=${word}`);
  const link = page
    .getByRole("article")
    .filter({ hasText: word })
    .getByRole("link", { name: `Download video: ${prompt}` });
  const href = await link.getAttribute("href");
  expect(href).toBeTruthy();
  const response = await request.get(href as string);
  expect(response.headers()["content-type"]).toContain("video/mp4");
  expect(response.headers()["content-disposition"]).toMatch(/attachment;.*snow/i);
  const download = page.waitForEvent("download");
  await link.click();
  expect((await download).suggestedFilename()).toMatch(/\.mp4$/);
});

test("the delete dialog warns about charges only for what is still rendering", async ({ page, request }) => {
  const word = uniqueWord("delwarn");
  const finished = `Finished clip ${word}`;
  await createCompleted(request, { prompt: finished });
  const stuck = [
    await createGeneration(request, { prompt: `Stuck one ${word} [sim:stuck]` }),
    await createGeneration(request, { prompt: `Stuck two ${word} [sim:stuck]` }),
  ];
  await gotoHydrated(page, `/gallery?q=${word}`);
  await expect(page.getByRole("article")).toHaveCount(3);

  await page.getByRole("button", { name: `More actions for ${finished}` }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const single = page.getByRole("alertdialog", { name: "Delete this generation?" });
  await expect(single).toContainText("This can't be undone.");
  await expect(single).not.toContainText("charged");
  await single.getByRole("button", { name: "Cancel" }).click();

  const bar = page.getByRole("toolbar", { name: "Selection" });
  await page.getByRole("article").filter({ hasText: finished }).hover();
  await page.getByRole("checkbox", { name: `Select ${finished}` }).check();
  await page.getByRole("checkbox", { name: `Select Stuck one ${word} [sim:stuck]` }).check();
  await bar.getByRole("button", { name: "Delete" }).click();
  const two = page.getByRole("alertdialog", { name: "Delete 2 generations?" });
  await expect(two).toContainText("One of them is still rendering: its job keeps running at Luma and is still charged.");
  await two.getByRole("button", { name: "Cancel" }).click();

  await bar.getByRole("button", { name: "Select all loaded" }).click();
  await bar.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alertdialog", { name: "Delete 3 generations?" })).toContainText("2 of them are still rendering");
  await page.keyboard.press("Escape");
  for (const generation of stuck) await page.evaluate(async (id) => void (await fetch(`/api/generations/${id}`, { method: "DELETE" })), generation.id);
});
