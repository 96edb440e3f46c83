import "server-only";
import type { AspectRatio, CameraMove, EditStrength, VideoDuration, VideoResolution } from "@/lib/constants";
import { getGenerationById } from "@/lib/db/queries";
import type { GenerationRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { SourcePosition } from "@/lib/luma/video-request";
import { createGeneration, type CreateResult } from "./create";
import type { Lineage } from "./upstream-request";

/**
 * Clips made from finished clips, beyond the forward extend (manage.ts): a lead-in before a clip, a bridge
 * between two, a restyle (edit) and another aspect ratio (reframe). Each is a create with a lineage, so it gets
 * the same write-ahead row, idempotency and lifecycle; whether the upstream offers it is decided in one place
 * (the capabilities, checked by createGeneration before anything is written).
 */
export type DeriveRequest = {
  kind: "extend_backward" | "interpolate" | "video_edit" | "video_reframe";
  parentId: string;
  /** `interpolate`: the clip to end on. */
  secondParentId?: string;
  prompt: string;
  /** `video_reframe`: the new ratio; the others keep the parent's. */
  aspectRatio?: AspectRatio;
  resolution?: VideoResolution;
  duration?: VideoDuration;
  cameraMove?: CameraMove;
  editStrength?: EditStrength;
  sourcePosition?: SourcePosition;
  /** Send our archived copy instead of the upstream's generation id (edit and reframe). */
  useArchivedCopy?: boolean;
};

function finished(id: string, what: string): GenerationRow {
  const row = getGenerationById(id);
  if (!row) throw new AppError("not_found", "No generation with this id");
  if (row.state !== "completed") throw new AppError("validation_failed", `Only a finished video can be ${what}`, { fieldErrors: { _form: [`Only a finished video can be ${what}`] } });
  return row;
}

function lineageOf(request: DeriveRequest): Lineage {
  switch (request.kind) {
    case "extend_backward":
      return { kind: "extend_backward", parent: finished(request.parentId, "extended") };
    case "interpolate": {
      if (!request.secondParentId) throw new AppError("validation_failed", "Choose the clip to end on", { fieldErrors: { secondParentId: ["Choose the clip to end on"] } });
      return { kind: "interpolate", parent: finished(request.parentId, "bridged"), secondParent: finished(request.secondParentId, "bridged") };
    }
    case "video_edit":
      return { kind: "video_edit", parent: finished(request.parentId, "edited"), editStrength: request.editStrength, useArchivedCopy: request.useArchivedCopy };
    case "video_reframe":
      return { kind: "video_reframe", parent: finished(request.parentId, "reframed"), sourcePosition: request.sourcePosition, useArchivedCopy: request.useArchivedCopy };
  }
}

export async function deriveGeneration(request: DeriveRequest, options: { idempotencyKey?: string; admit?: () => void } = {}): Promise<CreateResult> {
  const lineage = lineageOf(request);
  const aspectRatio = request.kind === "video_reframe" ? (request.aspectRatio ?? lineage.parent.aspectRatio) : lineage.parent.aspectRatio;
  return createGeneration(
    {
      prompt: request.prompt,
      aspectRatio,
      expandPrompt: false,
      loop: false,
      imageUrl: undefined,
      imageEndUrl: undefined,
      model: undefined,
      resolution: request.resolution,
      duration: request.duration,
      cameraMove: request.cameraMove,
    },
    { ...options, lineage },
  );
}
