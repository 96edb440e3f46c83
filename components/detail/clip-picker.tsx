"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import useSWR from "swr";
import { listKey, type GenerationPage } from "@/lib/client/generations-api";
import type { Generation } from "@/lib/generations/types";
import { useT } from "@/lib/i18n/provider";

/** Enough recent clips to find the one just made; older ones are a search in the gallery away. */
const PICKER_LIMIT = 24;

/**
 * The second clip of a bridge: recent finished clips the same upstream made (only it knows their ids), as
 * native radios so arrow keys move between them.
 */
export function ClipPicker({
  generation,
  registration,
  error,
}: {
  generation: Generation;
  registration: UseFormRegisterReturn<"secondParentId">;
  error?: string;
}) {
  const t = useT();
  const { data, error: loadError, isLoading } = useSWR<GenerationPage>(listKey({ limit: PICKER_LIMIT, query: { states: ["completed"] } }));
  const clips = (data?.items ?? []).filter((clip) => clip.id !== generation.id && clip.upstreamId !== null && clip.provider === generation.provider);
  return (
    <fieldset>
      <legend className="text-sm font-medium text-fg">{t("derive.secondClip")}</legend>
      <p className="mt-0.5 mb-2 text-[13px] text-fg-subtle">{t("derive.secondClipHint")}</p>
      {isLoading ? (
        <p role="status" className="text-sm text-fg-subtle">
          {t("derive.loadingClips")}
        </p>
      ) : loadError ? (
        <p className="text-sm text-red-600 dark:text-red-400">{t("derive.clipsFailed")}</p>
      ) : clips.length === 0 ? (
        <p className="text-sm text-fg-muted">{t("derive.noOtherClips")}</p>
      ) : (
        <div className="grid max-h-60 grid-cols-1 gap-1.5 overflow-y-auto rounded-lg border border-line p-1.5 sm:grid-cols-2">
          {clips.map((clip) => (
            <ClipOption key={clip.id} clip={clip} registration={registration} />
          ))}
        </div>
      )}
      {error ? <p className="mt-1.5 text-[13px] text-red-600 dark:text-red-400">{error}</p> : null}
    </fieldset>
  );
}

function ClipOption({ clip, registration }: { clip: Generation; registration: UseFormRegisterReturn<"secondParentId"> }) {
  const t = useT();
  const name = clip.prompt || t("card.keyframesOnly");
  return (
    <label className="relative flex min-w-0 cursor-pointer items-center gap-2.5 rounded-md border border-transparent p-1.5 text-[13px] hover:bg-surface-muted has-checked:border-accent has-checked:bg-accent-soft has-focus-visible:ring-2 has-focus-visible:ring-ring">
      <input
        type="radio"
        value={clip.id}
        aria-label={name}
        className="absolute inset-0 size-full cursor-pointer appearance-none rounded-md opacity-0"
        {...registration}
      />
      {clip.thumbnailUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- our own media route
        <img src={clip.thumbnailUrl} alt="" loading="lazy" className="h-9 w-14 shrink-0 rounded border border-line object-cover" />
      ) : (
        <span aria-hidden="true" className="h-9 w-14 shrink-0 rounded border border-line bg-surface-sunken" />
      )}
      <span className="line-clamp-2 min-w-0 text-fg">{name}</span>
    </label>
  );
}
