import { expect, test } from "@playwright/test";

test("invalid input shows errors under the fields and sends nothing", async ({ page }) => {
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().includes("/api/generations")) posts.push(request.url());
  });
  await page.goto("/");

  await page.getByRole("button", { name: "Generate" }).click();
  const prompt = page.getByLabel("Prompt", { exact: true });
  await expect(page.getByText("Describe the video, or give a start or end frame.")).toBeVisible();
  await expect(prompt).toHaveAttribute("aria-invalid", "true");

  await prompt.fill("a lighthouse in a storm");
  await page.getByLabel("Start frame URL").fill("ftp://example.com/frame.png");
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("Use an https:// image URL or a data:image/png, jpeg or webp URI.")).toBeVisible();

  // Past the server's 4,096-character limit: the sentence says so rather than calling the URL malformed.
  await page.getByLabel("Start frame URL").fill(`https://example.com/${"a".repeat(4100)}.png`);
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("Keep image URLs under 4096 characters.")).toBeVisible();
  await expect(page.getByText("Use an https:// image URL or a data:image/png, jpeg or webp URI.")).toHaveCount(0);
  await page.getByLabel("Start frame URL").fill("");

  await prompt.fill("x".repeat(5001));
  await expect(page.getByText("5,001 / 5,000 characters")).toBeVisible();
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText(/Keep the prompt under 5,?000 characters/)).toBeVisible();

  expect(posts).toEqual([]);
});

test("the server's field errors come back under the field too", async ({ request }) => {
  const response = await request.post("/api/generations", { data: { prompt: "ok", aspectRatio: "2:1" } });
  expect(response.status()).toBe(400);
  const body = await response.json();
  expect(body.error.code).toBe("validation_failed");
  expect(body.error.fieldErrors.aspectRatio).toBeTruthy();
});
