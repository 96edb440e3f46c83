import { chromium, type Browser, type Page } from "playwright";
import type { GenerationEvent } from "@/lib/generations/types";
import { chromiumLaunchOptions } from "../playwright.config";

/**
 * A real browser tab on a running instance's gallery, with a tap on the page's own EventSource: every message
 * and every (re)open the gallery's live link receives is recorded with the tab's clock, which is this machine's
 * clock, so arrival can be compared with the `updatedAt` the instance wrote.
 */
export type Heard = { at: number; data: string };
export type LiveTab = {
  page: Page;
  /** Everything the tab's event streams delivered so far. */
  heard(): Promise<{ messages: Heard[]; opens: number[] }>;
};

declare global {
  interface Window {
    __liveTap?: { messages: Heard[]; opens: number[] };
  }
}

// Runs in the page before its own scripts: subclasses EventSource so the gallery's streams are recorded as they are.
function tapEventSource(): void {
  const tap = { messages: [] as Heard[], opens: [] as number[] };
  window.__liveTap = tap;
  const Original = window.EventSource;
  window.EventSource = class extends Original {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      this.addEventListener("open", () => tap.opens.push(Date.now()));
      this.addEventListener("message", (message: MessageEvent<string>) => tap.messages.push({ at: Date.now(), data: message.data }));
    }
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions);
}

/** Opens `/gallery` of `base` in its own context (own cookies, own tab group) with the access cookie set. */
export async function openLiveGallery(browser: Browser, base: string, accessToken: string): Promise<LiveTab> {
  const context = await browser.newContext();
  const { hostname } = new URL(base);
  await context.addCookies([{ name: "luma_access", value: accessToken, domain: hostname, path: "/" }]);
  await context.addInitScript(tapEventSource);
  const page = await context.newPage();
  await page.goto(`${base}/gallery`);
  return {
    page,
    heard: () => page.evaluate(() => ({ messages: [...(window.__liveTap?.messages ?? [])], opens: [...(window.__liveTap?.opens ?? [])] })),
  };
}

/** The first moment each generation was heard in `state`, with the `updatedAt` the instance wrote with it. */
export function firstHeardInState(messages: Heard[], state: string): Map<string, { heardAt: number; writtenAt: number }> {
  const first = new Map<string, { heardAt: number; writtenAt: number }>();
  for (const message of messages) {
    let event: GenerationEvent;
    try {
      event = JSON.parse(message.data) as GenerationEvent;
    } catch {
      continue;
    }
    if (event.type !== "generation" || event.generation.state !== state || first.has(event.generation.id)) continue;
    first.set(event.generation.id, { heardAt: message.at, writtenAt: Date.parse(event.generation.updatedAt) });
  }
  return first;
}
