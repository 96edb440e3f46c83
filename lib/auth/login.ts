import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { recordLimitRefusal } from "@/lib/ops/metrics";
import { securityConfig } from "@/lib/security/config";
import { formatWait } from "@/lib/security/rate-window";
import { loginThrottleStore } from "@/lib/shared-state/stores";

const WINDOW_MS = 15 * 60_000;
/** Failed logins allowed per address per window, then the address waits. */
export const LOGIN_FAILURES_PER_ADDRESS = 5;
/**
 * Failed logins allowed from all addresses together. A forged or rotating address (or many machines) still
 * meets this ceiling; the price is that a flood can lock the owner out for the rest of the window.
 */
export const LOGIN_FAILURES_GLOBAL = 100;

const throttle = () => loginThrottleStore({ perAddress: LOGIN_FAILURES_PER_ADDRESS, global: LOGIN_FAILURES_GLOBAL, windowMs: WINDOW_MS });

/** Digests first, so the comparison takes the same time whatever the length or content of the guess. */
function isCorrectPassword(candidate: string): boolean {
  const expected = securityConfig.password;
  if (!expected) return false;
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(candidate), digest(expected));
}

function throttled(seconds: number, scope: string): AppError {
  recordLimitRefusal("SIGN_IN_THROTTLE");
  return new AppError("rate_limited", `Too many failed sign-ins ${scope}. Try again in ${formatWait(seconds)}.`, { retryAfterSeconds: seconds });
}

/** Checks a password attempt from `address`; throws 429 while throttled and 401 when wrong. */
export async function attemptLogin(password: string, address: string): Promise<void> {
  const outcome = await throttle().attempt(address, () => isCorrectPassword(password));
  if (outcome.kind === "accepted") return;
  if (outcome.kind === "throttled") throw throttled(outcome.retryAfterSeconds, outcome.scope === "address" ? "from this address" : "on this studio");
  log.warn("failed sign-in", { address, failures: outcome.failuresFromAddress });
  throw new AppError("unauthorized", "Wrong password.");
}

export async function resetLoginThrottle(): Promise<void> {
  await throttle().reset();
}
