import "server-only";
import { publish } from "@/lib/generations/events";
import type { UpstreamStatus } from "@/lib/generations/types";

type HealthState = UpstreamStatus & {
  /** A dead key pauses status checks until a probe (a person's "Check again") succeeds or the pause ends. */
  authPausedUntil: number;
  /** A 429's Retry-After: held to the end, whatever succeeds meanwhile. */
  rateLimitedUntil: number;
};

// One per process: the reconciler (instrumentation) and the routes (status, create) are separate module instances.
const holder = globalThis as typeof globalThis & { __lumaHealth?: HealthState };
const HEALTHY: HealthState = { health: "ok", message: null, since: null, retryAt: null, authPausedUntil: 0, rateLimitedUntil: 0 };

function state(): HealthState {
  holder.__lumaHealth ??= { ...HEALTHY };
  return holder.__lumaHealth;
}

export function getUpstreamStatus(): UpstreamStatus {
  const { health, message, since, retryAt } = state();
  return { health, message, since, retryAt };
}

/** Status checks wait until this time: one shared pause, so a 429 or a dead key stops every worker at once. */
export function upstreamPausedUntil(): number {
  const { authPausedUntil, rateLimitedUntil } = state();
  return Math.max(authPausedUntil, rateLimitedUntil);
}

/** `pauseMs` 0 shows the trouble without pausing (an unreachable gateway: each job backs off on its own). */
export function markUpstreamTrouble(health: Exclude<UpstreamStatus["health"], "ok">, message: string, pauseMs: number): void {
  const current = state();
  const now = Date.now();
  // Pauses only grow: a shorter one must not cut a running 429 pause short.
  const next: HealthState = {
    ...current,
    health,
    message,
    since: current.health === health ? current.since : new Date(now).toISOString(),
    authPausedUntil: health === "auth_failed" ? Math.max(current.authPausedUntil, now + pauseMs) : current.authPausedUntil,
    rateLimitedUntil: health === "rate_limited" ? Math.max(current.rateLimitedUntil, now + pauseMs) : current.rateLimitedUntil,
  };
  const pausedUntil = Math.max(next.authPausedUntil, next.rateLimitedUntil);
  next.retryAt = pausedUntil > now ? new Date(pausedUntil).toISOString() : null;
  holder.__lumaHealth = next;
  if (current.health !== health || current.message !== message) publish({ type: "upstream", status: getUpstreamStatus() });
}

/**
 * A call succeeded: the key works and the gateway answers. A rate limit is the exception: a call that was
 * already in flight (or was not a status check) proves nothing about it, so its pause holds until Retry-After.
 */
export function markUpstreamOk(): void {
  const current = state();
  const now = Date.now();
  if (current.rateLimitedUntil > now) {
    if (current.health === "rate_limited") return;
    holder.__lumaHealth = {
      ...current,
      health: "rate_limited",
      authPausedUntil: 0,
      since: new Date(now).toISOString(),
      retryAt: new Date(current.rateLimitedUntil).toISOString(),
    };
  } else {
    holder.__lumaHealth = { ...HEALTHY };
  }
  if (current.health !== holder.__lumaHealth.health) publish({ type: "upstream", status: getUpstreamStatus() });
}
