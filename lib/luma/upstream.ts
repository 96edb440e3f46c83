import "server-only";
import { ensureDemoUpstream } from "@/lib/demo/demo-simulator";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Capabilities } from "@/lib/luma/capabilities";
import { createOfficialClient } from "@/lib/luma/official-client";
import { createPlatformClient } from "@/lib/luma/platform-client";
import type { LumaProvider } from "@/lib/luma/provider";
import type { MediaFetchPolicy } from "@/lib/media/guarded-fetch";

// One provider per process, shared by instrumentation (the reconciler) and every route handler, which are
// separate module instances under `next start`. Its errors therefore come from whichever instance built it:
// recognise them with isLumaError(), never instanceof (lib/brand.ts).
const holder = globalThis as typeof globalThis & { __lumaProvider?: Promise<LumaProvider> };

/** The one upstream for this process: the configured gateway or Luma's API, or the in-process simulator in demo mode. */
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
  const { upstream } = env;
  const { baseUrl, apiKey } = env.LUMA_API_KEY ? { baseUrl: upstream.baseUrl ?? env.LUMA_BASE_URL, apiKey: env.LUMA_API_KEY } : await startDemoUpstream();
  const timeouts = { createTimeoutMs: env.LUMA_CREATE_TIMEOUT_MS, requestTimeoutMs: env.LUMA_REQUEST_TIMEOUT_MS };
  if (upstream.provider === "official") {
    // The demo simulator serves Luma's API format under /v1, beside the gateway routes.
    return createOfficialClient({ baseUrl: env.LUMA_API_KEY ? baseUrl : `${baseUrl}/v1`, apiKey, ...timeouts });
  }
  return createPlatformClient({ baseUrl, apiKey, profile: upstream.profile, route: upstream.route, model: upstream.model, ...timeouts });
}

/**
 * Where the archiver may fetch media: the public internet over https, plus the upstream's own origin (the demo
 * simulator, or a gateway on the LAN that serves media itself, over http too). Nothing else on this machine or network.
 */
export async function mediaFetchPolicy(): Promise<MediaFetchPolicy> {
  const baseUrl = env.LUMA_API_KEY ? (env.upstream.baseUrl ?? env.LUMA_BASE_URL) : (await startDemoUpstream()).baseUrl;
  return { trustedOrigin: URL.canParse(baseUrl) ? new URL(baseUrl).origin : undefined };
}

/** What the active upstream offers, without starting it (the form and the zod schema need it on every page). */
export function activeCapabilities(): Capabilities {
  return env.upstream.capabilities;
}

async function startDemoUpstream(): Promise<{ baseUrl: string; apiKey: string }> {
  try {
    return await ensureDemoUpstream();
  } catch (error) {
    const why = (error as { code?: unknown } | null)?.code === "EADDRINUSE" ? `port ${env.DEMO_SIMULATOR_PORT} is already in use` : "it failed to start";
    throw new AppError(
      "upstream_unavailable",
      `The demo mode's simulated Luma is not running (${why}). Free the port or unset DEMO_SIMULATOR_PORT, then try again.`,
      { cause: error },
    );
  }
}

/** Whether a callback can ever reveal a job: the studio is reachable from outside and the upstream calls back. */
export function canHearBack(): boolean {
  return Boolean(env.PUBLIC_BASE_URL) && env.upstream.capabilities.callbacks;
}

/** The URL we hand the gateway as notify_hook; only when the studio is reachable from outside and the upstream calls back. */
export function callbackUrlFor(id: string, secret: string): string | undefined {
  if (!canHearBack()) return undefined;
  return `${env.PUBLIC_BASE_URL}/api/callbacks/luma/${encodeURIComponent(id)}/${secret}`;
}
