"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition, type ReactNode } from "react";
import { focusRing } from "@/components/ui/button";
import { ChevronDownIcon, CloseIcon, HeartIcon, KeyboardIcon, SearchIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { galleryHref, isFiltered, type GalleryQuery } from "@/lib/client/gallery-query";
import { ASPECT_RATIOS, KNOWN_MODELS, VIDEO_DURATIONS, VIDEO_RESOLUTIONS } from "@/lib/constants";
import { durationText } from "@/lib/client/option-text";
import type { StateFilter } from "@/lib/generations/format";
import { rememberViewerTimeZone } from "@/lib/i18n/time-zone";
import type { MessageKey } from "@/lib/i18n/translate";
import { useT } from "@/lib/i18n/provider";

const STATE_OPTIONS: ReadonlyArray<{ value: StateFilter; label: MessageKey }> = [
  { value: "all", label: "gallery.filterAll" },
  { value: "in_progress", label: "gallery.filterInProgress" },
  { value: "completed", label: "gallery.filterCompleted" },
  { value: "failed", label: "gallery.filterFailed" },
];

const SEARCH_DEBOUNCE_MS = 300;
const control = `h-8 rounded-lg border border-line bg-surface text-[13px] font-medium text-fg transition-colors hover:border-line-strong ${focusRing} focus-visible:ring-offset-0`;

function SelectField({
  label,
  value,
  onChange,
  children,
  isTall = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  isTall?: boolean;
}) {
  return (
    <div className="relative flex shrink-0 items-center">
      <select
        aria-label={label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className={`${control} cursor-pointer appearance-none pr-7 pl-2.5 ${isTall ? "h-10" : ""}`}
      >
        {children}
      </select>
      <ChevronDownIcon className="pointer-events-none absolute right-2 size-3.5 text-fg-subtle" />
    </div>
  );
}

/**
 * Every filter lives in the URL: changing one pushes a history entry (Back undoes it) and the server renders the
 * first page for it. The search box waits for a pause in typing before it does.
 */
export function GalleryFilters({ query, onShowShortcuts }: { query: GalleryQuery; onShowShortcuts: () => void }) {
  const t = useT();
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [draft, setDraft] = useState(query.q ?? "");
  const searchId = useId();
  const fromId = useId();
  const toId = useId();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Back, Forward and links change the URL under the box, and the box follows. The URL arriving at what the box
  // itself sent is its own search landing: the person may have typed on meanwhile, so the box keeps its text.
  const [urlQ, setUrlQ] = useState(query.q ?? "");
  const [sentQ, setSentQ] = useState(query.q ?? "");
  if ((query.q ?? "") !== urlQ) {
    setUrlQ(query.q ?? "");
    if ((query.q ?? "") !== sentQ) {
      setDraft(query.q ?? "");
      setSentQ(query.q ?? "");
    }
  }

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  // The server renders dated views in the zone this cookie names; a first dated link without it renders no list.
  useEffect(() => rememberViewerTimeZone(), []);

  // Changes made before the previous navigation lands build on it, not on the URL still showing.
  const latest = useRef(query);
  useEffect(() => {
    latest.current = query;
  }, [query]);

  const go = (patch: Partial<GalleryQuery>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    startTransition(() => router.push(galleryHref(next), { scroll: false }));
  };

  const search = (value: string) => {
    if (timer.current) clearTimeout(timer.current);
    const trimmed = value.trim();
    if (trimmed === (latest.current.q ?? "")) return;
    setSentQ(trimmed);
    go({ q: trimmed || undefined });
  };

  return (
    <section aria-label={t("filters.label")} className="mb-6 flex flex-col gap-3">
      <form
        role="search"
        aria-label={t("filters.search")}
        onSubmit={(event) => {
          event.preventDefault();
          search(draft);
        }}
        className="flex items-center gap-2"
      >
        <div className="relative min-w-0 flex-1">
          <label htmlFor={searchId} className="sr-only">
            {t("filters.search")}
          </label>
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-fg-subtle" />
          <input
            id={searchId}
            type="search"
            value={draft}
            maxLength={200}
            autoComplete="off"
            placeholder={t("filters.searchPlaceholder")}
            onChange={(event) => {
              const value = event.target.value;
              setDraft(value);
              if (timer.current) clearTimeout(timer.current);
              timer.current = setTimeout(() => search(value), SEARCH_DEBOUNCE_MS);
            }}
            className="h-10 w-full rounded-lg border border-line bg-surface pr-9 pl-9 text-sm text-fg shadow-xs outline-none placeholder:text-fg-subtle hover:border-line-strong focus-visible:border-accent focus-visible:ring-2 focus-visible:ring-ring/40 [&::-webkit-search-cancel-button]:hidden"
          />
          {isPending ? <Spinner className="absolute top-1/2 right-3 size-4 -translate-y-1/2 text-fg-subtle" /> : null}
        </div>
        <SelectField label={t("filters.sort")} value={query.sort} onChange={(value) => go({ sort: value === "oldest" ? "oldest" : "newest" })} isTall>
          <option value="newest">{t("filters.newest")}</option>
          <option value="oldest">{t("filters.oldest")}</option>
        </SelectField>
        <button
          type="button"
          onClick={onShowShortcuts}
          aria-label={t("shortcuts.open")}
          title={t("shortcuts.open")}
          className={`${control} flex h-10 w-10 shrink-0 items-center justify-center text-fg-subtle hover:text-fg`}
        >
          <KeyboardIcon className="size-4" />
        </button>
      </form>
      <div className="flex flex-wrap items-center gap-2">
        <nav aria-label={t("gallery.filterLabel")} className="-mx-4 w-[calc(100%+2rem)] overflow-x-auto px-4 sm:mx-0 sm:w-auto sm:px-0">
          <ul className="inline-flex items-center gap-0.5 rounded-lg border border-line bg-surface p-0.5">
            {STATE_OPTIONS.map((option) => {
              const isCurrent = option.value === query.filter;
              return (
                <li key={option.value}>
                  <Link
                    href={galleryHref({ ...query, filter: option.value })}
                    aria-current={isCurrent ? "page" : undefined}
                    scroll={false}
                    className={`inline-flex h-7 items-center rounded-md px-3 text-[13px] font-medium whitespace-nowrap transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring ${
                      isCurrent ? "bg-surface-sunken text-fg shadow-xs" : "text-fg-muted hover:text-fg"
                    }`}
                  >
                    {t(option.label)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <SelectField
          label={t("filters.aspectRatio")}
          value={query.aspectRatios[0] ?? ""}
          onChange={(value) => go({ aspectRatios: value ? [value as (typeof ASPECT_RATIOS)[number]] : [] })}
        >
          <option value="">{t("filters.anyAspect")}</option>
          {ASPECT_RATIOS.map((ratio) => (
            <option key={ratio} value={ratio}>
              {ratio} · {t(`aspect.${ratio}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("filters.model")} value={query.model ?? ""} onChange={(value) => go({ model: value || undefined })}>
          <option value="">{t("filters.anyModel")}</option>
          {(query.model && !(KNOWN_MODELS as readonly string[]).includes(query.model) ? [...KNOWN_MODELS, query.model] : KNOWN_MODELS).map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("filters.resolution")}
          value={query.resolutions[0] ?? ""}
          onChange={(value) => go({ resolutions: VIDEO_RESOLUTIONS.filter((resolution) => resolution === value) })}
        >
          <option value="">{t("filters.anyResolution")}</option>
          {VIDEO_RESOLUTIONS.map((resolution) => (
            <option key={resolution} value={resolution}>
              {resolution}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("filters.duration")}
          value={query.durations[0] ?? ""}
          onChange={(value) => go({ durations: VIDEO_DURATIONS.filter((duration) => duration === value) })}
        >
          <option value="">{t("filters.anyDuration")}</option>
          {VIDEO_DURATIONS.map((duration) => (
            <option key={duration} value={duration}>
              {durationText(duration, t)}
            </option>
          ))}
        </SelectField>
        <button
          type="button"
          aria-pressed={query.liked === true}
          onClick={() => go({ liked: query.liked === true ? undefined : true })}
          className={`${control} inline-flex items-center gap-1.5 px-2.5 ${query.liked ? "border-rose-500/40 bg-rose-500/10 text-rose-700 dark:text-rose-300" : ""}`}
        >
          <HeartIcon className={`size-3.5 ${query.liked ? "fill-current" : ""}`} />
          {t("filters.liked")}
        </button>
        {/* On a phone the dates take the whole row and share it, so neither runs past the screen's edge. */}
        <div className="flex w-full min-w-0 items-center gap-1.5 sm:w-auto">
          <label htmlFor={fromId} className="text-[13px] whitespace-nowrap text-fg-muted">
            {t("filters.from")}
          </label>
          <input
            id={fromId}
            type="date"
            value={query.from ?? ""}
            max={query.to}
            onChange={(event) => go({ from: event.target.value || undefined })}
            className={`${control} min-w-0 flex-1 px-2 sm:flex-none`}
          />
          <label htmlFor={toId} className="text-[13px] whitespace-nowrap text-fg-muted">
            {t("filters.to")}
          </label>
          <input
            id={toId}
            type="date"
            value={query.to ?? ""}
            min={query.from}
            onChange={(event) => go({ to: event.target.value || undefined })}
            className={`${control} min-w-0 flex-1 px-2 sm:flex-none`}
          />
        </div>
        {isFiltered(query) ? (
          <Link
            href="/gallery"
            scroll={false}
            onClick={() => setDraft("")}
            className={`${control} inline-flex items-center gap-1 px-2.5 text-fg-muted hover:text-fg`}
          >
            <CloseIcon className="size-3.5" />
            {t("filters.clear")}
          </Link>
        ) : null}
      </div>
    </section>
  );
}
