"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState, type MouseEvent, type ReactNode } from "react";
import useSWRInfinite from "swr/infinite";
import { Button, buttonClasses } from "@/components/ui/button";
import { AlertIcon, FilmIcon, RefreshIcon } from "@/components/ui/icons";
import { isFiltered, type GalleryQuery } from "@/lib/client/gallery-query";
import { GALLERY_PAGE_SIZE, detailHref, fetcher, listKey, type GenerationPage } from "@/lib/client/generations-api";
import { isActivatableTarget, isTypingTarget, isUnfocused, togglePlayback, topDialog, type ShortcutKeyEvent } from "@/lib/client/keyboard";
import { useSelection } from "@/lib/client/selection";
import type { Generation } from "@/lib/generations/types";
import { useT } from "@/lib/i18n/provider";
import { GalleryFilters } from "@/components/gallery/gallery-filters";
import { useGenerationActions } from "@/components/generation/generation-actions";
import { GenerationCard, GenerationCardSkeleton, GenerationGrid } from "@/components/generation/generation-card";
import { flattenPages, patchGalleryPages, removeManyFromPage } from "@/lib/client/generation-cache";
import { GenerationDetailOverlay } from "@/components/detail/generation-detail-overlay";
import { liveRefreshInterval, useLiveEvents } from "@/components/layout/live-events";
import { SelectionBar } from "@/components/gallery/selection-bar";
import { ShortcutsDialog } from "@/components/layout/shortcuts-dialog";
import { useWindowedGrid } from "@/hooks/use-windowed-grid";

const DETAIL_PATH = /^\/generations\/([A-Za-z0-9_-]{8,64})$/;
/** Pushed changes that only the server can place (search, dates) are checked at most this often. */
const SERVER_CHECK_DELAY_MS = 750;

/**
 * Every generation matching the URL's filters, a page at a time by cursor; pages load as the end scrolls into
 * view, and only the rows near the viewport are in the DOM. Cards are one tab stop (roving focus) driven by
 * the keys listed in the shortcuts dialog; details open in an overlay that has its own URL.
 */
