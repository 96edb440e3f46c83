import { expect, test } from "@playwright/test";

test("the gallery lists generations newest first and fits a phone screen", async ({ page, request }) => {
  const stamp = Date.now();
  for (const n of [1, 2]) {
    const response = await request.post("/api/generations", { data: { prompt: `gallery order ${stamp} #${n}` } });
    expect(response.status()).toBe(201);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/gallery");
  const first = page.getByRole("article").filter({ hasText: `gallery order ${stamp} #2` });
  const second = page.getByRole("article").filter({ hasText: `gallery order ${stamp} #1` });
  await expect(first).toBeVisible();
  const [a, b] = [await first.boundingBox(), await second.boundingBox()];
  expect(a && b && a.y < b.y).toBe(true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
