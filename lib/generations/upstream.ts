import "server-only";
import { ensureDemoUpstream } from "@/lib/demo/demo-simulator";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createPlatformClient } from "@/lib/luma/platform-client";
import type { LumaProvider } from "@/lib/luma/provider";

// One provider per process, shared by instrumentation (the reconciler) and every route handler, which are
// separate module instances under `next start`. Its errors therefore come from whichever instance built it:
// recognise them with isLumaError(), never instanceof (lib/brand.ts).
const holder = globalThis as typeof globalThis & { __lumaProvider?: Promise<LumaProvider> };

/** The one upstream for this process: the configured gateway, or the in-process simulator in demo mode. */
export function getProvider(): Promise<LumaProvider> {
  if (!holder.__lumaProvider) {
    const starting = buildProvider();
    holder.__lumaProvider = starting;
    // A provider that failed to start (the demo simulator's port taken, say) is not kept: the next caller retries.
    starting.catch(() => {
      if (holder.__lumaProvider === starting) holder.__lumaProvider = undefined;
    });
  }
  return holder.__lumaProvider;
}

async function buildProvider(): Promise<LumaProvider> {
  const { baseUrl, apiKey } = env.LUMA_API_KEY ? { baseUrl: env.LUMA_BASE_URL, apiKey: env.LUMA_API_KEY } : await startDemoUpstream();
  return createPlatformClient({
    baseUrl,
    apiKey,
    createTimeoutMs: env.LUMA_CREATE_TIMEOUT_MS,
    requestTimeoutMs: env.LUMA_REQUEST_TIMEOUT_MS,
  });
}

async function startDemoUpstream(): Promise<{ baseUrl: string; apiKey: string }> {
  try {
    return await ensureDemoUpstream();
  } catch (error) {
    const why = (error as { code?: unknown } | null)?.code === "EADDRINUSE" ? `port ${env.DEMO_SIMULATOR_PORT} is already in use` : "it failed to start";
    throw new AppError("upstream_unavailable", `The demo mode's simulated Luma is not running (${why}). Free the port or unset DEMO_SIMULATOR_PORT, then try again.`, { cause: error });
  }
}

/** The URL we hand the gateway as notify_hook; only when the studio is reachable from outside. */
export function callbackUrlFor(id: string, secret: string): string | undefined {
  if (!env.PUBLIC_BASE_URL) return undefined;
  return `${env.PUBLIC_BASE_URL}/api/callbacks/luma/${encodeURIComponent(id)}/${secret}`;
}
