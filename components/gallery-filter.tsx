import Link from "next/link";
import type { StateFilter } from "@/lib/generations/format";
import type { MessageKey } from "@/lib/i18n/translate";
import type { Translate } from "@/lib/i18n/translate";

const OPTIONS: ReadonlyArray<{ value: StateFilter; label: MessageKey }> = [
  { value: "all", label: "gallery.filterAll" },
  { value: "in_progress", label: "gallery.filterInProgress" },
  { value: "completed", label: "gallery.filterCompleted" },
  { value: "failed", label: "gallery.filterFailed" },
];

export function filterHref(filter: StateFilter): string {
  return filter === "all" ? "/gallery" : `/gallery?filter=${filter}`;
}

/** Links, not buttons: a filtered gallery is a URL that can be shared and reloaded. */
export function GalleryFilter({ current, t }: { current: StateFilter; t: Translate }) {
  return (
    <nav aria-label={t("gallery.filterLabel")} className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="inline-flex items-center gap-0.5 rounded-lg border border-line bg-surface p-0.5">
        {OPTIONS.map((option) => {
          const isCurrent = option.value === current;
          return (
            <li key={option.value}>
              <Link
                href={filterHref(option.value)}
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
  );
}
