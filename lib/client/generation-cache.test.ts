import { describe, expect, it } from "vitest";
import type { Generation, GenerationPage } from "@/lib/generations/types";
import { parseGalleryQuery } from "@/lib/client/gallery-query";
import { flattenPages, pageEntries, parseListKey, patchGalleryPages, upsertIntoPage } from "@/lib/client/generation-cache";

function generation(id: string, createdAt: string, overrides: Partial<Generation> = {}): Generation {
  return {
    id,
    upstreamId: null,
    parentId: null,
    state: "queued",
    upstreamState: null,
    prompt: id,
    aspectRatio: "16:9",
    expandPrompt: true,
    loop: false,
    imageUrl: null,
    imageEndUrl: null,
    model: null,
    liked: false,
    videoUrl: null,
    thumbnailUrl: null,
    lastFrameUrl: null,
    downloadUrl: null,
    width: null,
    height: null,
    durationSeconds: null,
    isArchived: false,
    isCleanCopyMissing: false,
    failureCode: null,
    failureReason: null,
    estimateWaitSeconds: null,
    createdAt,
    updatedAt: createdAt,
    completedAt: null,
    ...overrides,
  };
}

const older = generation("older", "2025-01-01T00:00:00.000Z");
const newer = generation("newer", "2025-01-02T00:00:00.000Z");
const first = { isFirstPage: true, states: null, limit: null };

describe("upsertIntoPage", () => {
  it("puts a new generation first and keeps fixed lists at their size", () => {
    const page: GenerationPage = { items: [older], nextCursor: null };
    expect(upsertIntoPage(page, newer, first).items.map((g) => g.id)).toEqual(["newer", "older"]);
    expect(upsertIntoPage(page, newer, { ...first, limit: 1 }).items.map((g) => g.id)).toEqual(["newer"]);
  });

  it("replaces in place, but never with a staler copy", () => {
    const page: GenerationPage = { items: [newer, older], nextCursor: null };
    const done = { ...older, state: "completed" as const, updatedAt: "2025-01-03T00:00:00.000Z" };
    const updated = upsertIntoPage(page, done, first);
    expect(updated.items[1]?.state).toBe("completed");
    expect(upsertIntoPage(updated, older, first).items[1]?.state).toBe("completed");
  });

  it("leaves later pages, other filters and older items alone", () => {
    const page: GenerationPage = { items: [newer], nextCursor: "c" };
    expect(upsertIntoPage(page, older, first)).toBe(page);
    expect(upsertIntoPage({ items: [older], nextCursor: null }, newer, { ...first, isFirstPage: false }).items).toHaveLength(1);
    expect(upsertIntoPage({ items: [], nextCursor: null }, newer, { ...first, states: ["completed"] }).items).toHaveLength(0);
  });
});

describe("list keys and pages", () => {
  it("parses what a list URL asked for", () => {
    expect(parseListKey("/api/generations?limit=6")).toEqual({ isFirstPage: true, states: null, limit: 6 });
    expect(parseListKey("/api/generations?limit=24&state=failed%2Ctimed_out&cursor=x")).toEqual({
      isFirstPage: false,
      states: ["failed", "timed_out"],
      limit: 24,
    });
    expect(parseListKey("/api/status")).toBeNull();
  });

  it("drops duplicates across pages", () => {
    expect(
      flattenPages([
        { items: [newer, older], nextCursor: "c" },
        { items: [older], nextCursor: null },
      ]).map((g) => g.id),
    ).toEqual(["newer", "older"]);
  });
});

