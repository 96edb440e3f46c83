import { expect, test } from "@playwright/test";

test("a prompt that fails moderation ends as a failed card that says why", async ({ page }) => {
  await page.goto("/");
  // The simulator's prompt tag makes this job fail upstream after being accepted, like a real moderation failure.
  const prompt = `A crowded night market [sim:moderation] ${Date.now()}`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("Generation started")).toBeVisible();

  const card = page.getByRole("article").filter({ hasText: prompt });
  await expect(card.getByText("Generation failed")).toBeVisible({ timeout: 60_000 });
  await expect(card.getByText("Advanced prompt moderation failed")).toBeVisible();

  await page.goto("/gallery");
  const galleryCard = page.getByRole("article").filter({ hasText: prompt });
  await expect(galleryCard.getByText("Advanced prompt moderation failed")).toBeVisible();
});
