"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useRef, useState, type MouseEvent, type ReactNode } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { AlertIcon, FilmIcon, RefreshIcon } from "@/components/ui/icons";
import { galleryHref, isFiltered, type GalleryQuery } from "@/lib/client/gallery-query";
import { GENERATION_ID_PATTERN } from "@/lib/constants";
import { GALLERY_PAGE_SIZE, detailHref, type GenerationPage } from "@/lib/client/generations-api";
import type { Generation } from "@/lib/generations/types";
import { useT } from "@/lib/i18n/provider";
import { GalleryFilters } from "@/components/gallery/gallery-filters";
import { SelectionBar } from "@/components/gallery/selection-bar";
import { GenerationDetailOverlay } from "@/components/detail/generation-detail-overlay";
import { useGenerationActions } from "@/components/generation/generation-actions";
import { GenerationCard, GenerationCardSkeleton, GenerationGrid } from "@/components/generation/generation-card";
import { liveRefreshInterval, useLiveEvents } from "@/components/layout/live-events";
import { ShortcutsDialog } from "@/components/layout/shortcuts-dialog";
import { useGalleryKeyboard } from "@/hooks/use-gallery-keyboard";
import { useGalleryLivePatching } from "@/hooks/use-gallery-live-patching";
import { useGalleryPages } from "@/hooks/use-gallery-pages";
import { useGallerySelection } from "@/hooks/use-gallery-selection";
import { useWindowedGrid } from "@/hooks/use-windowed-grid";

const DETAIL_PATH = new RegExp(`^/generations/(${GENERATION_ID_PATTERN})$`);

/**
 * Every generation matching the URL's filters, a page at a time by cursor; pages load as the end scrolls into
 * view, and only the rows near the viewport are in the DOM. Cards are one tab stop (roving focus) driven by
 * the keys listed in the shortcuts dialog; details open in an overlay that has its own URL.
 */
/** `fallbackZone` is the zone the server cut `fallbackPage`'s days in (dated views only). */
export function Gallery({ query, fallbackPage, fallbackZone }: { query: GalleryQuery; fallbackPage: GenerationPage | null; fallbackZone?: string }) {
  const [isShortcutsOpen, setShortcutsOpen] = useState(false);
  const showShortcuts = useCallback(() => setShortcutsOpen(true), []);
  return (
    <>
      {/* Outside the results, which start afresh for each view: the search box keeps its focus and what is being
          typed while the results for the first words arrive, so no later key lands on a card. */}
      <GalleryFilters query={query} onShowShortcuts={showShortcuts} />
      <GalleryResults key={galleryHref(query)} query={query} fallback={{ page: fallbackPage, timeZone: fallbackZone }} onShowShortcuts={showShortcuts} />
      <ShortcutsDialog open={isShortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </>
  );
}

function GalleryResults({
  query,
  fallback,
  onShowShortcuts,
}: {
  query: GalleryQuery;
  fallback: { page: GenerationPage | null; timeZone: string | undefined };
  onShowShortcuts: () => void;
}) {
  const t = useT();
  const actions = useGenerationActions();
  const { subscribe, connection } = useLiveEvents();
  const pathname = usePathname();
  const listRef = useRef<HTMLUListElement>(null);
  const hasPushedDetail = useRef(false);

  const { data, error, mutate, patchPages, isLoading, items, hasMore, isLoadingMore, sentinel, loadMore, loadAhead, pageKey } = useGalleryPages(
    query,
    fallback,
    {
      isLive: connection === "open",
      refreshInterval: liveRefreshInterval(connection),
    },
  );
  const selection = useGallerySelection(items);
  useGalleryLivePatching({ subscribe, mutate, patchPages, pageKey, query, onRemoved: selection.deselect });
  const grid = useWindowedGrid(listRef, items.length, GALLERY_PAGE_SIZE);

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

  const keys = useGalleryKeyboard({
    items,
    listRef,
    grid,
    hasSelection: selection.selected.size > 0,
    onNearEnd: loadAhead,
    onOpen: openDetail,
    onToggleLike: (item) => void actions.toggleLike(item),
    onToggleSelection: selection.toggle,
    onDelete: (item) => actions.requestDelete([item]),
    onClearSelection: selection.clear,
    onShowShortcuts,
  });

  const overlayId = DETAIL_PATH.exec(pathname)?.[1] ?? null;
  const overlayIndex = overlayId ? items.findIndex((item) => item.id === overlayId) : -1;
  const { setActiveIndex } = keys;
  const stepDetail = useCallback(
    (offset: number) => {
      const next = items[overlayIndex + offset];
      if (!next) return;
      window.history.replaceState(null, "", detailHref(next.id));
      setActiveIndex(overlayIndex + offset);
    },
    [items, overlayIndex, setActiveIndex],
  );

  const dialogs = (
    <>
      {overlayId ? (
        <GenerationDetailOverlay
          id={overlayId}
          fallback={items[overlayIndex] ?? null}
          onClose={closeDetail}
          onPrevious={overlayIndex > 0 ? () => stepDetail(-1) : undefined}
          onNext={overlayIndex >= 0 && overlayIndex < items.length - 1 ? () => stepDetail(1) : undefined}
          onShowShortcuts={onShowShortcuts}
        />
      ) : null}
    </>
  );

  if (!data && (isLoading || !error)) {
    return (
      <>
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

  return (
    <div>
      <ul
        ref={listRef}
        aria-label={t("gallery.title")}
        onKeyDown={keys.onGridKeyDown}
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
                tabIndex={index === keys.focusIndex ? 0 : -1}
                onOpenDetail={openDetail}
                selection={{
                  isSelected: selection.selected.has(generation.id),
                  isSelecting: selection.selected.size > 0,
                  onToggle: (event: MouseEvent<HTMLInputElement>) => selection.toggle(index, event.shiftKey),
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
          <Button onClick={loadMore} isLoading={isLoadingMore} aria-busy={isLoadingMore || undefined}>
            {error && data ? t("gallery.retry") : isLoadingMore ? t("gallery.loadingMore") : t("gallery.loadMore")}
          </Button>
        ) : (
          <p className="text-[13px] text-fg-subtle">{t("gallery.end")}</p>
        )}
      </div>
      <SelectionBar
        selected={selection.selectedItems}
        onSelectAll={selection.selectAll}
        onClear={selection.clear}
        onDelete={() => actions.requestDelete(selection.selectedItems, selection.clear)}
      />
      {dialogs}
    </div>
  );
}

function StatePanel({ icon, title, body, action, isAlert = false }: { icon: ReactNode; title: string; body: string; action: ReactNode; isAlert?: boolean }) {
  return (
    <div
      role={isAlert ? "alert" : undefined}
      className="flex flex-col items-center justify-center rounded-2xl border border-dashed border-line-strong bg-surface/60 px-6 py-16 text-center sm:py-20"
    >
      <span className="mb-4 flex size-11 items-center justify-center rounded-full border border-line bg-surface shadow-xs">{icon}</span>
      <h2 className="text-base font-semibold text-fg">{title}</h2>
      <p className="mt-1.5 max-w-sm text-sm text-fg-muted">{body}</p>
      <div className="mt-6">{action}</div>
    </div>
  );
}
