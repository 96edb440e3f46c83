/**
 * What arrived, per route: tests check that a person's choices reached the wire under the right names and
 * spellings (`GET /__sim/requests?route=create`). Only the last few per route are kept, and long strings (inline
 * images) are cut, so a long demo session cannot grow the log without bound.
 */

const PER_ROUTE = 50;
const LONG_STRING = 4096;

export type RecordedRequest = {
  /** The route kind (`create`, `get`, `extend`, …): the same for a gateway create and an official one. */
  route: string;
  /** Method and path pattern, e.g. `POST /luma/generations` or `POST /v1/generations`. */
  key: string;
  path: string;
  /** The JSON body as parsed; null for bodiless requests, `{"invalid": "…"}` for bodies that were not JSON. */
  body: unknown;
  at: string;
};

export type RequestRecorder = {
  record(entry: Omit<RecordedRequest, "at">): void;
  /** Oldest first; `route` matches the kind or the key. */
  list(filter?: { route?: string; limit?: number }): RecordedRequest[];
  clear(): void;
};

function shorten(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.length > LONG_STRING ? `${value.slice(0, 64)}…[${value.length} chars]` : value;
  if (depth > 8 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => shorten(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shorten(item, depth + 1)]));
}

export function createRecorder(): RequestRecorder {
  const byKey = new Map<string, RecordedRequest[]>();
  let sequence: RecordedRequest[] = [];

  return {
    record(entry) {
      const recorded = { ...entry, body: shorten(entry.body), at: new Date().toISOString() };
      const list = byKey.get(entry.key) ?? [];
      list.push(recorded);
      if (list.length > PER_ROUTE) list.shift();
      byKey.set(entry.key, list);
      sequence.push(recorded);
      // The global order only needs what the per-route lists still hold.
      if (sequence.length > PER_ROUTE * 8) sequence = sequence.filter((item) => byKey.get(item.key)?.includes(item));
    },
    list(filter = {}) {
      const kept = sequence.filter((item) => byKey.get(item.key)?.includes(item));
      const matching = filter.route ? kept.filter((item) => item.route === filter.route || item.key === filter.route) : kept;
      return filter.limit ? matching.slice(-filter.limit) : matching;
    },
    clear() {
      byKey.clear();
      sequence = [];
    },
  };
}
