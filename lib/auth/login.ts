import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { recordLimitRefusal } from "@/lib/ops/metrics";
import { securityConfig } from "@/lib/security/config";
import { formatWait, RateWindow } from "@/lib/security/rate-window";

const WINDOW_MS = 15 * 60_000;
/** Failed logins allowed per address per window, then the address waits. */
export const LOGIN_FAILURES_PER_ADDRESS = 5;
/**
 * Failed logins allowed from all addresses together. A forged or rotating address (or many machines) still
 * meets this ceiling; the price is that a flood can lock the owner out for the rest of the window.
 */
export const LOGIN_FAILURES_GLOBAL = 100;

const perAddress = () => new RateWindow("login-failures-address", LOGIN_FAILURES_PER_ADDRESS, WINDOW_MS);
const global = () => new RateWindow("login-failures-global", LOGIN_FAILURES_GLOBAL, WINDOW_MS);

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
export function attemptLogin(password: string, address: string): void {
  const byAddress = perAddress();
  const everyone = global();
  const addressWait = byAddress.retryAfterSeconds(address);
  if (addressWait > 0) throw throttled(addressWait, "from this address");
  const globalWait = everyone.retryAfterSeconds("all");
  if (globalWait > 0) throw throttled(globalWait, "on this studio");
  if (isCorrectPassword(password)) {
    byAddress.clear(address);
    return;
  }
  byAddress.hit(address);
  everyone.hit("all");
  log.warn("failed sign-in", { address, failures: byAddress.count(address) });
  throw new AppError("unauthorized", "Wrong password.");
}

export function resetLoginThrottle(): void {
  perAddress().clear();
  global().clear();
}
