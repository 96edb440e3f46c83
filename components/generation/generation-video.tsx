"use client";

import { useEffect, useRef, useState } from "react";
import { focusRing } from "@/components/ui/button";
import { FilmIcon, PlayIcon } from "@/components/ui/icons";
import { mediaSize } from "@/lib/generations/format";
import type { Generation } from "@/lib/generations/types";
import { useT } from "@/lib/i18n/provider";
import { MediaFrame } from "@/components/generation/media-frame";

type Mode = "poster" | "preview" | "playing";

/**
 * A finished clip: a lazy thumbnail until the pointer rests on it (muted looping preview) or Play is pressed
 * (the same <video> element gains controls and sound, so the preview's buffered data is reused).
 */
export function GenerationVideo({ generation, videoUrl }: { generation: Generation; videoUrl: string }) {
  const t = useT();
  const [mode, setMode] = useState<Mode>("poster");
  const videoRef = useRef<HTMLVideoElement>(null);
  const { width, height } = mediaSize(generation);
  // A clip within a few percent of the frame's 16:9 fills it; letterboxing it would leave hairline bars.
  const sizing = Math.abs(width / height / (16 / 9) - 1) < 0.03 ? "size-full object-cover" : "h-auto max-h-full w-auto max-w-full";
  const label = t("card.videoLabel", { prompt: generation.prompt || t("card.keyframesOnly") });

  useEffect(() => {
    const video = videoRef.current;
    if (mode !== "playing" || !video) return;
    video.muted = false;
    // Autoplay after a click is allowed; if a browser still refuses, the controls are there.
    video.play().catch(() => {});
  }, [mode]);

  const play = () => {
    if (videoRef.current) videoRef.current.currentTime = 0;
    setMode("playing");
  };

  return (
    <MediaFrame>
      <div
        className="flex size-full items-center justify-center"
        onPointerEnter={(event) => {
          if (event.pointerType === "mouse" && mode === "poster") setMode("preview");
        }}
        onPointerLeave={() => {
          if (mode === "preview") setMode("poster");
        }}
      >
        {mode === "poster" ? (
          generation.thumbnailUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- served by our own media route; next/image would re-encode it
            <img src={generation.thumbnailUrl} alt="" width={width} height={height} loading="lazy" decoding="async" className={sizing} />
          ) : (
            <FilmIcon className="size-8 text-white/30" />
          )
        ) : (
          <video
            ref={videoRef}
            src={videoUrl}
            poster={generation.thumbnailUrl ?? undefined}
            width={width}
            height={height}
            aria-label={label}
            controls={mode === "playing"}
            muted={mode === "preview"}
            loop={mode === "preview" || generation.loop}
            autoPlay
            playsInline
            preload={mode === "playing" ? "auto" : "metadata"}
            className={sizing}
          />
        )}
        {mode !== "playing" ? (
          <button
            type="button"
            data-play=""
            onClick={play}
            className={`group/play absolute inset-0 flex items-center justify-center ${focusRing} focus-visible:ring-offset-0 focus-visible:ring-inset`}
          >
            <span className="flex items-center gap-2 rounded-full bg-black/55 py-2 pr-4 pl-3 text-sm font-medium text-white shadow-lg ring-1 ring-white/15 backdrop-blur-sm transition-transform group-hover/play:scale-105">
              <PlayIcon className="size-4" />
              {t("card.play")}
            </span>
          </button>
        ) : null}
      </div>
    </MediaFrame>
  );
}
