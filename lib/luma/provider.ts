import "server-only";
import { checkCombination, type Capabilities } from "./capabilities";
import { LumaError } from "./errors";
import type { UpstreamSnapshot } from "./types";
import type { VideoRequest } from "./video-request";

export type CreateOptions = {
  /** Callback URL the upstream calls on status changes, where it has callbacks; only a hint, polling stays the source of truth. */
  notifyHook?: string;
};

export type UpstreamCreated = { upstreamId: string; snapshot: UpstreamSnapshot | null };

/**
 * The seam between the app and whoever renders the videos. Every method throws `LumaError` and nothing
 * else for upstream trouble; none of them retries, because a create costs money and the reconciler owns
 * the back-off for reads. Extending, bridging, editing and reframing are all `create` with a request that
 * says so (lib/luma/video-request.ts); `capabilities` says which of them this upstream offers.
 */
export interface LumaProvider {
  readonly name: "platform" | "official";
  readonly capabilities: Capabilities;
  create(request: VideoRequest, options?: CreateOptions): Promise<UpstreamCreated>;
  get(upstreamId: string): Promise<UpstreamSnapshot>;
  /** A fresh link to the finished video (watermark-free where the upstream has such a link). */
  downloadVideoUrl(upstreamId: string): Promise<string>;
  /**
   * One cheap authenticated call that costs nothing (a status check of an id that cannot exist): resolves when the
   * key is accepted, throws the LumaError that says what to change otherwise. For a diagnostics page.
   */
  checkKey(): Promise<void>;
}

/** An id no upstream has made: asking about it proves the key without touching a real job. */
const PROBE_ID = "00000000-0000-4000-8000-000000000000";

/** A probe's answer: "no such generation" means the key got through; anything else is the error itself. */
export async function probeWith(get: (upstreamId: string) => Promise<unknown>, isAccepted: (error: unknown) => boolean): Promise<void> {
  try {
    await get(PROBE_ID);
  } catch (error) {
    if (isAccepted(error)) return;
    throw error;
  }
}

/** Refuses, before anything is sent, what the capabilities rule out: an upstream would ignore or refuse it. */
export function assertSendable(request: VideoRequest, capabilities: Capabilities): void {
  const issues = checkCombination(request, capabilities);
  if (issues.length > 0) {
    throw new LumaError({ kind: "unsupported", issues, mayHaveReachedUpstream: false, origin: capabilities.provider === "official" ? "luma" : "gateway" });
  }
}
