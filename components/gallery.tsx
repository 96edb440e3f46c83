"use client";

import Link from "next/link";
import { useEffect, useRef, type ReactNode } from "react";
import useSWRInfinite from "swr/infinite";
import { Button, buttonClasses } from "@/components/ui/button";
import { AlertIcon, FilmIcon, RefreshIcon } from "@/components/ui/icons";
import { STATE_FILTERS, hasUnfinished, type StateFilter } from "@/lib/generations/format";
import { useT } from "@/lib/i18n/provider";
import { GenerationCard, GenerationCardSkeleton, GenerationGrid } from "./generation-card";
import { flattenPages, removeFromPage, upsertIntoPage } from "./generation-cache";
import { GALLERY_PAGE_SIZE, fetcher, listKey, type GenerationPage } from "@/lib/client/generations-api";
import { listRefreshInterval, useLiveEvents } from "./live-events";

/** Every generation, newest first, a page at a time by cursor; pages load as the end scrolls into view. */
export function Gallery({ filter, fallbackPage }: { filter: StateFilter; fallbackPage: GenerationPage | null }) {
  const t = useT();
  const { subscribe } = useLiveEvents();
  const states = STATE_FILTERS[filter];
  const sentinel = useRef<HTMLDivElement>(null);

  const { data, error, size, setSize, mutate, isLoading, isValidating } = useSWRInfinite<GenerationPage>(
    (index, previous: GenerationPage | null) => (previous && !previous.nextCursor ? null : listKey({ limit: GALLERY_PAGE_SIZE, states, cursor: previous?.nextCursor })),
    fetcher,
    {
      fallbackData: fallbackPage ? [fallbackPage] : undefined,
      refreshInterval: (latest) => listRefreshInterval((latest ?? []).some((page) => hasUnfinished(page.items))),
    },
  );

  // SWR hides infinite caches from global key filters, so this list applies live events to its own pages.
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type === "generation") {
          void mutate(
            (pages) => pages?.map((page, index) => upsertIntoPage(page, event.generation, { isFirstPage: index === 0, states: states.length ? states : null, limit: null })),
            { revalidate: false },
          );
        } else if (event.type === "deleted") {
          void mutate((pages) => pages?.map((page) => removeFromPage(page, event.id)), { revalidate: false });
        } else if (event.type === "reconnected") {
          void mutate();
        }
      }),
    [mutate, states, subscribe],
  );

  const pages = data ?? [];
  const items = flattenPages(pages);
  const hasMore = pages.length > 0 && pages.at(-1)?.nextCursor != null;
  const isLoadingMore = isValidating && size > pages.length;

  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasMore || error) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void setSize((current) => (current > pages.length ? current : current + 1));
      },
      { rootMargin: "600px 0px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [error, hasMore, pages.length, setSize]);

  if (!data && (isLoading || !error)) {
    return (
      <div role="status" aria-label={t("gallery.loadingLabel")}>
        <GenerationGrid isBusy>
          {Array.from({ length: 6 }, (_, index) => (
            <GenerationCardSkeleton key={index} />
          ))}
        </GenerationGrid>
      </div>
    );
  }

  if (!data && error) {
    return (
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
    );
  }

  if (items.length === 0) {
    return filter === "all" ? (
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
            {t("gallery.emptyFilteredCta")}
          </Link>
        }
      />
    );
  }

  return (
    <div>
      <GenerationGrid label={t("gallery.title")}>
        {items.map((generation) => (
          <GenerationCard key={generation.id} generation={generation} />
        ))}
      </GenerationGrid>
      <div ref={sentinel} className="mt-10 flex flex-col items-center gap-3">
        {error && data ? (
          <p role="alert" className="text-[13px] text-red-600 dark:text-red-400">
            {t("gallery.errorTitle")}
          </p>
        ) : null}
        {hasMore || (error && data) ? (
          <Button onClick={() => void setSize(pages.length + 1)} isLoading={isLoadingMore} aria-busy={isLoadingMore || undefined}>
            {error && data ? t("gallery.retry") : t("gallery.loadMore")}
          </Button>
        ) : (
          <p className="text-[13px] text-fg-subtle">{t("gallery.end")}</p>
        )}
      </div>
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
