import type { Capabilities } from "./capabilities";
import { placeCameraMove } from "./camera";
import { LumaError } from "./errors";
import type { GatewayProfile, GatewayRoute } from "./profiles";
import type { VideoRequest } from "./video-request";

/** What a gateway is sent, in its profile's field names and spellings. Pure: the wire tests call it directly. */

type PlatformBodyOptions = {
  /** Callback URL; sent only where the gateway documents callbacks. */
  notifyHook?: string;
};

type PlatformCall = { path: string; body: Record<string, unknown>; model: string | null };

/** Spells one of our values the gateway's way, or says plainly that it cannot be said. */
function spell(field: string | null, table: Partial<Record<string, string>>, value: string | undefined, what: string, label: string): [string, string] | null {
  if (value === undefined) return null;
  const wire = table[value];
  if (!field || wire === undefined) {
    throw new LumaError({ kind: "unsupported", issues: [{ field: what, message: `${label} does not take ${value}.` }], mayHaveReachedUpstream: false });
  }
  return [field, wire];
}

function imageUrlOf(frame: VideoRequest["startFrame"], field: string, label: string): string | undefined {
  if (!frame) return undefined;
  if (frame.kind === "image") return frame.url;
  throw new LumaError({ kind: "unsupported", issues: [{ field, message: `${label} cannot use another clip here.` }], mayHaveReachedUpstream: false });
}

/**
 * POST /luma/generations, or /luma/generations/{id}/extend when the start frame is an earlier generation.
 * Optional fields are left out, not sent empty; model, resolution and duration fall back to the defaults the
 * capabilities announce, so what the card shows is what was asked for.
 */
export function toPlatformCall(
  request: VideoRequest,
  profile: GatewayProfile,
  capabilities: Capabilities,
  route: GatewayRoute,
  options: PlatformBodyOptions = {},
): PlatformCall {
  const label = capabilities.label;
  const { prompt, field: cameraValue } = placeCameraMove(request.prompt, request.cameraMove, capabilities.options.cameraMove);
  const hook = options.notifyHook && capabilities.callbacks ? { notify_hook: options.notifyHook } : {};
  const camera = cameraValue && profile.cameraField ? { [profile.cameraField]: cameraValue } : {};
  const prefix = route === "pro" ? "/pro" : "";

  if (request.startFrame?.kind === "generation") {
    // Extending continues the parent clip with the parent's model and settings: the extend body has no such fields.
    const body: Record<string, unknown> = { user_prompt: prompt };
    if (request.expandPrompt !== undefined) body.expand_prompt = request.expandPrompt;
    const end = imageUrlOf(request.endFrame, "endFrame", label);
    if (end) body.image_end_url = end;
    Object.assign(body, camera, hook);
    return { path: `${prefix}/luma/generations/${encodeURIComponent(request.startFrame.upstreamId)}/extend`, body, model: null };
  }

  const body: Record<string, unknown> = {
    user_prompt: prompt,
    aspect_ratio: request.aspectRatio,
    expand_prompt: request.expandPrompt ?? true,
  };
  if (capabilities.options.loop) body.loop = request.loop ?? false;
  const start = imageUrlOf(request.startFrame, "startFrame", label);
  const end = imageUrlOf(request.endFrame, "endFrame", label);
  if (start) body.image_url = start;
  if (end) body.image_end_url = end;
  const model = request.model ?? capabilities.defaultModel;
  if (model) body[profile.modelField] = model;
  for (const entry of [
    spell(profile.resolutionField, profile.resolutions, request.resolution ?? capabilities.defaultResolution ?? undefined, "resolution", label),
    spell(profile.durationField, profile.durations, request.duration ?? capabilities.defaultDuration ?? undefined, "duration", label),
  ]) {
    if (entry) body[entry[0]] = entry[1];
  }
  Object.assign(body, camera, hook);
  const path = route === "v2" ? "/luma/v2/generations" : `${prefix}/luma/generations`;
  return { path, body, model: model ?? null };
}
