import { expect, test } from "@playwright/test";
import { createGeneration, gotoHydrated, uniqueWord, waitForState } from "./support/generations";

test("the In progress view lets a clip go when it finishes, without a reload", async ({ page, request }) => {
  const word = uniqueWord("prog");
  const generation = await createGeneration(request, { prompt: `Still rendering ${word} [sim:slow=15]` });
  await gotoHydrated(page, `/gallery?filter=in_progress&q=${word}`);
  const card = page.getByRole("article").filter({ hasText: word });
  await expect(card).toBeVisible();
  await waitForState(request, generation.id, "completed");
  await expect(card).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
});

test("a search gains a matching clip made elsewhere, and not one that does not match", async ({ page, request }) => {
  const word = uniqueWord("find");
  await gotoHydrated(page, `/gallery?q=${word}`);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  // Through the API, as another tab or device would; the miss is made first, so a view that caught the match has also judged it.
  const miss = await createGeneration(request, { prompt: `Something else ${uniqueWord("miss")}` });
  await createGeneration(request, { prompt: `Exactly this ${word}` });
  const card = page.getByRole("article").filter({ hasText: word });
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute("data-state", "completed", { timeout: 60_000 });
  await waitForState(request, miss.id, "completed");
  await expect(page.getByRole("article")).toHaveCount(1);
});

test("a ratio and state view takes in a clip once it matches", async ({ page, request }) => {
  const word = uniqueWord("tall");
  await gotoHydrated(page, "/gallery?filter=completed&aspectRatio=9:21");
  const generation = await createGeneration(request, { prompt: `Tall shot ${word}`, aspectRatio: "9:21" });
  const card = page.getByRole("article").filter({ hasText: word });
  // Running, it does not belong in a Completed view; finished, it does.
  await expect(card).toHaveCount(0);
  await waitForState(request, generation.id, "completed");
  await expect(card).toBeVisible();
});