export function Gallery({ query, fallbackPage }: { query: GalleryQuery; fallbackPage: GenerationPage | null }) {
  const t = useT();
  const actions = useGenerationActions();
  const { subscribe, connection } = useLiveEvents();
  const pathname = usePathname();
  const sentinel = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const { selected, click: clickSelection, selectAll, remove: deselect, clear: clearSelection } = useSelection();
  const [isShortcutsOpen, setShortcutsOpen] = useState(false);
  const hasPushedDetail = useRef(false);

  // Until the first client fetch, SWR shows the server-rendered page as fallback while its cache is empty:
  // live updates must start from that page, or they would patch nothing and the card would look frozen.
  const seedPages = useMemo<GenerationPage[] | undefined>(() => (fallbackPage ? [fallbackPage] : undefined), [fallbackPage]);
  const pageKey = useCallback(
    (index: number, previous: GenerationPage | null) =>
      previous && !previous.nextCursor ? null : listKey({ limit: GALLERY_PAGE_SIZE, states: query.states, cursor: previous?.nextCursor, query }),
    [query],
  );
  const isLive = connection === "open";
  const { data, error, size, setSize, mutate, isLoading, isValidating } = useSWRInfinite<GenerationPage>(pageKey, fetcher, {
    fallbackData: seedPages,
    // Without pushed events, poll every loaded page (page 1 included) so nothing freezes while the stream is away.
    refreshInterval: liveRefreshInterval(connection),
    revalidateAll: !isLive,
    revalidateFirstPage: false,
  });

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

  // SWR hides infinite caches from global key filters, so this list applies live events to its own pages.
  useEffect(() => {
    // A bulk delete arrives as one event per id, hundreds in a burst: they are removed a frame at a time, or
    // every one would re-render the whole gallery (seconds of a frozen page per hundred).
    let removals = new Set<string>();
    let frame = 0;
    const flushRemovals = () => {
      frame = 0;
      const ids = removals;
      removals = new Set();
      void mutate((pages) => (pages ?? seedPages)?.map((page) => removeManyFromPage(page, ids)), { revalidate: false });
      deselect(ids);
    };
    const unsubscribe = subscribe((event) => {
      if (event.type === "generation") {
        void mutate(
          (pages) => {
            const current = pages ?? seedPages;
            if (!current) return current;
            const patch = patchGalleryPages(current, event.generation, query);
            const key = patch.refetchPage === null ? null : pageKey(patch.refetchPage, current[patch.refetchPage - 1] ?? null);
            if (key) checkWithServer(key);
            return patch.pages;
          },
          { revalidate: false },
        );
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
  }, [checkWithServer, deselect, mutate, pageKey, query, seedPages, subscribe]);

  const pages = data ?? [];
  const items = flattenPages(pages);
  const hasMore = pages.length > 0 && pages.at(-1)?.nextCursor != null;
  const isLoadingMore = isValidating && size > pages.length;
  const grid = useWindowedGrid(listRef, items.length, GALLERY_PAGE_SIZE);
  const clampedIndex = Math.min(activeIndex, Math.max(0, items.length - 1));
  // The tab stop must exist in the DOM: if the active card scrolled out of the window, the first rendered one stands in.
  const focusIndex = clampedIndex >= grid.start && clampedIndex < grid.end ? clampedIndex : grid.start;

  const overlayId = DETAIL_PATH.exec(pathname)?.[1] ?? null;
  const overlayIndex = overlayId ? items.findIndex((item) => item.id === overlayId) : -1;

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

  // A card scrolled into the window after a keyboard move gets focus once it exists.
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const card = listRef.current?.querySelector<HTMLElement>(`article[data-index="${pendingFocus.current}"]`);
    if (card) {
      card.focus();
      pendingFocus.current = null;
    }
  });

  const moveFocus = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(items.length - 1, index));
      setActiveIndex(next);
      pendingFocus.current = next;
      grid.reveal(next);
      if (next >= items.length - grid.columns * 2 && hasMore) void setSize((current) => (current > pages.length ? current : current + 1));
    },
    [grid, hasMore, items.length, pages.length, setSize],
  );

  const openDetail = useCallback((generation: Generation) => {
    // The overlay is this page showing another URL: Back (or Escape) returns here, scroll and all.
    hasPushedDetail.current = true;
    window.history.pushState(null, "", detailHref(generation.id));
  }, []);

  const closeDetail = useCallback(() => {
    if (hasPushedDetail.current) {
      hasPushedDetail.current = false;
      window.history.back();
    } else {
      window.history.replaceState(null, "", "/gallery");
    }
  }, []);

  const stepDetail = useCallback(
    (offset: number) => {
      const next = items[overlayIndex + offset];
      if (!next) return;
      window.history.replaceState(null, "", detailHref(next.id));
      setActiveIndex(overlayIndex + offset);
    },
    [items, overlayIndex],
  );

  const toggleSelection = (index: number, isRange: boolean) => {
    const item = items[index];
    if (item) clickSelection(item.id, isRange, () => items.map((listed) => listed.id));
  };

  /**
   * The card keys. `isOnCard`: the card itself has the key, not a control inside it, or nothing on the page has
   * focus at all (the shortcuts then act on the active card, so the first key works before any Tab).
   */
  const handleCardKey = (event: ShortcutKeyEvent, card: HTMLElement, isOnCard: boolean) => {
    const index = Number(card.dataset.index);
    const item = items[index];
    if (!item) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const handle = (action: () => void) => {
      event.preventDefault();
      action();
    };
    if (key === "ArrowRight" || key === "j") handle(() => moveFocus(index + 1));
    else if (key === "ArrowLeft" || key === "k") handle(() => moveFocus(index - 1));
    else if (key === "ArrowDown" && isOnCard) handle(() => moveFocus(index + grid.columns));
    else if (key === "ArrowUp" && isOnCard) handle(() => moveFocus(index - grid.columns));
    else if (key === "Home" && isOnCard) handle(() => moveFocus(0));
    else if (key === "End" && isOnCard) handle(() => moveFocus(items.length - 1));
    else if (key === "Enter" && isOnCard) handle(() => openDetail(item));
    else if (key === " " && !isActivatableTarget(event.target)) handle(() => togglePlayback(card));
    else if (key === "l" && !event.shiftKey) handle(() => void actions.toggleLike(item));
    else if (key === "x") handle(() => toggleSelection(index, event.shiftKey));
    else if ((key === "Delete" || key === "Backspace") && isOnCard) handle(() => actions.requestDelete([item]));
  };

  const onGridKeyDown = (event: ShortcutKeyEvent) => {
    const card = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>("article[data-index]") : null;
    if (!card || event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target)) return;
    handleCardKey(event, card, event.target === card);
  };

  /** The card the page's keys act on: the active one if it is on screen, else the first one that is. */
  const activeCard = (): HTMLElement | null => {
    const cards = [...(listRef.current?.querySelectorAll<HTMLElement>("article[data-index]") ?? [])];
    const isOnScreen = (card: HTMLElement) => {
      const box = card.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight;
    };
    const active = cards.find((card) => Number(card.dataset.index) === focusIndex);
    return active && isOnScreen(active) ? active : (cards.find(isOnScreen) ?? active ?? null);
  };

  // Page-wide keys: "?" lists the shortcuts, Escape clears the selection, and with nothing focused the card keys
  // act on the active card. Dialogs, fields and focused controls keep their own keys.
  const onDocumentKey = useEffectEvent((event: globalThis.KeyboardEvent) => {
    if (topDialog() || event.defaultPrevented || isTypingTarget(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
    if (event.key === "?") {
      event.preventDefault();
      setShortcutsOpen(true);
    } else if (event.key === "Escape" && selected.size > 0) {
      event.preventDefault();
      clearSelection();
    } else if (isUnfocused(event.target)) {
      const card = activeCard();
      if (card) handleCardKey(event, card, true);
    }
  });
  useEffect(() => {
    const listener = (event: globalThis.KeyboardEvent) => onDocumentKey(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  const filters = <GalleryFilters query={query} onShowShortcuts={() => setShortcutsOpen(true)} />;
  const dialogs = (
    <>
      <ShortcutsDialog open={isShortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      {overlayId ? (
        <GenerationDetailOverlay
          id={overlayId}
          fallback={items[overlayIndex] ?? null}
          onClose={closeDetail}
          onPrevious={overlayIndex > 0 ? () => stepDetail(-1) : undefined}
          onNext={overlayIndex >= 0 && overlayIndex < items.length - 1 ? () => stepDetail(1) : undefined}
          onShowShortcuts={() => setShortcutsOpen(true)}
        />
      ) : null}
    </>
  );

  if (!data && (isLoading || !error)) {
    return (
      <>
        {filters}
        <div role="status" aria-label={t("gallery.loadingLabel")}>
          <GenerationGrid isBusy>
            {Array.from({ length: 6 }, (_, index) => (
              <GenerationCardSkeleton key={index} />
            ))}
          </GenerationGrid>
        </div>
      </>
    );
  }

  if (!data && error) {
    return (
      <>
        {filters}
        <StatePanel
          icon={<AlertIcon className="size-5 text-red-600 dark:text-red-400" />}
          title={t("gallery.errorTitle")}
          body={t("gallery.errorBody")}
          action={
            <Button onClick={() => void mutate()} icon={<RefreshIcon className="size-4" />}>
              {t("gallery.retry")}
            </Button>
          }
          isAlert
        />
      </>
    );
  }

  if (items.length === 0) {
    return (
      <>
        {filters}
        {!isFiltered(query) ? (
          <StatePanel
            icon={<FilmIcon className="size-5 text-fg-subtle" />}
            title={t("gallery.emptyTitle")}
            body={t("gallery.emptyBody")}
            action={
              <Link href="/" className={buttonClasses("primary")}>
                {t("gallery.emptyCta")}
              </Link>
            }
          />
        ) : (
          <StatePanel
            icon={<FilmIcon className="size-5 text-fg-subtle" />}
            title={t("gallery.emptyFilteredTitle")}
            body={t("gallery.emptyFilteredBody")}
            action={
              <Link href="/gallery" className={buttonClasses("secondary")}>
                {t("filters.clear")}
              </Link>
            }
          />
        )}
        {dialogs}
      </>
    );
  }

  const selectedItems = items.filter((item) => selected.has(item.id));

  return (
    <div>
      {filters}
      <ul
        ref={listRef}
        aria-label={t("gallery.title")}
        onKeyDown={onGridKeyDown}
        className="grid grid-cols-1 gap-4 sm:grid-cols-2 sm:gap-5 lg:grid-cols-3"
        // Client-only spacing for the rows outside the window; zero (and absent) in the server HTML.
        style={grid.padTop || grid.padBottom ? { paddingTop: grid.padTop, paddingBottom: grid.padBottom } : undefined}
      >
        {items.slice(grid.start, grid.end).map((generation, offset) => {
          const index = grid.start + offset;
          return (
            <li key={generation.id} data-row="" className="flex min-w-0 flex-col [&>*]:flex-1">
              <GenerationCard
                generation={generation}
                index={index}
                tabIndex={index === focusIndex ? 0 : -1}
                onOpenDetail={openDetail}
                selection={{
                  isSelected: selected.has(generation.id),
                  isSelecting: selected.size > 0,
                  onToggle: (event: MouseEvent<HTMLInputElement>) => toggleSelection(index, event.shiftKey),
                }}
              />
            </li>
          );
        })}
      </ul>
      <div ref={sentinel} className="mt-10 flex flex-col items-center gap-3">
        {error && data ? (
          <p role="alert" className="text-[13px] text-red-600 dark:text-red-400">
            {t("gallery.errorTitle")}
          </p>
        ) : null}
        {hasMore || (error && data) ? (
          <Button onClick={() => void setSize(pages.length + 1)} isLoading={isLoadingMore} aria-busy={isLoadingMore || undefined}>
            {error && data ? t("gallery.retry") : isLoadingMore ? t("gallery.loadingMore") : t("gallery.loadMore")}
          </Button>
        ) : (
          <p className="text-[13px] text-fg-subtle">{t("gallery.end")}</p>
        )}
      </div>
      <SelectionBar
        selected={selectedItems}
        onSelectAll={() => selectAll(items.map((item) => item.id))}
        onClear={clearSelection}
        onDelete={() => actions.requestDelete(selectedItems, clearSelection)}
      />
      {dialogs}
    </div>
  );
}

function StatePanel({ icon, title, body, action, isAlert = false }: { icon: ReactNode; title: string; body: string; action: ReactNode; isAlert?: boolean }) {
  return (
    <div role={isAlert ? "alert" : undefined} className="flex flex-col items-center justify-center rounded-2xl border border-dashed border-line-strong bg-surface/60 px-6 py-16 text-center sm:py-20">
      <span className="mb-4 flex size-11 items-center justify-center rounded-full border border-line bg-surface shadow-xs">{icon}</span>
      <h2 className="text-base font-semibold text-fg">{title}</h2>
      <p className="mt-1.5 max-w-sm text-sm text-fg-muted">{body}</p>
      <div className="mt-6">{action}</div>
    </div>
  );
}
