"use client";

import { Spinner } from "@/components/ui/spinner";
import { elapsedSeconds, mediaSize, remainingSeconds } from "@/lib/generations/format";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";
import { MediaFrame, RatioOutline } from "./media-frame";
import { useNow } from "./use-now";

/** An unfinished generation: its shape, a ticking elapsed time and Luma's estimate counting down. */
export function GenerationProgress({ generation }: { generation: Generation }) {
  const t = useT();
  const format = useFormatters();
  const now = useNow();
  const { width, height } = mediaSize(generation);
  const remaining = now === null ? null : remainingSeconds(generation, now);

  return (
    <MediaFrame tone="muted">
      <div className="shimmer absolute inset-0" aria-hidden="true" />
      <RatioOutline width={width} height={height} className="text-line-strong" />
      <div className="absolute inset-0 flex flex-col items-center justify-center gap-2 px-4 text-center">
        <Spinner className="size-5 text-accent" />
        <p className="text-[13px] font-medium text-fg tabular-nums">
          {now === null ? "\u00a0" : t("card.elapsed", { time: format.duration(elapsedSeconds(generation, now)) })}
        </p>
        {remaining !== null ? (
          <p className="text-xs text-fg-subtle tabular-nums">
            {remaining > 0 ? t("card.remaining", { time: format.duration(remaining) }) : t("card.almostDone")}
          </p>
        ) : null}
      </div>
    </MediaFrame>
  );
}
