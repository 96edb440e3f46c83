"use client";

import Link from "next/link";
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import useSWR from "swr";
import { focusRing } from "@/components/ui/button";
import { AlertIcon, ArrowRightIcon, ClockIcon, CopyIcon, InfoIcon } from "@/components/ui/icons";
import { durationText } from "@/lib/client/option-text";
import { failureHint, type FailureHint } from "@/lib/client/failure-hint";
import { detailsKey, type GenerationDetails } from "@/lib/client/generations-api";
import { isActivatableTarget, togglePlayback } from "@/lib/client/keyboard";
import { isUnfinished, type GenerationState } from "@/lib/constants";
import { GENERATION_STATES } from "@/lib/constants";
import { mediaSize } from "@/lib/generations/format";
import type { Generation } from "@/lib/generations/types";
import { LOCALE_TAGS } from "@/lib/i18n/locale";
import type { MessageKey } from "@/lib/i18n/translate";
import { useFormatters, useLocale, useT } from "@/lib/i18n/provider";
import { DeriveActions } from "@/components/detail/derive-actions";
import { DetailPlayer } from "@/components/detail/detail-player";
import { GenerationActionBar } from "@/components/generation/generation-action-bar";
import { GenerationLineage } from "@/components/detail/generation-lineage";
import { useGenerationActions } from "@/components/generation/generation-actions";
import { GenerationMedia } from "@/components/generation/generation-card";
import { GenerationStateBadge } from "@/components/generation/generation-state-badge";
import { liveRefreshInterval, useLiveEvents } from "@/components/layout/live-events";
import { useShortcutKeys } from "@/hooks/use-shortcut-keys";

const HINTS: Record<FailureHint, MessageKey> = {
  moderation: "detail.hintModeration",
  frames: "detail.hintFrames",
  checkAgain: "detail.hintCheckAgain",
  unconfirmed: "detail.hintUnconfirmed",
  generic: "detail.hintGeneric",
};
const noop = () => () => {};

