"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { focusRing } from "@/components/ui/button";
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon } from "@/components/ui/icons";
import type { Generation } from "@/lib/generations/types";
import { useT } from "@/lib/i18n/provider";
import { GenerationDetail } from "@/components/detail/generation-detail";

type OverlayProps = {
  id: string;
  fallback: Generation | null;
  onClose: () => void;
  onPrevious?: () => void;
  onNext?: () => void;
  onShowShortcuts: () => void;
};

/**
 * The detail view over the gallery, on a native modal `<dialog>` (focus trapped, page inert, Escape closes).
 * The gallery stays mounted underneath, so closing returns to the same scroll position and focused card.
 */
export function GenerationDetailOverlay({ id, fallback, onClose, onPrevious, onNext, onShowShortcuts }: OverlayProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const headingId = useId();
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    opener.current = document.activeElement;
    element.showModal();
    element.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    setDialog(element);
    document.documentElement.classList.add("overflow-hidden");
    return () => {
      document.documentElement.classList.remove("overflow-hidden");
      if (element.open) element.close();
      const target = opener.current;
      if (target instanceof HTMLElement && target.isConnected) target.focus({ preventScroll: true });
    };
  }, []);

  // Stepping to another generation starts reading from the top again.
  useEffect(() => {
    ref.current?.scrollTo({ top: 0 });
  }, [id]);

  const onStep = useCallback(
    (offset: -1 | 1) => {
      if (offset < 0) onPrevious?.();
      else onNext?.();
    },
    [onNext, onPrevious],
  );

  const iconButton = `flex size-9 items-center justify-center rounded-lg text-fg-muted hover:bg-surface-muted hover:text-fg disabled:pointer-events-none disabled:opacity-40 ${focusRing}`;

  return (
    <dialog
      ref={ref}
      aria-labelledby={headingId}
      onCancel={(event) => {
        // React passes a dialog's cancel up its tree: Escape in a dialog opened from the detail view is that dialog's.
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className="m-0 h-dvh max-h-none w-full max-w-none overflow-y-auto overscroll-contain bg-transparent p-0 backdrop:bg-black/60 backdrop:backdrop-blur-sm sm:py-8"
    >
      <div className="mx-auto min-h-full w-full max-w-6xl bg-canvas px-4 py-4 shadow-2xl sm:min-h-0 sm:w-[calc(100%-3rem)] sm:rounded-2xl sm:border sm:border-line sm:px-8 sm:py-6">
        <GenerationDetail
          id={id}
          fallbackGeneration={fallback}
          keyScope={dialog}
          headingId={headingId}
          headingLevel="h2"
          onDeleted={onClose}
          onShowShortcuts={onShowShortcuts}
          onStep={onStep}
          toolbar={
            <div className="sticky top-0 z-10 -mx-1 flex items-center justify-between gap-2 bg-canvas/90 py-1 backdrop-blur">
              <div className="flex items-center gap-1">
                <button
                  type="button"
                  onClick={onPrevious}
                  disabled={!onPrevious}
                  aria-label={t("detail.previous")}
                  title={t("detail.previous")}
                  className={iconButton}
                >
                  <ChevronLeftIcon className="size-5" />
                </button>
                <button type="button" onClick={onNext} disabled={!onNext} aria-label={t("detail.next")} title={t("detail.next")} className={iconButton}>
                  <ChevronRightIcon className="size-5" />
                </button>
              </div>
              <button type="button" onClick={onClose} aria-label={t("detail.close")} title={t("detail.close")} className={iconButton} data-autofocus>
                <CloseIcon className="size-5" />
              </button>
            </div>
          }
        />
      </div>
    </dialog>
  );
}
