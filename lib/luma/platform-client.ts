import "server-only";
import { createTransport, encodeId } from "./http";
import { parseCreateResponse, parseDownloadUrlResponse, parseGenerationResponse } from "./parse";
import { toPlatformCall } from "./platform-body";
import { gatewayCapabilities, type GatewayProfile, type GatewayRoute } from "./profiles";
import { isLumaError } from "./errors";
import { assertSendable, probeWith, type CreateOptions, type UpstreamCreated, type LumaProvider } from "./provider";
import type { UpstreamSnapshot } from "./types";
import type { VideoRequest } from "./video-request";

export type PlatformClientOptions = {
  baseUrl: string;
  apiKey: string;
  profile: GatewayProfile;
  route?: GatewayRoute;
  /** LUMA_MODEL: sent when the request names no model, instead of the profile's default. */
  model?: string | null;
  createTimeoutMs: number;
  requestTimeoutMs: number;
  fetch?: typeof fetch;
};

/** A gateway speaking the platform format (luma-api.md §2) in one profile's dialect (lib/luma/profiles.ts). */
export function createPlatformClient(options: PlatformClientOptions): LumaProvider {
  const { profile, createTimeoutMs, requestTimeoutMs } = options;
  const route = options.route ?? "standard";
  const capabilities = gatewayCapabilities(profile, { model: options.model, route });
  const transport = createTransport({ baseUrl: options.baseUrl, apiKey: options.apiKey, origin: "gateway", fetch: options.fetch });

  async function get(upstreamId: string): Promise<UpstreamSnapshot> {
    const json = await transport.call("GET", `/luma/generations/${encodeId(upstreamId)}`, undefined, requestTimeoutMs);
    const snapshot = transport.parsed(() => parseGenerationResponse(json, { fallbackId: upstreamId }));
    // Callers key rows by the id they asked for, whatever id a wrapper put in the body.
    return { ...snapshot, upstreamId };
  }

  return {
    name: "platform",
    capabilities,

    async create(request: VideoRequest, createOptions: CreateOptions = {}): Promise<UpstreamCreated> {
      assertSendable(request, capabilities);
      const call = transport.parsed(() => toPlatformCall(request, profile, capabilities, route, createOptions));
      // Never retried: a create that may have reached the gateway may also have been charged.
      const json = await transport.call("POST", call.path, call.body, createTimeoutMs, { model: call.model });
      return transport.parsed(() => parseCreateResponse(json));
    },

    get,

    async downloadVideoUrl(upstreamId: string): Promise<string> {
      const json = await transport.call("GET", `/luma/generations/${encodeId(upstreamId)}/download_video_url`, undefined, requestTimeoutMs);
      return transport.parsed(() => parseDownloadUrlResponse(json));
    },

    checkKey(): Promise<void> {
      // Gateways check the key before looking the id up: a 404 (or a 2xx "not found" envelope) means it got through.
      return probeWith(get, (error) => isLumaError(error) && error.kind === "not_found");
    },
  };
}