describe("patchGalleryPages", () => {
  const ids = (pages: GenerationPage[]) => pages.map((page) => page.items.map((item) => item.id));
  const middle = generation("middle", "2025-01-01T12:00:00.000Z");
  const newest = generation("newest", "2025-01-03T00:00:00.000Z");
  const query = (search: string) => parseGalleryQuery(new URLSearchParams(search));

  it("lets an item go from a view it no longer matches, and replaces it where it still does", () => {
    const pages: GenerationPage[] = [{ items: [newer, older], nextCursor: null }];
    const done = { ...older, state: "completed" as const, updatedAt: "2025-01-05T00:00:00.000Z" };
    expect(ids(patchGalleryPages(pages, done, query("filter=in_progress")).pages)).toEqual([["newer"]]);
    const kept = patchGalleryPages(pages, done, query(""));
    expect(kept.pages[0]?.items[1]?.state).toBe("completed");
    expect(kept.refetchPage).toBeNull();
  });

  it("lets a matching item enter at its place in the sort order, into an empty gallery too", () => {
    expect(ids(patchGalleryPages([{ items: [], nextCursor: null }], newest, query("")).pages)).toEqual([["newest"]]);
    const pages: GenerationPage[] = [
      { items: [newest, newer], nextCursor: "a" },
      { items: [older], nextCursor: null },
    ];
    expect(ids(patchGalleryPages(pages, middle, query("")).pages)).toEqual([
      ["newest", "newer"],
      ["middle", "older"],
    ]);
    const oldestFirst: GenerationPage[] = [{ items: [older, newer], nextCursor: null }];
    expect(ids(patchGalleryPages(oldestFirst, newest, query("sort=oldest")).pages)).toEqual([["older", "newer", "newest"]]);
  });

  it("keeps out what does not match, and what belongs beyond the loaded pages", () => {
    const pages: GenerationPage[] = [{ items: [newest, newer], nextCursor: "a" }];
    expect(patchGalleryPages(pages, { ...middle, state: "running" }, query("filter=completed")).pages).toBe(pages);
    expect(patchGalleryPages(pages, { ...middle, liked: false }, query("liked=true")).pages).toBe(pages);
    expect(patchGalleryPages(pages, { ...middle, aspectRatio: "1:1" }, query("aspectRatio=9:16")).pages).toBe(pages);
    expect(patchGalleryPages(pages, middle, query("")).pages).toBe(pages);
  });

  it("asks the server about a search or date view instead of guessing", () => {
    const pages: GenerationPage[] = [
      { items: [newer], nextCursor: "a" },
      { items: [older], nextCursor: null },
    ];
    expect(patchGalleryPages(pages, newest, query("q=fox"))).toEqual({ pages, refetchPage: 0 });
    expect(patchGalleryPages(pages, middle, query("from=2025-01-01"))).toEqual({ pages, refetchPage: 1 });
    expect(patchGalleryPages(pages, { ...newest, state: "failed" }, query("q=fox&filter=completed")).refetchPage).toBeNull();
  });
});

describe("pageEntries", () => {
  // The gallery as useSWRInfinite holds it: the list it shows, and apart from it each page under its own key.
  const pageKey = (_index: number, previous: GenerationPage | null) =>
    previous && !previous.nextCursor ? null : `/api/generations?limit=3${previous ? `&cursor=${previous.nextCursor}` : ""}`;
  const at = (day: number) => `2025-01-${String(day).padStart(2, "0")}T00:00:00.000Z`;
  const [a, b, c, d] = [generation("a", at(9)), generation("b", at(8)), generation("c", at(7)), generation("d", at(6))];
  const loaded = (): GenerationPage[] => [
    { items: [a, b, c], nextCursor: "after-c" },
    { items: [d], nextCursor: null },
  ];
  /** What `setSize` shows when every page it asks for has an entry: the entries, followed page to page by cursor. */
  const rebuild = (entries: Map<string, GenerationPage>) => {
    const pages: GenerationPage[] = [];
    for (let key = pageKey(0, null); key && entries.has(key); key = pageKey(pages.length, pages.at(-1) ?? null)) {
      pages.push(entries.get(key) as GenerationPage);
    }
    return flattenPages(pages).map((item) => item.id);
  };
  /** A pushed clip as it lands: the live provider patches every list entry (a fixed-size list by its `limit`). */
  const pushToEntries = (entries: Map<string, GenerationPage>, pushed: Generation) => {
    for (const [key, page] of entries) {
      const position = parseListKey(key);
      if (position) entries.set(key, upsertIntoPage(page, pushed, position));
    }
  };

  it("keys each page as the infinite list does, by the cursor of the page before", () => {
    expect(pageEntries(loaded(), pageKey).map(([key]) => key)).toEqual(["/api/generations?limit=3", "/api/generations?limit=3&cursor=after-c"]);
  });

  it("keeps page 1's last card, the next page's cursor, when a clip pushed meanwhile makes the list rebuild", () => {
    const shown = loaded();
    const entries = new Map(pageEntries(shown, pageKey));
    const pushed = generation("pushed", at(10));
    pushToEntries(entries, pushed);
    // The provider's patch alone loses `c`: page 1's entry is cut back to its limit, and page 2 starts after `c`.
    expect(rebuild(entries)).toEqual(["pushed", "a", "b", "d"]);
    const patched = patchGalleryPages(shown, pushed, parseGalleryQuery(new URLSearchParams(""))).pages;
    for (const [key, page] of pageEntries(patched, pageKey)) entries.set(key, page);
    expect(rebuild(entries)).toEqual(["pushed", "a", "b", "c", "d"]);
  });

  it("keeps a search's page 1 free of a pushed clip only the server can place", () => {
    const shown = loaded();
    const entries = new Map(pageEntries(shown, pageKey));
    const foreign = generation("foreign", at(10));
    pushToEntries(entries, foreign);
    const patch = patchGalleryPages(shown, foreign, parseGalleryQuery(new URLSearchParams("q=fox")));
    expect(patch.refetchPage).toBe(0);
    for (const [key, page] of pageEntries(patch.pages, pageKey)) entries.set(key, page);
    expect(rebuild(entries)).toEqual(["a", "b", "c", "d"]);
  });
});
