"use client";

import { useEffect, useId, useRef, useState } from "react";
import { focusRing } from "@/components/ui/button";
import { ChevronDownIcon, LoopIcon, VolumeIcon, VolumeOffIcon } from "@/components/ui/icons";
import { mediaSize } from "@/lib/generations/format";
import type { Generation } from "@/lib/generations/types";
import { useT } from "@/lib/i18n/provider";

const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

/** The detail view's large player: native controls plus loop, mute and speed, which the native bar lacks or hides. */
export function DetailPlayer({ generation, videoUrl }: { generation: Generation; videoUrl: string }) {
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const speedId = useId();
  const [isLooping, setLooping] = useState(generation.loop);
  const [isMuted, setMuted] = useState(false);
  const [speed, setSpeed] = useState(1);
  const { width, height } = mediaSize(generation);
  const isPortrait = height > width;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.loop = isLooping;
    video.muted = isMuted;
    video.playbackRate = speed;
  }, [isLooping, isMuted, speed]);

  // The native bar also mutes; keep the toggle truthful.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const sync = () => setMuted(video.muted);
    video.addEventListener("volumechange", sync);
    return () => video.removeEventListener("volumechange", sync);
  }, []);

  const toggle = (isOn: boolean) =>
    `inline-flex h-8 items-center gap-1.5 rounded-lg px-2.5 text-[13px] font-medium transition-colors ${focusRing} ${
      isOn ? "bg-accent-soft text-accent" : "text-fg-muted hover:bg-surface-muted hover:text-fg"
    }`;

  return (
    <div className="overflow-hidden rounded-xl border border-line bg-surface">
      <div className="flex items-center justify-center bg-media">
        <video
          ref={videoRef}
          src={videoUrl}
          poster={generation.thumbnailUrl ?? undefined}
          width={width}
          height={height}
          aria-label={t("card.videoLabel", { prompt: generation.prompt || t("card.keyframesOnly") })}
          controls
          playsInline
          preload="metadata"
          className={`block h-auto w-auto max-w-full ${isPortrait ? "max-h-[70vh]" : "max-h-[62vh]"}`}
        />
      </div>
      <div role="group" aria-label={t("detail.playerControls")} className="flex flex-wrap items-center gap-1 border-t border-line p-1.5">
        <button type="button" aria-pressed={isLooping} onClick={() => setLooping((value) => !value)} className={toggle(isLooping)}>
          <LoopIcon className="size-4" />
          {t("detail.loop")}
        </button>
        <button type="button" aria-pressed={isMuted} onClick={() => setMuted((value) => !value)} className={toggle(isMuted)}>
          {isMuted ? <VolumeOffIcon className="size-4" /> : <VolumeIcon className="size-4" />}
          {t("detail.mute")}
        </button>
        <div className="ml-auto flex items-center gap-2 pr-1">
          <label htmlFor={speedId} className="text-[13px] text-fg-muted">
            {t("detail.speed")}
          </label>
          <div className="relative flex items-center">
            <select
              id={speedId}
              value={speed}
              onChange={(event) => setSpeed(Number(event.target.value))}
              className={`h-8 cursor-pointer appearance-none rounded-lg border border-line bg-surface pr-7 pl-2.5 text-[13px] font-medium text-fg tabular-nums hover:border-line-strong ${focusRing} focus-visible:ring-offset-0`}
            >
              {SPEEDS.map((value) => (
                <option key={value} value={value}>
                  {t("detail.speedOption", { rate: value })}
                </option>
              ))}
            </select>
            <ChevronDownIcon className="pointer-events-none absolute right-2 size-3.5 text-fg-subtle" />
          </div>
        </div>
      </div>
    </div>
  );
}
