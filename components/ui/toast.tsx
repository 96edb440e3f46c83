"use client";

import Link from "next/link";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { focusRing } from "./button";
import { AlertIcon, CheckIcon, CloseIcon, InfoIcon } from "./icons";
import type { ToastInput, ToastTone } from "@/lib/client/toast-input";

type ToastItem = ToastInput & { id: number; tone: ToastTone; version: number };

type ToastApi = { showToast: (toast: ToastInput) => void };
type ToastList = { toasts: readonly ToastItem[]; dismiss: (id: number) => void };
const ToastContext = createContext<ToastApi | null>(null);
const ToastListContext = createContext<ToastList>({ toasts: [], dismiss: () => {} });

const DEFAULT_DURATION_MS = 6000;
const MAX_VISIBLE = 3;

/** Holds the toasts; `<ToastViewport>` shows them where the layout puts it. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  // The list's source of truth, so that callbacks run here and never inside a state updater React may replay.
  const current = useRef<ToastItem[]>([]);
  const nextId = useRef(1);

  const commit = useCallback((next: ToastItem[]) => {
    current.current = next;
    setToasts(next);
  }, []);

  const dismiss = useCallback(
    (id: number) => {
      const toast = current.current.find((item) => item.id === id);
      if (!toast) return;
      commit(current.current.filter((item) => item.id !== id));
      toast.onDismiss?.();
    },
    [commit],
  );

  const showToast = useCallback(
    (input: ToastInput) => {
      const tone = input.tone ?? "info";
      const existing = input.groupKey === undefined ? undefined : current.current.find((item) => item.groupKey === input.groupKey);
      if (existing) {
        commit(current.current.map((item) => (item === existing ? { ...input, tone, id: existing.id, version: existing.version + 1 } : item)));
        return;
      }
      const next = [...current.current, { ...input, tone, id: nextId.current++, version: 0 }];
      const dropped = next.slice(0, Math.max(0, next.length - MAX_VISIBLE));
      commit(next.slice(dropped.length));
      for (const toast of dropped) toast.onDismiss?.();
    },
    [commit],
  );

  const api = useMemo(() => ({ showToast }), [showToast]);
  const list = useMemo(() => ({ toasts, dismiss }), [dismiss, toasts]);

  return (
    <ToastContext value={api}>
      <ToastListContext value={list}>{children}</ToastListContext>
    </ToastContext>
  );
}

/**
 * The toasts, in one polite live region that exists from the first paint: screen readers ignore regions that are
 * inserted together with their content. It hangs under the element that renders it (the sticky header), at the
 * right edge of the content column, so it never sits over a form's submit button or a page's bottom bar.
 */
export function ToastViewport({ regionLabel, dismissLabel }: { regionLabel: string; dismissLabel: string }) {
  const { toasts, dismiss } = useContext(ToastListContext);
  return (
    <section aria-label={regionLabel} aria-live="polite" aria-relevant="additions text" className="pointer-events-none absolute inset-x-0 top-full">
      <div className="mx-auto flex max-w-6xl flex-col items-stretch gap-2 px-4 pt-3 sm:items-end sm:px-6">
        {toasts.map((toast) => (
          <ToastCard key={toast.id} toast={toast} dismissLabel={dismissLabel} onDismiss={dismiss} />
        ))}
      </div>
    </section>
  );
}

const TONE_ICON: Record<ToastTone, ReactNode> = {
  success: <CheckIcon className="size-4 text-emerald-600 dark:text-emerald-400" />,
  error: <AlertIcon className="size-4 text-red-600 dark:text-red-400" />,
  info: <InfoIcon className="size-4 text-sky-600 dark:text-sky-400" />,
};

function ToastCard({ toast, dismissLabel, onDismiss }: { toast: ToastItem; dismissLabel: string; onDismiss: (id: number) => void }) {
  const [isPaused, setPaused] = useState(false);
  // Errors stay longer because they usually ask the user to act.
  const duration = toast.durationMs ?? (toast.tone === "error" ? DEFAULT_DURATION_MS * 2 : DEFAULT_DURATION_MS);

  useEffect(() => {
    if (isPaused) return;
    const timer = setTimeout(() => onDismiss(toast.id), duration);
    return () => clearTimeout(timer);
  }, [duration, isPaused, onDismiss, toast.id, toast.version]);

  return (
    <div
      role={toast.tone === "error" ? "alert" : "status"}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className="pointer-events-auto flex w-full items-start gap-3 rounded-xl border border-line bg-surface p-3.5 pr-2.5 shadow-lg shadow-black/5 sm:max-w-sm dark:shadow-black/40"
    >
      <span className="mt-0.5 shrink-0">{TONE_ICON[toast.tone]}</span>
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-3">
          <p className="text-sm font-medium text-fg">{toast.title}</p>
          {toast.action ? (
            <Link
              href={toast.action.href}
              onClick={() => onDismiss(toast.id)}
              className={`shrink-0 rounded-md text-[13px] font-medium text-accent hover:text-accent-hover ${focusRing}`}
            >
              {toast.action.label}
            </Link>
          ) : null}
        </div>
        {toast.description ? (
          <p className={`mt-0.5 text-[13px] leading-5 break-words text-fg-muted ${toast.isDescriptionClamped ? "line-clamp-2" : ""}`}>{toast.description}</p>
        ) : null}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        aria-label={dismissLabel}
        className={`-my-0.5 shrink-0 rounded-md p-1 text-fg-subtle hover:bg-surface-muted hover:text-fg ${focusRing}`}
      >
        <CloseIcon className="size-4" />
      </button>
    </div>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast() needs a <ToastProvider> above it");
  return api;
}