/** Dates are formatted in the viewer's time zone, which the server does not know: only in the browser. */
function useIsClient(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

function isState(value: string): value is GenerationState {
  return (GENERATION_STATES as readonly string[]).includes(value);
}

type GenerationDetailProps = {
  id: string;
  fallbackData?: GenerationDetails;
  /** What the gallery already knows, shown while the details load. */
  fallbackGeneration?: Generation | null;
  /** The page owns document-wide keys; the overlay only while it is the topmost dialog. */
  keyScope: "page" | HTMLDialogElement | null;
  headingId: string;
  headingLevel: "h1" | "h2";
  /** Close, previous and next in the overlay; a back link on the page. */
  toolbar?: ReactNode;
  onDeleted: () => void;
  onShowShortcuts: () => void;
  onStep?: (offset: -1 | 1) => void;
};

/** Everything about one generation: the player, what was asked, what happened and when, and what to do next. */
export function GenerationDetail({
  id,
  fallbackData,
  fallbackGeneration,
  keyScope,
  headingId,
  headingLevel,
  toolbar,
  onDeleted,
  onShowShortcuts,
  onStep,
}: GenerationDetailProps) {
  const t = useT();
  const format = useFormatters();
  const actions = useGenerationActions();
  const { subscribe, connection } = useLiveEvents();
  const root = useRef<HTMLDivElement>(null);
  const [isDeleted, setDeleted] = useState(false);
  const isClient = useIsClient();
  const { data, error, mutate } = useSWR<GenerationDetails>(detailsKey(id), {
    fallbackData,
    refreshInterval: liveRefreshInterval(connection),
  });

  useEffect(
    () =>
      subscribe((event) => {
        if (event.type === "reconnected") void mutate();
        if (event.type === "deleted" && event.id === id) setDeleted(true);
        if (event.type !== "generation" || event.generation.id !== id) return;
        // A new state adds a line to the timeline, which only the details endpoint has.
        void mutate((current) => (current ? { ...current, generation: event.generation } : current), {
          revalidate: event.generation.state !== data?.generation.state || event.generation.upstreamState !== data?.generation.upstreamState,
        });
      }),
    [data?.generation.state, data?.generation.upstreamState, id, mutate, subscribe],
  );

  const generation = data?.generation ?? (fallbackGeneration?.id === id ? fallbackGeneration : null);

  useShortcutKeys(keyScope, (key, event) => {
    if (!generation) return undefined;
    const isOnControl = isActivatableTarget(event.target);
    const isOnPlayer = event.target instanceof HTMLVideoElement;
    if (key === " " && !isOnControl && root.current) return () => togglePlayback(root.current as HTMLElement);
    if (key === "l") return () => void actions.toggleLike(generation);
    if ((key === "Delete" || key === "Backspace") && !isOnControl) return () => actions.requestDelete([generation], onDeleted);
    if (key === "?") return onShowShortcuts;
    if (onStep && (key === "ArrowLeft" || key === "k") && !isOnPlayer) return () => onStep(-1);
    if (onStep && (key === "ArrowRight" || key === "j") && !isOnPlayer) return () => onStep(1);
    return undefined;
  });

  const Heading = headingLevel;

  if (isDeleted || (!generation && error)) {
    return (
      <div ref={root} className="flex flex-col gap-4">
        {toolbar}
        <div role="alert" className="flex flex-col items-center rounded-2xl border border-dashed border-line-strong px-6 py-16 text-center">
          <AlertIcon className="mb-3 size-5 text-fg-subtle" />
          <Heading id={headingId} className="text-base font-semibold text-fg">
            {isDeleted ? t("detail.deletedTitle") : t("detail.loadError")}
          </Heading>
          <Link href="/gallery" className={`mt-4 text-sm font-medium text-accent hover:text-accent-hover ${focusRing} rounded-md`}>
            {t("detail.back")}
          </Link>
        </div>
      </div>
    );
  }

  if (!generation) {
    return (
      <div ref={root} role="status" aria-label={t("gallery.loadingLabel")} className="flex flex-col gap-4">
        {toolbar}
        <Heading id={headingId} className="sr-only">
          {t("detail.title")}
        </Heading>
        <div className="aspect-video shimmer rounded-xl bg-surface-muted" />
      </div>
    );
  }

  const hint = failureHint(generation);
  // A create whose answer was lost is not known to have failed: it is shown in amber, like other open questions.
  const isFailure = generation.state === "failed" && generation.failureCode !== "outcome_unknown";
  const prompt = generation.prompt || t("card.keyframesOnly");

  return (
    <div ref={root} className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        {toolbar}
        <div className="flex min-w-0 flex-col gap-2">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-fg-subtle">
            <GenerationStateBadge state={generation.state} failureCode={generation.failureCode} />
            <time dateTime={generation.createdAt}>{isClient ? format.dateTime(generation.createdAt) : null}</time>
          </div>
          <Heading
            id={headingId}
            className={`line-clamp-2 text-xl leading-7 font-semibold tracking-tight break-words sm:text-2xl sm:leading-8 ${generation.prompt ? "text-fg" : "text-fg-subtle italic"}`}
          >
            {prompt}
          </Heading>
        </div>
      </div>

      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_19rem]">
        <div className="flex min-w-0 flex-col gap-6">
          {generation.state === "completed" && generation.videoUrl ? (
            <DetailPlayer key={generation.videoUrl} generation={generation} videoUrl={generation.videoUrl} />
          ) : (
            <div className="overflow-hidden rounded-xl border border-line">
              <GenerationMedia generation={generation} />
            </div>
          )}
          {generation.state === "completed" && generation.isCleanCopyMissing ? (
            <p className="-mt-3 flex items-start gap-2 text-[13px] leading-5 text-fg-muted">
              <ClockIcon className="mt-0.5 size-3.5 shrink-0 text-amber-600 dark:text-amber-400" />
              {t("detail.cleanCopyMissing")}
            </p>
          ) : null}
          {hint ? (
            <section
              aria-labelledby={`${headingId}-hint`}
              className={`flex gap-3 rounded-xl border p-4 ${isFailure ? "border-red-500/25 bg-red-500/[0.05]" : "border-amber-500/30 bg-amber-500/[0.06]"}`}
            >
              <InfoIcon className={`mt-0.5 size-4 shrink-0 ${isFailure ? "text-red-600 dark:text-red-400" : "text-amber-600 dark:text-amber-400"}`} />
              <div className="min-w-0 text-sm leading-6">
                <h2 id={`${headingId}-hint`} className="font-semibold text-fg">
                  {hint === "unconfirmed" ? t("detail.checkTitle") : t("detail.failureTitle")}
                </h2>
                {generation.failureReason ? (
                  <p className={`font-medium break-words ${isFailure ? "text-red-700 dark:text-red-300" : "text-amber-800 dark:text-amber-300"}`}>
                    {generation.failureReason}
                  </p>
                ) : null}
                <p className="text-fg-muted">{t(HINTS[hint])}</p>
              </div>
            </section>
          ) : null}
          <GenerationActionBar generation={generation} onDeleted={onDeleted} />
          <DeriveActions generation={generation} />
          <Section title={t("detail.prompt")}>
            <p className={`text-[15px] leading-7 break-words whitespace-pre-wrap ${generation.prompt ? "text-fg" : "text-fg-subtle italic"}`}>
              {generation.prompt || t("detail.noPrompt")}
            </p>
          </Section>
          {generation.parentId ? <GenerationLineage generation={generation} parent={data?.parent ?? null} secondParent={data?.secondParent ?? null} /> : null}
          <Timeline generation={generation} events={data?.events ?? []} />
          <details className="group rounded-xl border border-line bg-surface">
            <summary
              className={`flex cursor-pointer list-none items-center justify-between gap-3 rounded-xl px-4 py-3 text-sm font-semibold text-fg ${focusRing} [&::-webkit-details-marker]:hidden`}
            >
              {t("detail.raw")}
              <ArrowRightIcon className="size-4 text-fg-subtle transition-transform group-open:rotate-90" />
            </summary>
            {data?.rawUpstream != null ? (
              <pre className="max-h-96 overflow-auto border-t border-line px-4 py-3 font-mono text-xs leading-5 text-fg-muted">
                {JSON.stringify(data.rawUpstream, null, 2)}
              </pre>
            ) : (
              <p className="border-t border-line px-4 py-3 text-sm text-fg-subtle">{t("detail.rawEmpty")}</p>
            )}
          </details>
        </div>
        <aside className="flex min-w-0 flex-col gap-6">
          <Options generation={generation} />
          <Identifiers generation={generation} />
        </aside>
      </div>
    </div>
  );
}

