import type {
  AspectRatio,
  CameraMove,
  EditStrength,
  FailureCode,
  GenerationKind,
  GenerationState,
  UpstreamHealth,
  VideoDuration,
  VideoResolution,
} from "@/lib/constants";

/** The generation as the JSON API answers it. Client-safe: the UI imports this type. */
export type Generation = {
  id: string;
  upstreamId: string | null;
  parentId: string | null;
  state: GenerationState;
  upstreamState: string | null;
  prompt: string;
  aspectRatio: AspectRatio;
  expandPrompt: boolean;
  loop: boolean;
  imageUrl: string | null;
  imageEndUrl: string | null;
  model: string | null;
  /**
   * What else was asked for (null where the upstream takes no such choice), which upstream made the clip and
   * how it came about. Optional in this type only: API answers always carry them (lib/generations/read.ts).
   */
  resolution?: VideoResolution | null;
  duration?: VideoDuration | null;
  cameraMove?: CameraMove | null;
  hdr?: boolean;
  exrExport?: boolean;
  provider?: "platform" | "official";
  kind?: GenerationKind;
  /** For a bridge between two clips: the second (end) clip; `parentId` is the first. */
  secondParentId?: string | null;
  editStrength?: EditStrength | null;
  /** The failure may go away by sending the same request again (Luma's own API says so for some codes). */
  isRetryable?: boolean;
  liked: boolean;
  /** Our archived copy once it exists, the upstream link until then. */
  videoUrl: string | null;
  thumbnailUrl: string | null;
  lastFrameUrl: string | null;
  /** The watermark-free MP4 as an attachment, once archived. */
  downloadUrl: string | null;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  isArchived: boolean;
  /** Archived, but only the watermarked copy so far: the clean one is still being fetched. */
  isCleanCopyMissing: boolean;
  failureCode: FailureCode | null;
  /** Details in the upstream's (or our) words; the UI leads with the code's sentence. */
  failureReason: string | null;
  estimateWaitSeconds: number | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
};

export type GenerationPage = { items: Generation[]; nextCursor: string | null };

/** `GET /api/generations/{id}/details`: the detail view's timeline, lineage and raw upstream JSON. */
export type GenerationDetails = {
  generation: Generation;
  parent: Generation | null;
  /** A bridge's second (end) clip. */
  secondParent: Generation | null;
  events: Array<{ state: string; upstreamState: string | null; note: string | null; at: string }>;
  rawUpstream: unknown;
};

/** Pushed over Server-Sent Events at /api/events. */
export type GenerationEvent = { type: "generation"; generation: Generation } | { type: "deleted"; id: string } | { type: "upstream"; status: UpstreamStatus };

/** What the background reconciler knows about the upstream, shown as a banner when not "ok". */
export type UpstreamStatus = {
  health: UpstreamHealth;
  message: string | null;
  since: string | null;
  retryAt: string | null;
};
