"use client";

import { useId } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { ASPECT_RATIO_SIZES, type AspectRatio } from "@/lib/constants";
import { useT } from "@/lib/i18n/provider";

/** Native radios (so arrow keys work), each drawn as a small rectangle in its own ratio; only the ratios the upstream makes. */
export function AspectRatioPicker({
  ratios,
  registration,
  errorId,
  errorMessage,
}: {
  ratios: readonly AspectRatio[];
  registration: UseFormRegisterReturn<"aspectRatio">;
  errorId: string;
  errorMessage?: string;
}) {
  const t = useT();
  const id = useId();
  return (
    <fieldset aria-describedby={errorMessage ? errorId : undefined}>
      <legend className="mb-2.5 text-sm font-medium text-fg">{t("form.aspectRatioLabel")}</legend>
      <div className="grid grid-cols-4 gap-2">
        {ratios.map((ratio) => {
          const { width, height } = ASPECT_RATIO_SIZES[ratio];
          const scale = 22 / Math.max(width, height);
          const nameId = `${id}-${ratio}`;
          return (
            <label
              key={ratio}
              className="group relative flex cursor-pointer flex-col items-center gap-1.5 rounded-lg border border-line bg-surface px-1 pt-2.5 pb-2 text-center transition-colors hover:border-line-strong has-checked:border-accent has-checked:bg-accent-soft has-focus-visible:ring-2 has-focus-visible:ring-ring has-focus-visible:ring-offset-2 has-focus-visible:ring-offset-surface"
            >
              <input
                type="radio"
                value={ratio}
                aria-label={ratio}
                aria-describedby={nameId}
                className="absolute inset-0 size-full cursor-pointer appearance-none rounded-lg opacity-0"
                {...registration}
              />
              <span className="flex size-6 items-center justify-center" aria-hidden="true">
                <svg width={Math.round(width * scale)} height={Math.round(height * scale)} viewBox={`0 0 ${width} ${height}`}>
                  <rect
                    x="0"
                    y="0"
                    width={width}
                    height={height}
                    rx={Math.min(width, height) * 0.12}
                    className="fill-surface-sunken stroke-fg-subtle group-has-checked:fill-accent/25 group-has-checked:stroke-accent"
                    strokeWidth={Math.max(width, height) / 14}
                  />
                </svg>
              </span>
              <span className="text-xs font-medium text-fg tabular-nums">{ratio}</span>
              <span id={nameId} className="w-full truncate text-[11px] leading-none text-fg-subtle group-has-checked:text-fg-muted">
                {t(`aspect.${ratio}`)}
              </span>
            </label>
          );
        })}
      </div>
      {errorMessage ? (
        <p id={errorId} className="mt-2 text-[13px] text-red-600 dark:text-red-400">
          {errorMessage}
        </p>
      ) : null}
    </fieldset>
  );
}