function Section({ title, children, hint }: { title: string; children: ReactNode; hint?: string }) {
  return (
    <section className="min-w-0">
      <h2 className="text-sm font-semibold text-fg">{title}</h2>
      {hint ? <p className="mt-0.5 text-[13px] text-fg-subtle">{hint}</p> : null}
      <div className="mt-2.5">{children}</div>
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2 text-[13px]">
      <dt className="shrink-0 text-fg-muted">{label}</dt>
      <dd className="min-w-0 text-right font-medium break-words text-fg">{children}</dd>
    </div>
  );
}

function Frame({ url, label }: { url: string | null; label: string }) {
  const t = useT();
  if (!url) return <span className="text-fg-subtle">{t("detail.none")}</span>;
  return (
    <a href={url} target="_blank" rel="noreferrer" className={`inline-block rounded-md ${focusRing}`} title={label}>
      {/* eslint-disable-next-line @next/next/no-img-element -- our own media route or the user's own image URL */}
      <img src={url} alt={label} loading="lazy" className="h-12 w-auto max-w-24 rounded-md border border-line object-cover" />
    </a>
  );
}

function Options({ generation }: { generation: Generation }) {
  const t = useT();
  const isClient = useIsClient();
  const format = useFormatters();
  const size = mediaSize(generation);
  return (
    <Section title={t("detail.options")}>
      <dl className="divide-y divide-line rounded-xl border border-line bg-surface px-4">
        <Row label={t("detail.aspectRatio")}>
          <span className="font-mono tabular-nums">{generation.aspectRatio}</span> · {t(`aspect.${generation.aspectRatio}`)}
        </Row>
        <Row label={t("detail.model")}>{generation.model ? <span className="font-mono">{generation.model}</span> : t("detail.modelDefault")}</Row>
        {generation.resolution ? <Row label={t("detail.resolution")}>{generation.resolution}</Row> : null}
        {generation.duration ? <Row label={t("detail.requestedDuration")}>{durationText(generation.duration, t)}</Row> : null}
        {generation.cameraMove ? <Row label={t("detail.cameraMove")}>{t(`options.camera.${generation.cameraMove}`)}</Row> : null}
        {generation.hdr ? <Row label={t("detail.hdr")}>{t("detail.on")}</Row> : null}
        <Row label={t("detail.enhance")}>{generation.expandPrompt ? t("detail.on") : t("detail.off")}</Row>
        <Row label={t("detail.loopOption")}>{generation.loop ? t("detail.on") : t("detail.off")}</Row>
        <Row label={t("detail.startFrame")}>
          <Frame url={generation.imageUrl} label={t("detail.startFrame")} />
        </Row>
        <Row label={t("detail.endFrame")}>
          <Frame url={generation.imageEndUrl} label={t("detail.endFrame")} />
        </Row>
        <Row label={t("detail.size")}>
          <span className="tabular-nums">{t("detail.sizeValue", { width: format.number(size.width), height: format.number(size.height) })}</span>
        </Row>
        {generation.durationSeconds ? <Row label={t("detail.duration")}>{format.duration(generation.durationSeconds)}</Row> : null}
        <Row label={t("detail.created")}>{isClient ? format.dateTime(generation.createdAt) : null}</Row>
        {generation.completedAt ? <Row label={t("detail.finished")}>{isClient ? format.dateTime(generation.completedAt) : null}</Row> : null}
      </dl>
    </Section>
  );
}

