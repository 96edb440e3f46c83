import "server-only";
import { publish } from "./events";
import type { UpstreamStatus } from "./types";

type HealthState = UpstreamStatus & { pauseUntil: number };

const holder = globalThis as typeof globalThis & { __lumaHealth?: HealthState };
function state(): HealthState {
  holder.__lumaHealth ??= { health: "ok", message: null, since: null, retryAt: null, pauseUntil: 0 };
  return holder.__lumaHealth;
}

export function getUpstreamStatus(): UpstreamStatus {
  const { health, message, since, retryAt } = state();
  return { health, message, since, retryAt };
}

/** Status checks wait until this time: one shared pause, so a 429 or a dead key stops every worker at once. */
export function upstreamPausedUntil(): number {
  return state().pauseUntil;
}

export function markUpstreamTrouble(health: Exclude<UpstreamStatus["health"], "ok">, message: string, pauseMs: number): void {
  const current = state();
  const now = Date.now();
  const changed = current.health !== health || current.message !== message;
  holder.__lumaHealth = {
    health,
    message,
    since: current.health === health ? current.since : new Date(now).toISOString(),
    retryAt: new Date(now + pauseMs).toISOString(),
    pauseUntil: Math.max(current.pauseUntil, now + pauseMs),
  };
  if (changed) publish({ type: "upstream", status: getUpstreamStatus() });
}

export function markUpstreamOk(): void {
  const current = state();
  holder.__lumaHealth = { health: "ok", message: null, since: null, retryAt: null, pauseUntil: 0 };
  if (current.health !== "ok") publish({ type: "upstream", status: getUpstreamStatus() });
}
