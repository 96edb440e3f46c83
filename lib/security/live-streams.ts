import "server-only";

/**
 * Open live-event streams, by who holds them: a session (with a password) or a client address (without).
 * One process-wide registry on `globalThis`, because sign-out (one route module) must reach the streams
 * another route module opened. Every tab of a browser shares one stream through a leader tab, so a few per
 * holder is plenty; more is a runaway script or someone holding connections open.
 */
export const MAX_STREAMS_PER_HOLDER = 8;

type Streams = Map<string, Set<() => void>>;
const holder = globalThis as typeof globalThis & { __lumaLiveStreams?: Streams };
const streams = (holder.__lumaLiveStreams ??= new Map());

export const sessionHolder = (sessionId: string) => `session:${sessionId}`;
export const addressHolder = (address: string) => `address:${address}`;

/**
 * Takes a slot for a stream that `close` ends; answers a release function, or null when the holder already has
 * MAX_STREAMS_PER_HOLDER open.
 */
export function claimStreamSlot(owner: string, close: () => void): (() => void) | null {
  const open = streams.get(owner) ?? new Set<() => void>();
  if (open.size >= MAX_STREAMS_PER_HOLDER) return null;
  open.add(close);
  streams.set(owner, open);
  return () => {
    open.delete(close);
    if (open.size === 0 && streams.get(owner) === open) streams.delete(owner);
  };
}

/** Ends every stream the holder has open (sign-out). */
export function closeStreamsOf(owner: string): number {
  const open = streams.get(owner);
  if (!open) return 0;
  streams.delete(owner);
  for (const close of [...open]) close();
  return open.size;
}

/** Every stream open in this process, whoever holds it (for the metrics). */
export function openStreamTotal(): number {
  let total = 0;
  for (const open of streams.values()) total += open.size;
  return total;
}

/** Ends every stream in this process (shutdown), so no open connection holds the server up. */
export function closeAllStreams(): number {
  let closed = 0;
  for (const owner of [...streams.keys()]) closed += closeStreamsOf(owner);
  return closed;
}
