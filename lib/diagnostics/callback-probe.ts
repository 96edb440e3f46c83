import "server-only";
import { randomBytes } from "node:crypto";

/**
 * A callback round trip without a generation: the studio posts a one-time probe to its own public callback URL
 * (PUBLIC_BASE_URL + the path the upstream would call) and checks that it arrived here. That proves what a
 * gateway's callback needs: the address resolves, whatever is in front forwards /api/callbacks/, and it reaches
 * this studio rather than another one.
 */

/** Passes the callback route's id check; no generation id is ever this. */
export const CALLBACK_PROBE_ID = "diagnostics-probe";
const PROBE_TTL_MS = 30_000;

// The diagnostics route and the callback route are separate module instances: the pending probes live on globalThis.
const holder = globalThis as typeof globalThis & { __lumaCallbackProbes?: Map<string, { expiresAt: number; hasArrived: boolean }> };
const probes = (holder.__lumaCallbackProbes ??= new Map());

/** Called by the callback route for the probe id: true (and the probe marked as arrived) only for a pending secret. */
export function acceptCallbackProbe(secret: string): boolean {
  const probe = probes.get(secret);
  if (!probe || probe.expiresAt < Date.now()) return false;
  probe.hasArrived = true;
  return true;
}

type ProbeResult = { hasArrived: boolean; detail: string | null };

export async function runCallbackProbe(publicBaseUrl: string, timeoutMs = 5_000): Promise<ProbeResult> {
  const now = Date.now();
  for (const [secret, probe] of probes) if (probe.expiresAt < now) probes.delete(secret);
  const secret = randomBytes(24).toString("base64url");
  probes.set(secret, { expiresAt: now + PROBE_TTL_MS, hasArrived: false });
  try {
    const response = await fetch(`${publicBaseUrl}/api/callbacks/luma/${CALLBACK_PROBE_ID}/${secret}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ probe: true }),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    const hasArrived = probes.get(secret)?.hasArrived === true;
    if (hasArrived && response.ok) return { hasArrived: true, detail: null };
    return {
      hasArrived: false,
      detail: hasArrived
        ? `it arrived, but the answer was HTTP ${response.status}`
        : `the answer was HTTP ${response.status}, from something other than this studio's callback route`,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    const name = (error as { name?: unknown } | null)?.name;
    return {
      hasArrived: false,
      detail: name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : `the request failed${typeof cause === "string" ? ` (${cause})` : ""}`,
    };
  } finally {
    probes.delete(secret);
  }
}
