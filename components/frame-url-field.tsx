"use client";

import { useEffect, useState } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { ImageIcon, ImageOffIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { isAcceptableImageUrl } from "@/lib/validations/generation";
import { useT } from "@/lib/i18n/provider";

type PreviewState = "empty" | "loading" | "loaded" | "failed";

type FrameUrlFieldProps = {
  id: string;
  label: string;
  previewLabel: string;
  value: string;
  registration: UseFormRegisterReturn;
  errorMessage?: string;
};

const DEBOUNCE_MS = 400;

/** A keyframe URL with a live preview; a URL the browser can't load is flagged before Luma is asked to. */
export function FrameUrlField({ id, label, previewLabel, value, registration, errorMessage }: FrameUrlFieldProps) {
  const t = useT();
  const [previewUrl, setPreviewUrl] = useState("");
  const [state, setState] = useState<PreviewState>("empty");
  const errorId = `${id}-error`;
  const statusId = `${id}-status`;

  useEffect(() => {
    const trimmed = value.trim();
    const next = trimmed && isAcceptableImageUrl(trimmed) ? trimmed : "";
    const timer = setTimeout(
      () => {
        setPreviewUrl(next);
        setState(next ? "loading" : "empty");
      },
      next ? DEBOUNCE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [value]);

  return (
    <div className="flex min-w-0 gap-3">
      <div
        className="relative flex size-[4.5rem] shrink-0 items-center justify-center overflow-hidden rounded-lg border border-line bg-surface-muted text-fg-subtle"
        role="img"
        aria-label={previewLabel}
      >
        {previewUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- an arbitrary remote URL chosen by the user
          <img
            key={previewUrl}
            src={previewUrl}
            alt=""
            referrerPolicy="no-referrer"
            onLoad={() => setState("loaded")}
            onError={() => setState("failed")}
            className={`size-full object-cover ${state === "loaded" ? "" : "invisible"}`}
          />
        ) : null}
        {state === "empty" ? <ImageIcon className="absolute size-5" /> : null}
        {state === "loading" ? <Spinner className="absolute size-4" /> : null}
        {state === "failed" ? <ImageOffIcon className="absolute size-5 text-amber-600 dark:text-amber-400" /> : null}
      </div>
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-fg">
          {label}
        </label>
        <input
          id={id}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder={t("form.framePlaceholder")}
          aria-invalid={errorMessage ? true : undefined}
          aria-describedby={[errorMessage ? errorId : null, statusId].filter(Boolean).join(" ")}
          className={`block h-9 w-full min-w-0 rounded-lg border bg-surface px-3 text-sm text-fg shadow-xs transition-colors outline-none placeholder:text-fg-subtle focus-visible:ring-2 focus-visible:ring-ring ${
            errorMessage ? "border-red-500/70" : "border-line hover:border-line-strong"
          }`}
          {...registration}
        />
        {errorMessage ? (
          <p id={errorId} className="mt-1.5 text-[13px] text-red-600 dark:text-red-400">
            {errorMessage}
          </p>
        ) : null}
        <p id={statusId} aria-live="polite" className={`text-[13px] ${state === "failed" && !errorMessage ? "mt-1.5 text-amber-700 dark:text-amber-400" : "sr-only"}`}>
          {state === "failed" ? t("form.frameLoadFailed") : state === "loading" ? t("form.frameLoading") : ""}
        </p>
      </div>
    </div>
  );
}
