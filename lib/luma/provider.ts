import "server-only";
import type { CreateGenerationRequest } from "@/lib/validations/generation";
import type { UpstreamSnapshot } from "./types";

export type CreateOptions = {
  /** Callback URL the gateway calls on status changes; only a hint, polling stays the source of truth. */
  notifyHook?: string;
  /** Sent as `model` when the request names none. */
  defaultModel?: string;
};

export type ExtendRequest = { prompt: string; expandPrompt?: boolean; imageUrl?: string; imageEndUrl?: string };

export type CreateResult = { upstreamId: string; snapshot: UpstreamSnapshot | null };

/**
 * The seam between the app and whoever renders the videos. Every method throws `LumaError` and
 * nothing else for upstream trouble; none of them retries, because a create costs money and the
 * reconciler owns the back-off for reads.
 */
export interface LumaProvider {
  readonly name: "platform" | "official";
  create(request: CreateGenerationRequest, options?: CreateOptions): Promise<CreateResult>;
  get(upstreamId: string): Promise<UpstreamSnapshot>;
  extend(parentUpstreamId: string, request: ExtendRequest, options?: CreateOptions): Promise<CreateResult>;
  /** A fresh presigned watermark-free link; the gateway refuses before the generation has completed. */
  downloadVideoUrl(upstreamId: string): Promise<string>;
}
