"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { focusRing } from "@/components/ui/button";
import { ArrowLeftIcon, KeyboardIcon } from "@/components/ui/icons";
import type { GenerationDetails } from "@/lib/client/generations-api";
import { useT } from "@/lib/i18n/provider";
import { GenerationDetail } from "@/components/detail/generation-detail";
import { ShortcutsDialog } from "@/components/layout/shortcuts-dialog";

/** The detail at its own URL (shared links, reloads, new tabs), server-rendered and kept live by SWR. */
export function GenerationDetailPage({ id, fallbackData }: { id: string; fallbackData: GenerationDetails }) {
  const t = useT();
  const router = useRouter();
  const headingId = useId();
  const [isShortcutsOpen, setShortcutsOpen] = useState(false);
  return (
    <>
      <GenerationDetail
        id={id}
        fallbackData={fallbackData}
        keyScope="page"
        headingId={headingId}
        headingLevel="h1"
        onDeleted={() => router.push("/gallery")}
        onShowShortcuts={() => setShortcutsOpen(true)}
        toolbar={
          <div className="flex items-center justify-between gap-3">
            <Link
              href="/gallery"
              className={`-ml-1 inline-flex items-center gap-1.5 rounded-md px-1 text-sm font-medium text-fg-muted hover:text-fg ${focusRing}`}
            >
              <ArrowLeftIcon className="size-4" />
              {t("detail.back")}
            </Link>
            <button
              type="button"
              onClick={() => setShortcutsOpen(true)}
              aria-label={t("shortcuts.open")}
              title={t("shortcuts.open")}
              className={`flex size-8 items-center justify-center rounded-lg border border-line bg-surface text-fg-subtle hover:text-fg ${focusRing}`}
            >
              <KeyboardIcon className="size-4" />
            </button>
          </div>
        }
      />
      <ShortcutsDialog open={isShortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </>
  );
}
