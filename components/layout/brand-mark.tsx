import { useId } from "react";

/** The product mark: a soft gradient lens. Decorative; the link around it carries the name. */
export function BrandMark({ className = "size-7" }: { className?: string }) {
  const gradientId = useId();
  return (
    <svg className={className} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#8b8dff" />
          <stop offset="0.55" stopColor="#5b5bd6" />
          <stop offset="1" stopColor="#2f2f8f" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill={`url(#${gradientId})`} />
      <circle cx="16" cy="16" r="7.5" fill="none" stroke="#fff" strokeOpacity="0.9" strokeWidth="2" />
      <circle cx="16" cy="16" r="2.75" fill="#fff" />
    </svg>
  );
}
