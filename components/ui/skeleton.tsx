/** A placeholder block; hidden from assistive tech, so wrap a group of them in an element that says "loading". */
export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden="true" className={`shimmer rounded-md bg-surface-muted ${className}`} />;
}
