import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "info" | "progress" | "success" | "warning" | "danger";

const TONES: Record<BadgeTone, { badge: string; dot: string }> = {
  neutral: { badge: "bg-zinc-500/10 text-zinc-700 ring-zinc-500/20 dark:text-zinc-300", dot: "bg-zinc-500" },
  info: { badge: "bg-sky-500/10 text-sky-800 ring-sky-500/25 dark:text-sky-300", dot: "bg-sky-500" },
  progress: { badge: "bg-indigo-500/10 text-indigo-800 ring-indigo-500/25 dark:text-indigo-300", dot: "bg-indigo-500" },
  success: { badge: "bg-emerald-500/10 text-emerald-800 ring-emerald-500/25 dark:text-emerald-300", dot: "bg-emerald-500" },
  warning: { badge: "bg-amber-500/12 text-amber-800 ring-amber-500/30 dark:text-amber-300", dot: "bg-amber-500" },
  danger: { badge: "bg-red-500/10 text-red-800 ring-red-500/25 dark:text-red-300", dot: "bg-red-500" },
};

/** A small status pill; `isPulsing` marks something still happening. */
export function Badge({ tone = "neutral", isPulsing = false, children }: { tone?: BadgeTone; isPulsing?: boolean; children: ReactNode }) {
  const style = TONES[tone];
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${style.badge}`}>
      <span className="relative flex size-1.5" aria-hidden="true">
        {isPulsing ? <span className={`absolute inline-flex size-full animate-ping rounded-full opacity-60 ${style.dot}`} /> : null}
        <span className={`relative inline-flex size-1.5 rounded-full ${style.dot}`} />
      </span>
      {children}
    </span>
  );
}
