import "server-only";
import { LumaError, copyLumaError, isLumaError } from "./errors";
import { createTransport, encodeId } from "./http";
import { OFFICIAL_CAPABILITIES } from "./official-capabilities";
import { toOfficialBody } from "./official-body";
import { parseOfficialCreate, parseOfficialGeneration } from "./official-parse";
import { assertSendable, probeWith, type UpstreamCreated, type LumaProvider } from "./provider";
import type { UpstreamSnapshot } from "./types";
import type { VideoRequest } from "./video-request";

type OfficialClientOptions = {
  /** `https://agents.lumalabs.ai/v1`, or LUMA_BASE_URL. */
  baseUrl: string;
  apiKey: string;
  createTimeoutMs: number;
  requestTimeoutMs: number;
  fetch?: typeof fetch;
};

/**
 * Luma documents its own 502 as "upstream service unavailable, retry with backoff": when Luma's API itself says
 * so (its JSON `detail`), nothing was made. A 502 without that body came from something in front of it, which may
 * have forwarded the create, so it stays "may have reached upstream".
 */
function refineError(error: LumaError, answer: { status: number; json: unknown }): LumaError {
  const detail = (answer.json as { detail?: unknown } | undefined)?.detail;
  if (answer.status === 502 && detail !== undefined && detail !== null) return copyLumaError(error, { mayHaveReachedUpstream: false });
  return error;
}

/** Luma's own API (the Agents API, Ray 3.2): create and poll; extend, bridge, edit and reframe are creates too. */
export function createOfficialClient(options: OfficialClientOptions): LumaProvider {
  const { createTimeoutMs, requestTimeoutMs } = options;
  const capabilities = OFFICIAL_CAPABILITIES;
  const transport = createTransport({ baseUrl: options.baseUrl, apiKey: options.apiKey, origin: "luma", fetch: options.fetch, refineError });

  async function get(upstreamId: string): Promise<UpstreamSnapshot> {
    const json = await transport.call("GET", `/generations/${encodeId(upstreamId)}`, undefined, requestTimeoutMs);
    const snapshot = transport.parsed(() => parseOfficialGeneration(json, { fallbackId: upstreamId }));
    return { ...snapshot, upstreamId };
  }

  return {
    name: "official",
    capabilities,

    async create(request: VideoRequest): Promise<UpstreamCreated> {
      assertSendable(request, capabilities);
      const body = toOfficialBody(request, capabilities);
      // Never retried (Luma's own client retries creates; a create may have been charged, so we do not).
      const json = await transport.call("POST", "/generations", body, createTimeoutMs, { model: body.model as string });
      return transport.parsed(() => parseOfficialCreate(json));
    },

    get,

    /** Luma has no separate download route: a fresh status answer carries freshly signed output links. */
    async downloadVideoUrl(upstreamId: string): Promise<string> {
      const snapshot = await get(upstreamId);
      if (snapshot.video) return snapshot.video.url;
      throw new LumaError({
        kind: "protocol",
        detail: snapshot.state === "completed" ? "the finished generation lists no video output" : "the generation has not finished",
        mayHaveReachedUpstream: false,
        origin: "luma",
        host: transport.host,
      });
    },

    checkKey(): Promise<void> {
      return probeWith(get, (error) => isLumaError(error) && error.kind === "not_found");
    },
  };
}
