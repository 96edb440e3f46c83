import type { ReactNode } from "react";

/**
 * Every card shows its media in the same 16:9 frame so grids stay tidy; the clip inside keeps its own ratio
 * (letterboxed), sized by the width and height attributes of the element placed in it.
 */
export function MediaFrame({ children, tone = "media" }: { children: ReactNode; tone?: "media" | "muted" }) {
  return (
    <div className={`relative aspect-video w-full overflow-hidden ${tone === "media" ? "bg-media" : "bg-surface-muted"}`}>
      <div className="absolute inset-0 flex items-center justify-center">{children}</div>
    </div>
  );
}

/** An outline in the clip's ratio, for generations that have no pixels yet. */
export function RatioOutline({ width, height, className = "" }: { width: number; height: number; className?: string }) {
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className={`h-auto max-h-[72%] w-auto max-w-[72%] ${className}`}
      aria-hidden="true"
      focusable="false"
    >
      <rect
        x="1"
        y="1"
        width={width - 2}
        height={height - 2}
        rx={Math.min(width, height) * 0.04}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeDasharray="10 8"
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}
