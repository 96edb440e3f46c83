import "server-only";
import { ensureDemoUpstream } from "@/lib/demo/demo-simulator";
import { env } from "@/lib/env";
import { createPlatformClient } from "@/lib/luma/platform-client";
import type { LumaProvider } from "@/lib/luma/provider";

const holder = globalThis as typeof globalThis & { __lumaProvider?: Promise<LumaProvider> };

/** The one upstream for this process: the configured gateway, or the in-process simulator in demo mode. */
export function getProvider(): Promise<LumaProvider> {
  holder.__lumaProvider ??= (async () => {
    const { baseUrl, apiKey } = env.LUMA_API_KEY
      ? { baseUrl: env.LUMA_BASE_URL, apiKey: env.LUMA_API_KEY }
      : await ensureDemoUpstream();
    return createPlatformClient({
      baseUrl,
      apiKey,
      createTimeoutMs: env.LUMA_CREATE_TIMEOUT_MS,
      requestTimeoutMs: env.LUMA_REQUEST_TIMEOUT_MS,
    });
  })();
  return holder.__lumaProvider;
}

/** The URL we hand the gateway as notify_hook; only when the studio is reachable from outside. */
export function callbackUrlFor(id: string, secret: string): string | undefined {
  if (!env.PUBLIC_BASE_URL) return undefined;
  return `${env.PUBLIC_BASE_URL}/api/callbacks/luma/${encodeURIComponent(id)}/${secret}`;
}
