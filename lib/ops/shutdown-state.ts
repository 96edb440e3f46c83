import "server-only";

/**
 * Whether this process has begun to shut down (SIGTERM). One flag per process on `globalThis`: the signal
 * handler (instrumentation's module instance) sets it and the readiness route (another instance) reads it.
 */
const holder = globalThis as typeof globalThis & { __lumaShuttingDown?: boolean };

export function isShuttingDown(): boolean {
  return holder.__lumaShuttingDown === true;
}

export function markShuttingDown(): void {
  holder.__lumaShuttingDown = true;
}
