"use client";

import { useEffect, useState } from "react";
import { Spinner } from "@/components/ui/spinner";
import { useT } from "@/lib/i18n/provider";
import { useLiveEvents } from "@/components/layout/live-events";

/** A server restart drops the stream for a blink; only a loss that lasts is worth a word. */
const SHOW_AFTER_MS = 2_000;

/**
 * Says when live updates stop arriving (server down, network gone, stream stalled) and that the page catches up
 * by itself; it sits in the sticky header so it stays in view, and blocks nothing. The live region is always
 * rendered, so the notice appearing later is announced.
 */
export function ConnectionStatus() {
  const { connection } = useLiveEvents();
  return (
    <div role="status" aria-live="polite">
      {connection === "lost" ? <LostNotice /> : null}
    </div>
  );
}

function LostNotice() {
  const t = useT();
  const [isShown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), SHOW_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  if (!isShown) return null;
  return (
    <div className="border-t border-amber-500/25 bg-amber-500/10 text-amber-950 dark:text-amber-100">
      <p className="mx-auto flex max-w-6xl items-center gap-2.5 px-4 py-1.5 text-[13px] leading-5 sm:px-6">
        <Spinner className="size-3.5 shrink-0 text-amber-600 dark:text-amber-400" />
        <span>{t("banner.connectionLost")}</span>
      </p>
    </div>
  );
}
