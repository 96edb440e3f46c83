import { expect, test } from "@playwright/test";
import type { GenerationPage } from "@/lib/generations/types";
import { createGeneration, gotoHydrated, uniqueWord } from "./support/generations";

// This spec has a server of its own (the "fresh" project), so it may empty the studio as a newcomer finds it.
test.beforeEach(async ({ request }) => {
  const page = (await (await request.get("/api/generations?limit=100")).json()) as GenerationPage;
  if (page.items.length === 0) return;
  const response = await request.post("/api/generations/bulk-delete", { data: { ids: page.items.map((item) => item.id) } });
  expect(response.ok()).toBe(true);
});

test("an empty gallery invites a first video, and shows one made elsewhere as it arrives and finishes", async ({ page, request }) => {
  await gotoHydrated(page, "/gallery");
  await expect(page.getByRole("heading", { name: "No videos yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Create your first video" })).toHaveAttribute("href", "/");

  const word = uniqueWord("first");
  // Through the API, as another tab or device would.
  await createGeneration(request, { prompt: `My first clip ${word}` });
  const card = page.getByRole("article").filter({ hasText: word });
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute("data-state", "completed", { timeout: 60_000 });
  await expect(page.getByRole("heading", { name: "No videos yet" })).toHaveCount(0);
});
