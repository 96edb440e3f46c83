import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { Generation } from "@/lib/generations/types";

/** A word no other test uses, so a search for it shows only this test's generations. */
export function uniqueWord(label: string): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Creates through the API, as another tab would. The studio caps jobs in flight; when parallel specs fill the
 * slots, wait for one to free up instead of failing.
 */
export async function createGeneration(request: APIRequestContext, body: Record<string, unknown>): Promise<Generation> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await request.post("/api/generations", { data: body });
    if (response.status() === 429 && attempt < 60) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as Generation;
  }
}

/** Opens a page and waits until React has hydrated it: the upstream banner asks for /api/status once mounted. */
export async function gotoHydrated(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((entry) => entry.name.includes("/api/status")));
}

export async function getGeneration(request: APIRequestContext, id: string): Promise<Generation> {
  const response = await request.get(`/api/generations/${id}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as Generation;
}

/** Demo jobs finish in about ten seconds; archiving the clip follows right after. */
export async function waitForState(request: APIRequestContext, id: string, state: Generation["state"], { archived = false } = {}): Promise<Generation> {
  let latest: Generation | null = null;
  await expect
    .poll(
      async () => {
        latest = await getGeneration(request, id);
        return latest.state === state && (!archived || latest.isArchived);
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(true);
  return latest as unknown as Generation;
}

export async function createCompleted(request: APIRequestContext, body: Record<string, unknown>): Promise<Generation> {
  const created = await createGeneration(request, body);
  return waitForState(request, created.id, "completed", { archived: true });
}

/** Fills the form's prompt and submits it, answering the create's response. */
export async function submitForm(page: Page, prompt: string) {
  await gotoHydrated(page, "/");
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  const answered = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: "Generate" }).click();
  return answered;
}
