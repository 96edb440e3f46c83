"use client";

import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { useSWRConfig } from "swr";
import useSWRInfinite, { unstable_serialize } from "swr/infinite";
import type { GalleryQuery } from "@/lib/client/gallery-query";
import { flattenPages, pageEntries } from "@/lib/client/generation-cache";
import { GALLERY_PAGE_SIZE, fetcher, listKey, type GenerationPage } from "@/lib/client/generations-api";
import { viewerTimeZone } from "@/lib/i18n/time-zone";

const noChanges = () => () => {};

/** The browser's zone; null while hydrating, when the server's HTML (its first page included) is what shows. */
function useBrowserZone(): string | null {
  return useSyncExternalStore(noChanges, viewerTimeZone, () => null);
}

/**
 * Every generation matching the gallery's filters, a page at a time by cursor; the next page loads as the
 * `sentinel` element (below the last card) nears the viewport.
 */
export function useGalleryPages(
  query: GalleryQuery,
  fallback: { page: GenerationPage | null; timeZone: string | undefined },
  live: { isLive: boolean; refreshInterval: number },
) {
  // A dated first page the server cut in another zone (a cookie from before travelling) lists other days than the
  // browser's requests ask for: once the browser's zone is known, it is nothing to show or patch.
  const browserZone = useBrowserZone();
  const isOtherZone = (query.from !== undefined || query.to !== undefined) && browserZone !== null && fallback.timeZone !== browserZone;
  const fallbackPage = isOtherZone ? null : fallback.page;
  // Until the first client fetch, SWR shows the server-rendered page as fallback while its cache is empty:
  // live updates must start from that page, or they would patch nothing and the card would look frozen.
  const seedPages = useMemo<GenerationPage[] | undefined>(() => (fallbackPage ? [fallbackPage] : undefined), [fallbackPage]);
  const pageKey = useCallback(
    (index: number, previous: GenerationPage | null) =>
      previous && !previous.nextCursor ? null : listKey({ limit: GALLERY_PAGE_SIZE, cursor: previous?.nextCursor, query }),
    [query],
  );
  const { data, error, size, setSize, mutate, isLoading, isValidating } = useSWRInfinite<GenerationPage>(pageKey, fetcher, {
    fallbackData: seedPages,
    // Without pushed events, poll every loaded page (page 1 included) so nothing freezes while the stream is away.
    refreshInterval: live.refreshInterval,
    revalidateAll: !live.isLive,
    revalidateFirstPage: false,
  });

  const { cache, mutate: mutateEntry } = useSWRConfig();
  /**
   * Changes the loaded pages in place (pushed events), without asking the server. With nothing loaded yet there
   * is nothing to change, and writing anyway would make SWR drop the first answer still on its way (it discards
   * a request that a write overlapped), leaving the skeleton up for good. Every page's own entry is written too:
   * `setSize` rebuilds the list from those entries whenever each page it asks for has one (a page whose answer a
   * write dropped still left its entry), and the live provider patches them as fixed-size lists, which cuts page
   * 1's last card, the next page's cursor, to make room for a new one.
   */
  const patchPages = useCallback(
    (update: (pages: GenerationPage[]) => GenerationPage[]) => {
      const current = (cache.get(unstable_serialize(pageKey))?.data as GenerationPage[] | undefined) ?? seedPages;
      if (!current) return;
      const next = update(current);
      for (const [key, page] of pageEntries(next, pageKey)) {
        if (cache.get(key)?.data !== page) void mutateEntry(key, page, { revalidate: false });
      }
      if (next !== current) void mutate(next, { revalidate: false });
    },
    [cache, mutate, mutateEntry, pageKey, seedPages],
  );

  const pages = data ?? [];
  const items = flattenPages(pages);
  const hasMore = pages.length > 0 && pages.at(-1)?.nextCursor != null;
  const isLoadingMore = isValidating && size > pages.length;
  const sentinel = useRef<HTMLDivElement>(null);

  // Observed afresh after every load: an end that is still on screen then asks for the next page at once.
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasMore || error || isValidating) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void setSize(pages.length + 1);
      },
      { rootMargin: "800px 0px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [error, hasMore, isValidating, pages.length, setSize]);

  const loadMore = () => void setSize(pages.length + 1);
  /** Asks for one page beyond those loaded, unless it is already on its way (keyboard moves near the end). */
  const loadAhead = () => {
    if (hasMore) void setSize((current) => (current > pages.length ? current : current + 1));
  };

  return { data, error, mutate, patchPages, isLoading, items, hasMore, isLoadingMore, sentinel, loadMore, loadAhead, pageKey };
}
