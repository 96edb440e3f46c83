/** What the rest of the app knows about one upstream generation, whatever wire format it came in. */

export type UpstreamState = "queued" | "running" | "completed" | "failed";

export type UpstreamMedia = { url: string; width: number | null; height: number | null };

export type UpstreamSnapshot = {
  upstreamId: string;
  /** Null when the answer carried no recognisable state, e.g. a create that answered only `{task_id}`. */
  state: UpstreamState | null;
  /** The upstream's own word (pending, processing, dreaming, …), kept for display and debugging. */
  rawState: string | null;
  failureReason: string | null;
  /** The upstream's machine-readable failure code (Luma's API `failure_code`); null where the format has none. */
  failureCode: string | null;
  /** The playable video, watermark-free when the upstream offers such a link. */
  video: (UpstreamMedia & { durationSeconds: number | null }) | null;
  /** Every distinct video URL, best first: presigned links expire, so the archiver tries them in turn. */
  videoCandidates: string[];
  watermarkedVideoUrl: string | null;
  thumbnail: UpstreamMedia | null;
  lastFrame: UpstreamMedia | null;
  estimateWaitSeconds: number | null;
  createdAt: string | null;
  /** The JSON body as received, for storage. */
  raw: unknown;
};

export type LumaErrorKind =
  | "auth"
  /** The gateway refused the model it was sent (or that none was sent). */
  | "model"
  /** The request asks for something this upstream cannot express; it was never sent. */
  | "unsupported"
  | "payment"
  | "rate_limited"
  | "rejected"
  | "not_found"
  | "upstream"
  | "network"
  | "timeout"
  | "protocol";

/** Who answered: a gateway in front of Luma, or Luma's own API. Only the wording differs. */
export type UpstreamOrigin = "gateway" | "luma";
