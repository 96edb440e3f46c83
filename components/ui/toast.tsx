"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { focusRing } from "./button";
import { AlertIcon, CheckIcon, CloseIcon, InfoIcon } from "./icons";

export type ToastTone = "success" | "error" | "info";
export type ToastInput = { title: string; description?: string; tone?: ToastTone; durationMs?: number };
type ToastItem = ToastInput & { id: number; tone: ToastTone };

type ToastApi = { showToast: (toast: ToastInput) => void };
const ToastContext = createContext<ToastApi | null>(null);

const DEFAULT_DURATION_MS = 6000;
const MAX_VISIBLE = 4;

/**
 * Toasts live in one polite live region that exists from the first paint: screen readers ignore regions that
 * are inserted together with their content. Errors stay longer because they usually ask the user to act.
 */
export function ToastProvider({ children, regionLabel, dismissLabel }: { children: ReactNode; regionLabel: string; dismissLabel: string }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const showToast = useCallback((input: ToastInput) => {
    const id = nextId.current++;
    setToasts((current) => [...current, { ...input, id, tone: input.tone ?? "info" }].slice(-MAX_VISIBLE));
  }, []);
  const api = useMemo(() => ({ showToast }), [showToast]);

  return (
    <ToastContext value={api}>
      {children}
      <section
        aria-label={regionLabel}
        aria-live="polite"
        aria-relevant="additions text"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:inset-x-auto sm:right-0 sm:items-end"
      >
        {toasts.map((toast) => (
          <ToastCard key={toast.id} toast={toast} dismissLabel={dismissLabel} onDismiss={dismiss} />
        ))}
      </section>
    </ToastContext>
  );
}

const TONE_ICON: Record<ToastTone, ReactNode> = {
  success: <CheckIcon className="size-4 text-emerald-600 dark:text-emerald-400" />,
  error: <AlertIcon className="size-4 text-red-600 dark:text-red-400" />,
  info: <InfoIcon className="size-4 text-sky-600 dark:text-sky-400" />,
};

function ToastCard({ toast, dismissLabel, onDismiss }: { toast: ToastItem; dismissLabel: string; onDismiss: (id: number) => void }) {
  const [isPaused, setPaused] = useState(false);
  const duration = toast.durationMs ?? (toast.tone === "error" ? DEFAULT_DURATION_MS * 2 : DEFAULT_DURATION_MS);

  useEffect(() => {
    if (isPaused) return;
    const timer = setTimeout(() => onDismiss(toast.id), duration);
    return () => clearTimeout(timer);
  }, [duration, isPaused, onDismiss, toast.id]);

  return (
    <div
      role={toast.tone === "error" ? "alert" : "status"}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className="pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-xl border border-line bg-surface p-3.5 pr-2.5 shadow-lg shadow-black/5 dark:shadow-black/40"
    >
      <span className="mt-0.5 shrink-0">{TONE_ICON[toast.tone]}</span>
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-fg">{toast.title}</p>
        {toast.description ? <p className="mt-0.5 text-[13px] leading-5 break-words text-fg-muted">{toast.description}</p> : null}
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
