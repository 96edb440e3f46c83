import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { GenerationPage } from "@/lib/generations/types";

/**
 * Pieces for the races between a list request and a change pushed over the live stream: the browser tests hold a
 * list request, push a change, wait until the page has it, then let the request answer (the order a slow list
 * answer gives on a loaded server).
 */

/** One list read. Not kept alive: the server would close the idle socket while a page loads, and the next call reuse it. */
export async function listOnce(request: APIRequestContext, query: string): Promise<GenerationPage> {
  const response = await request.get(`/api/generations?${query}`, { headers: { connection: "close" } });
  expect(response.ok()).toBe(true);
  return (await response.json()) as GenerationPage;
}

/** Holds every request whose URL matches until `release()`; `asked` resolves when the first one is made. */
export async function holdRequests(page: Page, pattern: RegExp): Promise<{ asked: Promise<void>; release: () => void }> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let markAsked = () => {};
  const asked = new Promise<void>((resolve) => (markAsked = resolve));
  await page.route(pattern, async (route) => {
    markAsked();
    await released;
    await route.continue();
  });
  return { asked, release };
}

/**
 * Listens to the page's live stream from now on (DevTools protocol); the answer likes the clip through the API and
 * resolves once that change has reached the page and the page's next task has handled it.
 */
export async function watchLiveStream(page: Page, request: APIRequestContext): Promise<{ pushLike: (id: string) => Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const messages: string[] = [];
  const waiting = new Set<() => void>();
  cdp.on("Network.eventSourceMessageReceived", (message) => {
    messages.push(message.data);
    for (const check of waiting) check();
  });
  const heard = (id: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!messages.some((data) => data.includes(id))) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
    });
  return {
    async pushLike(id) {
      const arrived = heard(id);
      expect((await request.patch(`/api/generations/${id}`, { data: { liked: true } })).ok()).toBe(true);
      await arrived;
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    },
  };
}
