"use client";

import Link from "next/link";
import { Children, useId, type MouseEvent, type ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ClockIcon, DownloadIcon, ExtendIcon, LoopIcon } from "@/components/ui/icons";
import { durationText } from "@/lib/client/option-text";
import { detailHref } from "@/lib/client/generations-api";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";
import { GenerationMenu, LikeButton } from "@/components/generation/generation-action-bar";
import { FailedNotice, MissingVideoNotice, TimedOutNotice, UnknownNotice } from "@/components/generation/generation-notice";
import { GenerationProgress } from "@/components/generation/generation-progress";
import { GenerationStateBadge } from "@/components/generation/generation-state-badge";
import { GenerationVideo } from "@/components/generation/generation-video";
import { useNow } from "@/hooks/use-now";

export function GenerationMedia({ generation }: { generation: Generation }) {
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

type CardSelection = {
  isSelected: boolean;
  /** Shown always while anything is selected; otherwise on hover, focus and touch screens. */
  isSelecting: boolean;
  onToggle: (event: MouseEvent<HTMLInputElement>) => void;
};

type GenerationCardProps = {
  generation: Generation;
  /** Gallery only: position for roving focus (the article is the focus stop). */
  index?: number;
  tabIndex?: number;
  selection?: CardSelection;
  /** Opens the detail in place (the gallery's overlay); a plain link navigation otherwise. */
  onOpenDetail?: (generation: Generation) => void;
};

function isPlainClick(event: MouseEvent) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** One generation in any state; the article is named by its prompt so tests and screen readers can find it. */
export function GenerationCard({ generation, index, tabIndex, selection, onOpenDetail }: GenerationCardProps) {
  const t = useT();
  const format = useFormatters();
  const now = useNow();
  const promptId = useId();
  const prompt = generation.prompt || t("card.keyframesOnly");
  const openDetail = (event: MouseEvent) => {
    if (!onOpenDetail || !isPlainClick(event)) return;
    event.preventDefault();
    onOpenDetail(generation);
  };

  return (
    <article
      aria-labelledby={promptId}
      data-state={generation.state}
      data-index={index}
      data-id={generation.id}
      tabIndex={tabIndex}
      className={`group/card relative flex min-w-0 flex-col overflow-hidden rounded-xl border bg-surface shadow-xs transition-shadow outline-none hover:shadow-md hover:shadow-black/[0.04] focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-canvas dark:hover:shadow-black/30 ${
        selection?.isSelected ? "border-accent ring-1 ring-accent" : "border-line"
      }`}
    >
      <GenerationMedia generation={generation} />
      {selection ? (
        <label
          className={`absolute top-2.5 left-2.5 z-10 flex size-8 cursor-pointer items-center justify-center rounded-lg bg-black/45 ring-1 ring-white/20 backdrop-blur-sm transition-opacity has-focus-visible:opacity-100 has-focus-visible:ring-2 has-focus-visible:ring-ring pointer-coarse:opacity-100 ${
            selection.isSelecting || selection.isSelected ? "opacity-100" : "opacity-0 group-focus-within/card:opacity-100 group-hover/card:opacity-100"
          }`}
        >
          <input
            type="checkbox"
            checked={selection.isSelected}
            onChange={() => {}}
            onClick={selection.onToggle}
            aria-label={t("selection.select", { prompt })}
            className="size-4 cursor-pointer accent-accent outline-none"
          />
        </label>
      ) : null}
      <div className="flex flex-1 flex-col gap-3 p-4">
        <div className="flex items-center justify-between gap-3">
          <GenerationStateBadge state={generation.state} failureCode={generation.failureCode} />
          <time
            dateTime={generation.createdAt}
            title={now === null ? undefined : format.dateTime(generation.createdAt)}
            className="truncate text-xs text-fg-subtle"
          >
            {now === null ? "\u00a0" : format.relative(generation.createdAt, now)}
          </time>
        </div>
        <p
          id={promptId}
          className={`line-clamp-3 text-sm leading-6 break-words ${index !== undefined ? "min-h-18" : ""} ${generation.prompt ? "text-fg" : "text-fg-subtle italic"}`}
          title={generation.prompt || undefined}
        >
          <Link
            href={detailHref(generation.id)}
            onClick={openDetail}
            className="rounded-sm outline-none hover:underline hover:decoration-fg-subtle hover:underline-offset-2 focus-visible:ring-2 focus-visible:ring-ring"
          >
            {prompt}
          </Link>
        </p>
        <div className="mt-auto flex items-center justify-between gap-2 pt-1">
          <ul className="flex min-w-0 flex-wrap items-center gap-1.5 text-xs text-fg-muted">
            <li className="rounded-md bg-surface-muted px-1.5 py-0.5 font-mono text-[11px] tabular-nums">{generation.aspectRatio}</li>
            {generation.model ? <li className="rounded-md bg-surface-muted px-1.5 py-0.5 font-mono text-[11px]">{generation.model}</li> : null}
            {generation.resolution ? <li className="rounded-md bg-surface-muted px-1.5 py-0.5 text-[11px] tabular-nums">{generation.resolution}</li> : null}
            {generation.duration ? (
              <li className="rounded-md bg-surface-muted px-1.5 py-0.5 text-[11px] tabular-nums">{durationText(generation.duration, t)}</li>
            ) : generation.durationSeconds ? (
              <li className="rounded-md bg-surface-muted px-1.5 py-0.5 text-[11px] tabular-nums">{format.duration(generation.durationSeconds)}</li>
            ) : null}
            {generation.loop ? (
              <li className="inline-flex items-center gap-1 rounded-md bg-surface-muted px-1.5 py-0.5 text-[11px]">
                <LoopIcon className="size-3" />
                {t("card.loop")}
              </li>
            ) : null}
            {generation.parentId ? (
              <li className="inline-flex items-center gap-1 rounded-md bg-surface-muted px-1.5 py-0.5 text-[11px]">
                <ExtendIcon className="size-3" />
                {t("actions.extension")}
              </li>
            ) : null}
            {generation.isCleanCopyMissing ? (
              <li
                title={t("card.cleanCopyMissingHint")}
                className="inline-flex items-center gap-1 rounded-md bg-amber-500/10 px-1.5 py-0.5 text-[11px] text-amber-800 dark:text-amber-300"
              >
                <ClockIcon className="size-3" />
                {t("card.cleanCopyMissing")}
              </li>
            ) : null}
          </ul>
          <div className="-mr-1.5 flex shrink-0 items-center">
            <LikeButton generation={generation} />
            {generation.downloadUrl ? (
              <a
                href={generation.downloadUrl}
                download
                aria-label={t("card.downloadLabel", { prompt })}
                title={t("actions.downloadHint")}
                className={buttonClasses("ghost", "sm", "w-8 px-0")}
              >
                <DownloadIcon className="size-4" />
              </a>
            ) : null}
            <GenerationMenu generation={generation} label={t("actions.moreLabel", { prompt })} onOpenDetail={openDetail} />
          </div>
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
