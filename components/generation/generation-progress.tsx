"use client";

import { Spinner } from "@/components/ui/spinner";
import { elapsedSeconds, mediaSize, progressNote, type ProgressNote } from "@/lib/generations/format";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";
import { MediaFrame, RatioOutline } from "@/components/generation/media-frame";
import { useNow } from "@/hooks/use-now";

/** An unfinished generation: its shape, a ticking elapsed time and a line on where it is (see `progressNote`). */
export function GenerationProgress({ generation }: { generation: Generation }) {
  const t = useT();
  const format = useFormatters();
  const now = useNow();
  const { width, height } = mediaSize(generation);
  const note = now === null ? null : progressNote(generation, now);
  const noteText = (shown: NonNullable<ProgressNote>) => {
    switch (shown.kind) {
      case "sending":
        return t("card.sending");
      case "queued":
        return t("card.queued");
      case "startsIn":
        return t("card.startsIn", { time: format.duration(shown.seconds) });
      case "queuedLonger":
        return t("card.queuedLonger");
    }
  };

  return (
    <MediaFrame tone="muted">
      <div className="absolute inset-0 shimmer" aria-hidden="true" />
      <RatioOutline width={width} height={height} className="text-line-strong" />
      <div className="absolute inset-0 flex flex-col items-center justify-center gap-2 px-4 text-center">
        <Spinner className="size-5 text-accent" />
        <p className="text-[13px] font-medium text-fg tabular-nums">
          {now === null ? "\u00a0" : t("card.elapsed", { time: format.duration(elapsedSeconds(generation, now)) })}
        </p>
        {note ? (
          <p data-progress-note={note.kind} className="text-xs text-fg-subtle tabular-nums">
            {noteText(note)}
          </p>
        ) : null}
      </div>
    </MediaFrame>
  );
}
