import type { AspectRatio, CameraMove, EditStrength, UpstreamGenerationType, VideoDuration, VideoResolution } from "@/lib/constants";

/**
 * What the studio asks any upstream for, in our own words. Each provider turns it into its wire format
 * (lib/luma/platform-body.ts, lib/luma/official-body.ts) or refuses, before sending, what it cannot say.
 * Client-safe: types only.
 */

/** A keyframe: an image (https URL or `data:image/…;base64,` URI), or an earlier generation of the same upstream. */
export type FrameRef = { kind: "image"; url: string } | { kind: "generation"; upstreamId: string };

/** The clip a video edit or reframe starts from: an earlier generation, a reachable URL, or the bytes themselves. */
export type SourceRef =
  { kind: "generation"; upstreamId: string } | { kind: "url"; url: string; mediaType: string } | { kind: "data"; base64: string; mediaType: string };

/** Where the source sits inside the reframed canvas, as fractions of the canvas (Luma's `source_position`). */
export type SourcePosition = { x: number; y: number; width: number; height: number };

export type VideoRequest = {
  type: UpstreamGenerationType;
  prompt: string;
  aspectRatio: AspectRatio;
  /** Let the upstream rewrite the prompt; only platform gateways have this switch. */
  expandPrompt?: boolean;
  loop?: boolean;
  /** Unset: the provider sends its default (lib/luma/capabilities.ts `defaultModel`). */
  model?: string;
  resolution?: VideoResolution;
  duration?: VideoDuration;
  cameraMove?: CameraMove;
  hdr?: boolean;
  exrExport?: boolean;
  /** A generation here extends forward. */
  startFrame?: FrameRef;
  /** A generation here extends backward (a lead-in); with a generation start frame too, it interpolates. */
  endFrame?: FrameRef;
  /** `video_edit` and `video_reframe` only. */
  source?: SourceRef;
  /** `video_edit` only; unset lets the model choose (`auto_controls`). */
  editStrength?: EditStrength;
  /** `video_reframe` only; unset lets the model centre the source. */
  sourcePosition?: SourcePosition;
};
