import { expect, test } from "@playwright/test";

type Seen = { state: string; note: string | null; text: string | null };

test("a card's progress line agrees with its state: waiting in the queue while queued, never '0s left'", async ({ page }) => {
  await page.goto("/");
  // Every (state, progress line) pair the new card shows, from its first render to the finished clip.
  await page.evaluate(() => {
    const seen: Seen[] = [];
    (window as unknown as { progressSeen: Seen[] }).progressSeen = seen;
    const record = () => {
      for (const card of document.querySelectorAll<HTMLElement>("article[data-state]")) {
        if (!card.textContent?.includes("progress-line-check")) continue;
        const note = card.querySelector<HTMLElement>("[data-progress-note]");
        const entry = { state: card.dataset.state ?? "", note: note?.dataset.progressNote ?? null, text: note?.textContent ?? null };
        const last = seen.at(-1);
        if (!last || last.state !== entry.state || last.text !== entry.text) seen.push(entry);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });

  const prompt = `A lantern drifting over a lake progress-line-check ${Date.now()}`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByRole("button", { name: "Generate" }).click();
  const card = page.getByRole("article").filter({ hasText: prompt });
  await expect(card).toHaveAttribute("data-state", "completed", { timeout: 60_000 });

  const seen = await page.evaluate(() => (window as unknown as { progressSeen: Seen[] }).progressSeen);
  const queued = seen.filter((entry) => entry.state === "queued");
  expect(queued.length, JSON.stringify(seen)).toBeGreaterThan(0);
  for (const entry of queued) expect(entry.text, JSON.stringify(seen)).toMatch(/^(Waiting in Luma's queue|Still in Luma's queue)/);
  for (const entry of seen) expect(entry.text ?? "", JSON.stringify(seen)).not.toMatch(/\b0s\b|Almost done|left/);
  // While rendering the badge says it all: no estimate left over from the queue.
  for (const entry of seen.filter((item) => item.state === "running")) expect(entry.note).toBeNull();
});
