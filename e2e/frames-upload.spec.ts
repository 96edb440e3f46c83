import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator } from "@playwright/test";

const START_JPEG = path.join(process.cwd(), "simulator", "assets", "16x9-thumb.jpg");
const END_JPEG = path.join(process.cwd(), "simulator", "assets", "16x9-last.jpg");
// A valid 1×1 PNG, so the preview really decodes.
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
const UPLOAD_PATH = /^\/api\/uploads\/[a-f0-9]{64}\.(png|jpg|webp)$/;

async function expectPreviewLoaded(zone: Locator, name: string) {
  const image = zone.getByRole("img", { name }).locator("img");
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0)).toBe(true);
}

test("own images as keyframes: pick, paste and drop; wrong files refused; the generation keeps the uploaded paths", async ({ page }) => {
  await page.goto("/");
  const start = page.getByRole("group", { name: "Drop or paste an image for the start frame" });
  const end = page.getByRole("group", { name: "Drop or paste an image for the end frame" });
  const startUrl = page.getByLabel("Start frame URL");
  const endUrl = page.getByLabel("End frame URL");
  await expect(start.getByRole("button", { name: "Choose image for the start frame" })).toBeVisible();

  const uploads: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/uploads")) uploads.push(request.url());
  });

  // Checked in the browser: nothing is sent.
  await start.locator('input[type="file"]').setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not an image") });
  await expect(start.getByRole("alert")).toHaveText("“notes.txt” isn't a PNG, JPEG or WebP image.");
  await start.locator('input[type="file"]').setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(11 * 1024 * 1024) });
  await expect(start.getByRole("alert")).toHaveText("“huge.png” is 11 MB; images must be 10 MB or smaller.");
  expect(uploads).toEqual([]);

  // Pick a file.
  await start.locator('input[type="file"]').setInputFiles(START_JPEG);
  await expect(startUrl).toHaveValue(UPLOAD_PATH);
  await expect(start.getByRole("alert")).toHaveCount(0);
  await expectPreviewLoaded(start, "Start frame preview");

  // Paste while the end frame's URL input has focus.
  await endUrl.focus();
  await page.evaluate((base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], "pasted.png", { type: "image/png" }));
    document.activeElement?.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, PNG_BASE64);
  await expect(endUrl).toHaveValue(/^\/api\/uploads\/[a-f0-9]{64}\.png$/);
  await expectPreviewLoaded(end, "End frame preview");

  // Remove, by keyboard, then drop another image on the zone.
  await end.getByRole("button", { name: "Remove the end frame" }).focus();
  await page.keyboard.press("Enter");
  await expect(endUrl).toHaveValue("");
  await expect(end.getByRole("button", { name: "Choose image for the end frame" })).toBeFocused();
  const dropped = readFileSync(END_JPEG).toString("base64");
  await end.evaluate((zone, base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], "dropped.jpg", { type: "image/jpeg" }));
    for (const type of ["dragenter", "dragover", "drop"]) zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  }, dropped);
  await expect(endUrl).toHaveValue(/^\/api\/uploads\/[a-f0-9]{64}\.jpg$/);
  await expectPreviewLoaded(end, "End frame preview");
  expect(uploads).toHaveLength(3);

  const [startPath, endPath] = [await startUrl.inputValue(), await endUrl.inputValue()];
  await page.getByLabel("Prompt", { exact: true }).fill(`From my own frames ${Date.now()}`);
  const created = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: "Generate" }).click();
  const response = await created;
  expect(response.status()).toBe(201);
  const generation = await response.json();
  expect(generation).toMatchObject({ imageUrl: startPath, imageEndUrl: endPath });
  const stored = await (await page.request.get(`/api/generations/${generation.id}`)).json();
  expect(stored.imageUrl).toMatch(UPLOAD_PATH);
  expect(stored.imageEndUrl).toMatch(UPLOAD_PATH);
  // The form is ready for the next one: frames cleared.
  await expect(startUrl).toHaveValue("");
});
