import { matchesQuery, needsServerMatch, type GalleryQuery } from "@/lib/client/gallery-query";
import type { Generation, GenerationPage } from "@/lib/generations/types";

/**
 * Pure updates of cached list pages from live events and local writes. A page holds a window of the newest-first
 * list, so a generation is inserted only where it belongs: into a first page, ahead of that page's oldest item.
 */

type PagePosition = {
  isFirstPage: boolean;
  /** States the list was filtered by; null for all. */
  states: readonly string[] | null;
  /** Fixed-size lists (the recent strip) stay at their size; infinite pages keep their cursor and grow. */
  limit: number | null;
};

function isNewer(incoming: Generation, existing: Generation): boolean {
  return Date.parse(incoming.updatedAt) >= Date.parse(existing.updatedAt);
}

function compareNewestFirst(a: Generation, b: Generation): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function compareOldestFirst(a: Generation, b: Generation): number {
  return -compareNewestFirst(a, b);
}

export function upsertIntoPage(page: GenerationPage, generation: Generation, position: PagePosition): GenerationPage {
  const index = page.items.findIndex((item) => item.id === generation.id);
  if (index >= 0) {
    const existing = page.items[index];
    if (existing && !isNewer(generation, existing)) return page;
    const items = page.items.slice();
    items[index] = generation;
    return { ...page, items };
  }
  if (!position.isFirstPage) return page;
  if (position.states && !position.states.includes(generation.state)) return page;
  const oldest = page.items.at(-1);
  if (page.nextCursor !== null && oldest && compareNewestFirst(generation, oldest) > 0) return page;
  const items = [...page.items, generation].sort(compareNewestFirst);
  return { ...page, items: position.limit === null ? items : items.slice(0, position.limit) };
}

export function removeFromPage(page: GenerationPage, id: string): GenerationPage {
  return page.items.some((item) => item.id === id) ? { ...page, items: page.items.filter((item) => item.id !== id) } : page;
}

function replaceInPage(page: GenerationPage, generation: Generation): GenerationPage {
  const index = page.items.findIndex((item) => item.id === generation.id);
  const existing = page.items[index];
  if (!existing || !isNewer(generation, existing)) return page;
  const items = page.items.slice();
  items[index] = generation;
  return { ...page, items };
}

type GalleryPatch = {
  pages: GenerationPage[];
  /** The page to fetch again because only the server can tell whether the generation belongs there. */
  refetchPage: number | null;
};

/**
 * Keeps a filtered gallery's loaded pages true to its filters as generations change elsewhere: an item that stops
 * matching leaves, one that starts matching enters at its place in the sort order, if that place is among the
 * loaded pages. Where prompt words or dates decide, the page it would enter is fetched again instead.
 */
export function patchGalleryPages(pages: GenerationPage[], generation: Generation, query: GalleryQuery): GalleryPatch {
  const matches = matchesQuery(query, generation);
  if (pages.some((page) => page.items.some((item) => item.id === generation.id))) {
    return { pages: pages.map((page) => (matches ? replaceInPage(page, generation) : removeFromPage(page, generation.id))), refetchPage: null };
  }
  if (!matches) return { pages, refetchPage: null };
  const compare = query.sort === "oldest" ? compareOldestFirst : compareNewestFirst;
  // The first page whose last item sorts after it, or the last page once the list's end is loaded.
  const target = pages.findIndex((page, index) => {
    const last = page.items.at(-1);
    return (last !== undefined && compare(generation, last) < 0) || (index === pages.length - 1 && page.nextCursor === null);
  });
  if (target < 0) return { pages, refetchPage: null };
  if (needsServerMatch(query)) return { pages, refetchPage: target };
  return {
    pages: pages.map((page, index) => (index === target ? { ...page, items: [...page.items, generation].sort(compare) } : page)),
    refetchPage: null,
  };
}

export function removeManyFromPage(page: GenerationPage, ids: ReadonlySet<string>): GenerationPage {
  return page.items.some((item) => ids.has(item.id)) ? { ...page, items: page.items.filter((item) => !ids.has(item.id)) } : page;
}

/** Reads back what a list URL asked for, so a cached page can be updated without knowing who cached it. */
export function parseListKey(key: string): PagePosition | null {
  if (!key.startsWith("/api/generations?")) return null;
  const params = new URLSearchParams(key.slice(key.indexOf("?") + 1));
  const state = params.get("state");
  const limit = Number(params.get("limit"));
  return {
    isFirstPage: !params.get("cursor"),
    states: state ? state.split(",") : null,
    limit: Number.isInteger(limit) && limit > 0 ? limit : null,
  };
}

/**
 * Each loaded page of an infinite list under the key `useSWRInfinite` keeps it by, apart from the list it shows.
 * `setSize` rebuilds the list from these entries when each page it asks for has one, so a change made to the list
 * alone can be undone then: the entries must be written with it.
 */
export function pageEntries(
  pages: readonly GenerationPage[],
  pageKey: (index: number, previous: GenerationPage | null) => string | null,
): Array<[string, GenerationPage]> {
  const entries: Array<[string, GenerationPage]> = [];
  pages.forEach((page, index) => {
    const key = pageKey(index, pages[index - 1] ?? null);
    if (key) entries.push([key, page]);
  });
  return entries;
}

/** Infinite lists can return an item twice when a new one pushed it across a page boundary. */
export function flattenPages(pages: readonly GenerationPage[]): Generation[] {
  const seen = new Set<string>();
  const items: Generation[] = [];
  for (const page of pages) {
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  return items;
}
