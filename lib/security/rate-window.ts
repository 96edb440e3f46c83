/**
 * Sliding-window counters kept in memory, one set per process on `globalThis` (proxy.ts and the route handlers
 * load separate module instances). A restart forgets them, which only ever loosens a limit for a minute.
 */
type Windows = Map<string, number[]>;
const holder = globalThis as typeof globalThis & { __lumaRateWindows?: Map<string, Windows> };
const registry = (holder.__lumaRateWindows ??= new Map());

const MAX_KEYS = 10_000;

export class RateWindow {
  private readonly hits: Windows;

  constructor(
    name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {
    let hits = registry.get(name);
    if (!hits) registry.set(name, (hits = new Map()));
    this.hits = hits;
  }

  private live(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }

  /** Seconds until one more hit fits, or 0 when it fits now. */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const list = this.live(key, now);
    if (list.length < this.limit) return 0;
    const freesAt = (list[list.length - this.limit] ?? now) + this.windowMs;
    return Math.max(1, Math.ceil((freesAt - now) / 1000));
  }

  count(key: string, now = Date.now()): number {
    return this.live(key, now).length;
  }

  hit(key: string, now = Date.now()): void {
    if (!this.hits.has(key) && this.hits.size >= MAX_KEYS) this.prune(now);
    const list = this.live(key, now);
    list.push(now);
    this.hits.set(key, list);
  }

  clear(key?: string): void {
    if (key === undefined) this.hits.clear();
    else this.hits.delete(key);
  }

  private prune(now: number): void {
    for (const key of [...this.hits.keys()]) this.live(key, now);
    // Still full: a flood of distinct keys. Drop the oldest entries rather than grow without bound.
    for (const key of this.hits.keys()) {
      if (this.hits.size < MAX_KEYS) break;
      this.hits.delete(key);
    }
  }
}

export function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
