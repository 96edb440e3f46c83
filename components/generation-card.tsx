"use client";

import { Children, useId, type ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { DownloadIcon, LoopIcon } from "@/components/ui/icons";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";
import { FailedNotice, MissingVideoNotice, TimedOutNotice, UnknownNotice } from "./generation-notice";
import { GenerationProgress } from "./generation-progress";
import { GenerationStateBadge } from "./generation-state-badge";
import { GenerationVideo } from "./generation-video";
import { useNow } from "./use-now";

function GenerationMedia({ generation }: { generation: Generation }) {
  switch (generation.state) {
    case "completed":
      return generation.videoUrl ? <GenerationVideo generation={generation} videoUrl={generation.videoUrl} /> : <MissingVideoNotice />;
    case "failed":
      return <FailedNotice generation={generation} />;
    case "timed_out":
      return <TimedOutNotice generation={generation} />;
    case "unknown":
      return <UnknownNotice generation={generation} />;
    default:
      return <GenerationProgress generation={generation} />;
  }
}

/** One generation in any state; the article is named by its prompt so tests and screen readers can find it. */
export function GenerationCard({ generation }: { generation: Generation }) {
  const t = useT();
  const format = useFormatters();
  const now = useNow();
  const promptId = useId();
  const prompt = generation.prompt || t("card.keyframesOnly");

  return (
    <article
      aria-labelledby={promptId}
      data-state={generation.state}
      className="flex min-w-0 flex-col overflow-hidden rounded-xl border border-line bg-surface shadow-xs transition-shadow hover:shadow-md hover:shadow-black/[0.04] dark:hover:shadow-black/30"
    >
      <GenerationMedia generation={generation} />
      <div className="flex flex-1 flex-col gap-3 p-4">
        <div className="flex items-center justify-between gap-3">
          <GenerationStateBadge state={generation.state} />
          <time dateTime={generation.createdAt} title={now === null ? undefined : format.dateTime(generation.createdAt)} className="truncate text-xs text-fg-subtle">
            {now === null ? "\u00a0" : format.relative(generation.createdAt, now)}
          </time>
        </div>
        <p id={promptId} className={`line-clamp-3 text-sm leading-6 break-words ${generation.prompt ? "text-fg" : "text-fg-subtle italic"}`} title={generation.prompt || undefined}>
          {prompt}
        </p>
        <div className="mt-auto flex items-center justify-between gap-3 pt-1">
          <ul className="flex min-w-0 flex-wrap items-center gap-1.5 text-xs text-fg-muted">
            <li className="rounded-md bg-surface-muted px-1.5 py-0.5 font-mono text-[11px] tabular-nums">{generation.aspectRatio}</li>
            {generation.model ? <li className="rounded-md bg-surface-muted px-1.5 py-0.5 font-mono text-[11px]">{generation.model}</li> : null}
            {generation.durationSeconds ? <li className="rounded-md bg-surface-muted px-1.5 py-0.5 text-[11px] tabular-nums">{format.duration(generation.durationSeconds)}</li> : null}
            {generation.loop ? (
              <li className="inline-flex items-center gap-1 rounded-md bg-surface-muted px-1.5 py-0.5 text-[11px]">
                <LoopIcon className="size-3" />
                {t("card.loop")}
              </li>
            ) : null}
          </ul>
          {generation.downloadUrl ? (
            <a href={generation.downloadUrl} download aria-label={t("card.downloadLabel", { prompt })} title={t("card.download")} className={buttonClasses("ghost", "sm", "-mr-1.5")}>
              <DownloadIcon className="size-4" />
              <span className="sr-only sm:not-sr-only">{t("card.download")}</span>
            </a>
          ) : null}
        </div>
      </div>
    </article>
  );
}

export function GenerationCardSkeleton() {
  return (
    <div className="overflow-hidden rounded-xl border border-line bg-surface">
      <Skeleton className="aspect-video rounded-none" />
      <div className="space-y-3 p-4">
        <div className="flex justify-between">
          <Skeleton className="h-5 w-20 rounded-full" />
          <Skeleton className="h-4 w-14" />
        </div>
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-2/3" />
      </div>
    </div>
  );
}

/** The responsive card grid, a list so its size is announced: one column on phones, up to three on desktops. */
export function GenerationGrid({ children, label, isBusy }: { children: ReactNode; label?: string; isBusy?: boolean }) {
  return (
    <ul aria-label={label} aria-busy={isBusy || undefined} className="grid grid-cols-1 gap-4 sm:grid-cols-2 sm:gap-5 lg:grid-cols-3">
      {Children.map(children, (child) => (
        <li className="flex min-w-0 flex-col [&>*]:flex-1">{child}</li>
      ))}
    </ul>
  );
}
