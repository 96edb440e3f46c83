"use client";

import { useCallback, useEffect, useRef } from "react";
import type { SWRInfiniteKeyedMutator } from "swr/infinite";
import type { GalleryQuery } from "@/lib/client/gallery-query";
import { patchGalleryPages, removeManyFromPage } from "@/lib/client/generation-cache";
import type { GenerationPage } from "@/lib/client/generations-api";
import type { LiveEvent } from "@/lib/client/live-link";

/** Pushed changes that only the server can place (search, dates) are checked at most this often. */
const SERVER_CHECK_DELAY_MS = 750;

type LivePatching = {
  subscribe: (listener: (event: LiveEvent) => void) => () => void;
  mutate: SWRInfiniteKeyedMutator<GenerationPage[]>;
  /** Changes the loaded pages without asking the server (useGalleryPages); a no-op while none are loaded. */
  patchPages: (update: (pages: GenerationPage[]) => GenerationPage[]) => void;
  pageKey: (index: number, previous: GenerationPage | null) => string | null;
  query: GalleryQuery;
  /** Ids deleted elsewhere, so the selection can forget them. */
  onRemoved: (ids: ReadonlySet<string>) => void;
};

/**
 * Applies pushed events to the gallery's own pages: SWR hides infinite caches from global key filters, so the
 * list patches itself, and asks the server only about changes it cannot place on its own.
 */
export function useGalleryLivePatching({ subscribe, mutate, patchPages, pageKey, query, onRemoved }: LivePatching): void {
  // Pages the server must judge a pushed generation against, fetched again together after a short pause.
  const pagesToCheck = useRef(new Set<string>());
  const serverCheck = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(serverCheck.current ?? undefined), []);
  const checkWithServer = useCallback(
    (key: string) => {
      pagesToCheck.current.add(key);
      if (serverCheck.current) return;
      serverCheck.current = setTimeout(() => {
        serverCheck.current = null;
        const keys = pagesToCheck.current;
        pagesToCheck.current = new Set();
        // Pages after a changed one get new cursors, hence no cache: they are fetched too.
        void mutate((pages) => pages, { revalidate: (page: unknown, key: unknown) => page === undefined || keys.has(String(key)) });
      }, SERVER_CHECK_DELAY_MS);
    },
    [mutate],
  );

  useEffect(() => {
    // A bulk delete arrives as one event per id, hundreds in a burst: they are removed a frame at a time, or
    // every one would re-render the whole gallery (seconds of a frozen page per hundred).
    let removals = new Set<string>();
    let frame = 0;
    const flushRemovals = () => {
      frame = 0;
      const ids = removals;
      removals = new Set();
      patchPages((pages) => pages.map((page) => removeManyFromPage(page, ids)));
      onRemoved(ids);
    };
    const unsubscribe = subscribe((event) => {
      if (event.type === "generation") {
        patchPages((pages) => {
          const patch = patchGalleryPages(pages, event.generation, query);
          const key = patch.refetchPage === null ? null : pageKey(patch.refetchPage, pages[patch.refetchPage - 1] ?? null);
          if (key) checkWithServer(key);
          return patch.pages;
        });
      } else if (event.type === "deleted") {
        removals.add(event.id);
        frame ||= requestAnimationFrame(flushRemovals);
      } else if (event.type === "reconnected") {
        void mutate();
      }
    });
    return () => {
      unsubscribe();
      if (frame) {
        cancelAnimationFrame(frame);
        flushRemovals();
      }
    };
  }, [checkWithServer, mutate, onRemoved, pageKey, patchPages, query, subscribe]);
}
