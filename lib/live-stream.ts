/**
 * The /api/events wire protocol shared by the route and the browser. Client-safe: no I/O.
 *
 * Comments in an event stream never reach page code, so liveness is a named event: a client that hears
 * nothing (not even this) for a few beats treats the stream as dead, even when the socket never reports an error
 * (a proxy that buffers, a laptop that slept, a half-open connection).
 */
export const LIVE_EVENTS_PATH = "/api/events";
export const HEARTBEAT_EVENT = "heartbeat";
export const HEARTBEAT_MS = 10_000;
