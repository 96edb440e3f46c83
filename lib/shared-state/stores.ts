import "server-only";
import { env } from "@/lib/env";
import { createMemoryCreateLimits, createPgCreateLimits, type CreateLimitsStore } from "./create-limits";
import { createMemoryLoginThrottle, createPgLoginThrottle, type LoginLimits, type LoginThrottleStore } from "./login-throttle";
import { sharedStatePool } from "./pool";
import { createMemoryRevocationStore, createPgRevocationStore, type RevocationStore } from "./revocations";

/**
 * Where sign-outs, failed sign-ins and the spending limits' windows are kept: this process's memory (SQLite, one
 * instance), or PostgreSQL when DATABASE_URL lets several instances serve the same users. One store per process, on `globalThis`, because
 * proxy.ts and the route handlers load separate module instances.
 */
const holder = globalThis as typeof globalThis & {
  __lumaRevocations?: RevocationStore;
  __lumaLoginThrottle?: LoginThrottleStore;
  __lumaCreateLimits?: CreateLimitsStore;
};

export function revocationStore(): RevocationStore {
  const url = env.DATABASE_URL;
  holder.__lumaRevocations ??= url ? createPgRevocationStore(() => sharedStatePool(url)) : createMemoryRevocationStore();
  return holder.__lumaRevocations;
}

export function loginThrottleStore(limits: LoginLimits): LoginThrottleStore {
  const url = env.DATABASE_URL;
  holder.__lumaLoginThrottle ??= url ? createPgLoginThrottle(() => sharedStatePool(url), limits) : createMemoryLoginThrottle(limits);
  return holder.__lumaLoginThrottle;
}

/** The admission lock and per-minute windows behind the spending limits (lib/security/limits.ts). */
export function createLimitsStore(): CreateLimitsStore {
  const url = env.DATABASE_URL;
  holder.__lumaCreateLimits ??= url ? createPgCreateLimits(() => sharedStatePool(url)) : createMemoryCreateLimits();
  return holder.__lumaCreateLimits;
}
