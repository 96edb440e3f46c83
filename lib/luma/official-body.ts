import type { Capabilities } from "./capabilities";
import { placeCameraMove } from "./camera";
import type { FrameRef, SourceRef, VideoRequest } from "./video-request";

/**
 * The body of `POST /v1/generations` on Luma's own API (the Agents API, Ray 3.2), as its TypeScript client's
 * `GenerationCreateParams` describes it: output settings under `video`, the clip to edit or reframe in `source`,
 * and every image or clip reference exactly one of `{url}`, `{data, media_type}` or `{generation_id}`. Pure.
 */

type ImageRef = { url: string } | { data: string; media_type: string } | { generation_id: string };

const DATA_URI = /^data:([\w.+-]+\/[\w.+-]+);base64,(.*)$/s;

/** A frame as Luma takes it: inline images are sent as base64 (no upload round trip, and no ingestion 503). */
function frameRef(frame: FrameRef): ImageRef {
  if (frame.kind === "generation") return { generation_id: frame.upstreamId };
  const inline = DATA_URI.exec(frame.url);
  return inline ? { data: inline[2] as string, media_type: inline[1] as string } : { url: frame.url };
}

function sourceRef(source: SourceRef): ImageRef | { url: string; media_type: string } {
  switch (source.kind) {
    case "generation":
      return { generation_id: source.upstreamId };
    case "url":
      // Luma needs the media type with a video URL, to start its video ingest before fetching.
      return { url: source.url, media_type: source.mediaType };
    case "data":
      return { data: source.base64, media_type: source.mediaType };
  }
}

/** Options left unset are left out: Luma applies its own defaults, and a `false` it does not need can only cause a 422. */
export function toOfficialBody(request: VideoRequest, capabilities: Capabilities): Record<string, unknown> {
  const { prompt } = placeCameraMove(request.prompt, request.cameraMove, capabilities.options.cameraMove);
  const video: Record<string, unknown> = {};
  const resolution = request.resolution ?? capabilities.defaultResolution;
  if (resolution) video.resolution = resolution;
  // An edit or reframe keeps its source's length unless told otherwise.
  const duration = request.duration ?? (request.type === "video" ? capabilities.defaultDuration : null);
  if (duration) video.duration = duration;
  if (request.loop) video.loop = true;
  if (request.hdr) video.hdr = true;
  if (request.exrExport) video.exr_export = true;
  if (request.startFrame) video.start_frame = frameRef(request.startFrame);
  if (request.endFrame) video.end_frame = frameRef(request.endFrame);
  if (request.type === "video_edit") video.edit = request.editStrength ? { strength: request.editStrength } : { auto_controls: true };
  if (request.type === "video_reframe" && request.sourcePosition) {
    const { x, y, width, height } = request.sourcePosition;
    video.source_position = { x_norm: x, y_norm: y, w_norm: width, h_norm: height };
  }

  const body: Record<string, unknown> = {
    model: request.model ?? capabilities.defaultModel,
    type: request.type,
    prompt,
    aspect_ratio: request.aspectRatio,
    video,
  };
  if (request.source) body.source = sourceRef(request.source);
  return body;
}
