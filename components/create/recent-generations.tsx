"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import useSWR from "swr";
import { ArrowRightIcon, FilmIcon } from "@/components/ui/icons";
import { useT } from "@/lib/i18n/provider";
import { GenerationCard, GenerationGrid } from "@/components/generation/generation-card";
import { parseListKey, removeFromPage, upsertIntoPage } from "@/lib/client/generation-cache";
import { RECENT_LIMIT, listKey, type GenerationPage } from "@/lib/client/generations-api";
import { liveRefreshInterval, useLiveEvents } from "@/components/layout/live-events";

const RECENT_KEY = listKey({ limit: RECENT_LIMIT });

/** The newest few generations under the form; a new one shows up the moment the POST answers. */
export function RecentGenerations({ fallbackPage }: { fallbackPage: GenerationPage | null }) {
  const t = useT();
  const headingId = "recent-heading";
  const { subscribe, connection } = useLiveEvents();
  const { data, mutate } = useSWR<GenerationPage>(RECENT_KEY, {
    fallbackData: fallbackPage ?? undefined,
    refreshInterval: liveRefreshInterval(connection),
  });
  const fallback = useRef(fallbackPage);

  // The provider patches cached pages; this also covers the moment before the first fetch fills the cache.
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type === "generation") {
          const position = parseListKey(RECENT_KEY);
          if (!position) return;
          void mutate((page) => upsertIntoPage(page ?? fallback.current ?? { items: [], nextCursor: null }, event.generation, position), { revalidate: false });
        } else if (event.type === "deleted") {
          void mutate((page) => (page ? removeFromPage(page, event.id) : page), { revalidate: false });
        }
      }),
    [mutate, subscribe],
  );

  const items = data?.items ?? [];

  return (
    <section aria-labelledby={headingId} className="mt-14">
      <div className="mb-5 flex items-end justify-between gap-4">
        <h2 id={headingId} className="text-lg font-semibold tracking-tight text-fg">
          {t("recent.title")}
        </h2>
        {items.length > 0 ? (
          <Link
            href="/gallery"
            className="inline-flex items-center gap-1 rounded-md text-sm font-medium text-accent outline-none hover:text-accent-hover focus-visible:ring-2 focus-visible:ring-ring"
          >
            {t("recent.viewAll")}
            <ArrowRightIcon className="size-3.5" />
          </Link>
        ) : null}
      </div>
      {items.length > 0 ? (
        <GenerationGrid label={t("recent.title")}>
          {items.map((generation) => (
            <GenerationCard key={generation.id} generation={generation} />
          ))}
        </GenerationGrid>
      ) : (
        <div className="flex flex-col items-center justify-center gap-3 rounded-xl border border-dashed border-line-strong px-6 py-12 text-center">
          <FilmIcon className="size-6 text-fg-subtle" />
          <p className="text-sm text-fg-muted">{t("recent.empty")}</p>
        </div>
      )}
    </section>
  );
}
