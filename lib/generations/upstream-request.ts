import "server-only";
import type { EditStrength } from "@/lib/constants";
import type { GenerationRow } from "@/lib/db/schema";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { CombinationIssue } from "@/lib/luma/capabilities";
import type { LumaProvider } from "@/lib/luma/provider";
import type { FrameRef, SourcePosition, SourceRef, VideoRequest } from "@/lib/luma/video-request";
import { getMediaStorage } from "@/lib/storage";
import { formFieldOf } from "@/lib/validations/frame-rules";
import type { CreateGenerationRequest } from "@/lib/validations/generation";
import type { PreparedFrame } from "./frames";

/**
 * From what a person asked for (the create body, and for clips made from clips their lineage) to the
 * provider-neutral request the upstream is sent (lib/luma/video-request.ts).
 */

type VideoOption = "model" | "resolution" | "duration" | "cameraMove" | "hdr";

/** The create body (the form's and the route's schema); callers other than the route may leave the video options out. */
export type GenerationInput = Omit<CreateGenerationRequest, VideoOption> & Partial<Pick<CreateGenerationRequest, VideoOption>> & { exrExport?: boolean };

/** How a new clip relates to earlier ones. */
export type Lineage =
  | { kind: "extend"; parent: GenerationRow }
  | { kind: "extend_backward"; parent: GenerationRow }
  | { kind: "interpolate"; parent: GenerationRow; secondParent: GenerationRow }
  | { kind: "video_edit"; parent: GenerationRow; editStrength?: EditStrength; useArchivedCopy?: boolean }
  | { kind: "video_reframe"; parent: GenerationRow; sourcePosition?: SourcePosition; useArchivedCopy?: boolean };

/** Luma reads inline media up to this size; a larger archived clip has to go by generation id. */
const INLINE_SOURCE_MAX_BYTES = 50 * 1024 * 1024;

/** What hashes an idempotent request: the body and, for clips made from clips, what they were made from. */
export function lineageFingerprint(lineage: Lineage | undefined): Record<string, unknown> {
  if (!lineage) return {};
  // An extend hashes as it always did (parentId only), so keys stored before lineage kinds still replay.
  if (lineage.kind === "extend") return { parentId: lineage.parent.id };
  const { parent, kind, ...rest } = lineage;
  return {
    parentId: parent.id,
    lineageKind: kind,
    ...("secondParent" in rest ? { secondParentId: rest.secondParent.id } : {}),
    ...("editStrength" in rest ? { editStrength: rest.editStrength } : {}),
    ...("sourcePosition" in rest ? { sourcePosition: rest.sourcePosition } : {}),
    ...("useArchivedCopy" in rest ? { useArchivedCopy: rest.useArchivedCopy } : {}),
  };
}

/** An earlier clip as this upstream can refer to it: only the upstream that made it knows its id. */
function generationRef(row: GenerationRow, provider: LumaProvider, role: string): FrameRef & { kind: "generation" } {
  if (row.state !== "completed" || !row.upstreamId) {
    throw new AppError("validation_failed", `Only a finished video can be ${role}`, { fieldErrors: { _form: [`Only a finished video can be ${role}`] } });
  }
  if (row.provider !== provider.name) {
    const message = `This clip was made through another upstream, so ${provider.capabilities.label} cannot refer to it. Use "Continue from last frame" instead: it starts from our archived copy.`;
    throw new AppError("validation_failed", message, { fieldErrors: { _form: [message] } });
  }
  return { kind: "generation", upstreamId: row.upstreamId };
}

/** Our archived copy of a finished clip, inline: for an upstream that did not make it, or when asked for. */
async function archivedSource(row: GenerationRow): Promise<SourceRef> {
  const object = row.videoKey ? await getMediaStorage().stat(row.videoKey) : null;
  if (!row.videoKey || !object) {
    throw new AppError("validation_failed", "This clip has no archived copy yet; wait until it is archived, then try again.", {
      fieldErrors: { _form: ["No archived copy yet"] },
    });
  }
  if (object.size > INLINE_SOURCE_MAX_BYTES) {
    throw new AppError("validation_failed", `The archived clip is larger than ${INLINE_SOURCE_MAX_BYTES / 1024 / 1024} MB, too large to send inline.`, {
      fieldErrors: { _form: ["The archived clip is too large to send"] },
    });
  }
  const reader = (await getMediaStorage().openReadStream(row.videoKey)).getReader();
  const chunks: Uint8Array[] = [];
  for (let part = await reader.read(); !part.done; part = await reader.read()) chunks.push(part.value);
  return { kind: "data", base64: Buffer.concat(chunks).toString("base64"), mediaType: object.contentType || "video/mp4" };
}

async function sourceFor(lineage: Extract<Lineage, { kind: "video_edit" | "video_reframe" }>, provider: LumaProvider): Promise<SourceRef> {
  const role = lineage.kind === "video_edit" ? "edited" : "reframed";
  if (lineage.useArchivedCopy || lineage.parent.provider !== provider.name) return archivedSource(lineage.parent);
  return generationRef(lineage.parent, provider, role);
}

export async function toVideoRequest(
  input: GenerationInput,
  frames: { start?: PreparedFrame; end?: PreparedFrame },
  lineage: Lineage | undefined,
  provider: LumaProvider,
): Promise<VideoRequest> {
  const image = (frame: PreparedFrame | undefined): FrameRef | undefined => (frame ? { kind: "image", url: frame.upstream } : undefined);
  const request: VideoRequest = {
    type: "video",
    prompt: input.prompt,
    aspectRatio: input.aspectRatio,
    expandPrompt: input.expandPrompt,
    loop: input.loop,
    model: input.model,
    resolution: input.resolution,
    duration: input.duration,
    cameraMove: input.cameraMove,
    hdr: input.hdr,
    exrExport: input.exrExport,
    startFrame: image(frames.start),
    endFrame: image(frames.end),
  };
  switch (lineage?.kind) {
    case undefined:
      return request;
    case "extend":
      return { ...request, startFrame: generationRef(lineage.parent, provider, "extended") };
    case "extend_backward":
      return { ...request, endFrame: generationRef(lineage.parent, provider, "extended") };
    case "interpolate":
      return { ...request, startFrame: generationRef(lineage.parent, provider, "bridged"), endFrame: generationRef(lineage.secondParent, provider, "bridged") };
    case "video_edit":
      return { ...request, type: "video_edit", source: await sourceFor(lineage, provider), editStrength: lineage.editStrength };
    case "video_reframe":
      return { ...request, type: "video_reframe", source: await sourceFor(lineage, provider), sourcePosition: lineage.sourcePosition };
  }
}

export function combinationError(issues: readonly CombinationIssue[]): AppError {
  const fieldErrors: FieldErrors = {};
  for (const issue of issues) (fieldErrors[formFieldOf(issue.field)] ??= []).push(issue.message);
  const first = issues[0];
  return new AppError("validation_failed", first ? `The request is invalid — ${first.message}` : "The request is invalid", { fieldErrors });
}