function Identifiers({ generation }: { generation: Generation }) {
  const t = useT();
  const { copyValue } = useGenerationActions();
  const rows: Array<[string, string | null]> = [
    [t("detail.id"), generation.id],
    [t("detail.upstreamId"), generation.upstreamId],
    [t("detail.parentId"), generation.parentId],
  ];
  return (
    <Section title={t("detail.ids")}>
      <dl className="divide-y divide-line rounded-xl border border-line bg-surface px-4">
        {rows.map(([name, value]) =>
          value ? (
            // A <dl> may hold only dt/dd groups (or divs of them): the copy button lives inside the <dd>.
            <div key={name} className="py-2 text-[13px]">
              <dt className="text-fg-muted">{name}</dt>
              <dd className="flex items-center gap-2">
                <span className="min-w-0 flex-1 truncate font-mono text-xs text-fg" title={value}>
                  {value}
                </span>
                <button
                  type="button"
                  onClick={() => void copyValue(name, value)}
                  aria-label={t("detail.copyLabel", { name })}
                  title={t("detail.copyLabel", { name })}
                  className={`shrink-0 rounded-md p-1.5 text-fg-subtle hover:bg-surface-muted hover:text-fg ${focusRing}`}
                >
                  <CopyIcon className="size-4" />
                </button>
              </dd>
            </div>
          ) : null,
        )}
      </dl>
    </Section>
  );
}

function Timeline({ generation, events }: { generation: Generation; events: GenerationDetails["events"] }) {
  const t = useT();
  const format = useFormatters();
  const locale = useLocale();
  const isClient = useIsClient();
  const time = new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: "medium", timeStyle: "medium" });
  const start = Date.parse(generation.createdAt);
  return (
    <Section title={t("detail.timeline")}>
      {events.length === 0 ? (
        <p className="text-sm text-fg-subtle">{t("detail.timelineEmpty")}</p>
      ) : (
        <ol className="relative ml-1.5 border-l border-line">
          {events.map((event, index) => (
            <li key={`${event.at}-${index}`} className="relative pb-4 pl-5 last:pb-0">
              <span
                aria-hidden="true"
                className={`absolute top-1.5 -left-[5px] size-2.5 rounded-full ring-4 ring-canvas ${index === events.length - 1 ? "bg-accent" : "bg-line-strong"}`}
              />
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                {isState(event.state) ? <GenerationStateBadge state={event.state} /> : <span className="text-sm font-medium text-fg">{event.state}</span>}
                <time dateTime={event.at} className="text-[13px] text-fg-muted tabular-nums">
                  {isClient ? time.format(new Date(event.at)) : null}
                </time>
                <span className="text-xs text-fg-subtle tabular-nums">+{format.duration((Date.parse(event.at) - start) / 1000)}</span>
              </div>
              {event.upstreamState || event.note ? (
                <p className="mt-1 text-[13px] leading-5 break-words text-fg-muted">
                  {event.upstreamState ? <span className="font-mono text-xs">{t("detail.upstreamState", { state: event.upstreamState })}</span> : null}
                  {event.upstreamState && event.note ? " · " : null}
                  {event.note}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {isUnfinished(generation.state) ? (
        <span className="sr-only" aria-live="polite">
          {t(`state.${generation.state}`)}
        </span>
      ) : null}
    </Section>
  );
}
