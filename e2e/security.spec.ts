import { expect, test } from "@playwright/test";
import { watchCspViolations } from "./csp-watch";

test("under the production CSP every page hydrates, the form creates and the video plays, with no violation", async ({ page }) => {
  const violations = await watchCspViolations(page);
  const response = await page.goto("/gallery");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'sha256-[^']+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/unsafe-eval/);
  await page.getByRole("link", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  // Hydrated: the character counter is client-side.
  const prompt = `CSP check ${Date.now()}`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await expect(page.getByText(`${prompt.length} / 5,000 characters`)).toBeVisible();
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("Generation started")).toBeVisible();

  const card = page.getByRole("article").filter({ hasText: prompt });
  const play = card.getByRole("button", { name: /Play/ });
  await expect(play).toBeVisible({ timeout: 60_000 });
  await play.click();
  const video = card.locator("video").first();
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await page.reload();
  await expect(page.getByRole("article").filter({ hasText: prompt })).toBeVisible();
  expect(violations).toEqual([]);
});

test("the studio cannot be framed and answers writes from other sites with 403", async ({ page, request }) => {
  const response = await page.goto("/");
  expect(response?.headers()["x-frame-options"]).toBe("DENY");
  expect(response?.headers()["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  const forged = await request.post("/api/generations", { data: { prompt: "forged" }, headers: { origin: "https://evil.example" } });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.code).toBe("forbidden");
});
