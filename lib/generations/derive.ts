import "server-only";
import type { AspectRatio, CameraMove, DeriveAction, EditStrength, VideoDuration, VideoResolution } from "@/lib/constants";
import { getStore } from "@/lib/db/store";
import type { GenerationRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isActionOffered } from "@/lib/luma/capabilities";
import type { SourcePosition } from "@/lib/luma/video-request";
import type { DeriveGenerationRequest } from "@/lib/validations/derive";
import type { AdmissionCheck } from "@/lib/security/limits";
import { createGeneration, type CreateResult } from "./create";
import { activeCapabilities } from "@/lib/luma/upstream";
import type { Lineage } from "./upstream-request";

/**
 * Clips made from finished clips, beyond the forward extend (manage.ts): a lead-in before a clip, a bridge
 * between two, a restyle (edit) and another aspect ratio (reframe). Each is a create with a lineage, so it gets
 * the same write-ahead row, idempotency and lifecycle; whether the upstream offers it is decided in one place
 * (the capabilities, checked by createGeneration before anything is written).
 */
type DeriveRequest = {
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

async function finished(id: string, what: string): Promise<GenerationRow> {
  const row = await getStore().getGenerationById(id);
  if (!row) throw new AppError("not_found", "No generation with this id");
  if (row.state !== "completed")
    throw new AppError("validation_failed", `Only a finished video can be ${what}`, { fieldErrors: { _form: [`Only a finished video can be ${what}`] } });
  return row;
}

async function lineageOf(request: DeriveRequest): Promise<Lineage> {
  switch (request.kind) {
    case "extend_backward":
      return { kind: "extend_backward", parent: await finished(request.parentId, "extended") };
    case "interpolate": {
      if (!request.secondParentId)
        throw new AppError("validation_failed", "Choose the clip to end on", { fieldErrors: { secondParentId: ["Choose the clip to end on"] } });
      return { kind: "interpolate", parent: await finished(request.parentId, "bridged"), secondParent: await finished(request.secondParentId, "bridged") };
    }
    case "video_edit":
      return {
        kind: "video_edit",
        parent: await finished(request.parentId, "edited"),
        editStrength: request.editStrength,
        useArchivedCopy: request.useArchivedCopy,
      };
    case "video_reframe": {
      const parent = await finished(request.parentId, "reframed");
      if (request.aspectRatio === parent.aspectRatio) {
        const message = `The clip is already ${parent.aspectRatio}: choose another aspect ratio.`;
        throw new AppError("validation_failed", message, { fieldErrors: { aspectRatio: [message] } });
      }
      return { kind: "video_reframe", parent, sourcePosition: request.sourcePosition, useArchivedCopy: request.useArchivedCopy };
    }
  }
}

export async function deriveGeneration(request: DeriveRequest, options: { idempotencyKey?: string; admit?: AdmissionCheck } = {}): Promise<CreateResult> {
  const lineage = await lineageOf(request);
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

const ACTION_WORDS: Record<DeriveAction, string> = {
  extend_backward: "add a lead-in before a clip",
  interpolate: "bridge two clips",
  video_edit: "restyle a clip",
  video_reframe: "reframe a clip",
};

/**
 * `POST /api/generations/{id}/derive`: refuses what this upstream cannot do before looking at the clips (the
 * sentence names what can), then makes the clip through `deriveGeneration`.
 */
export async function deriveFromClip(
  parentId: string,
  input: DeriveGenerationRequest,
  options: { idempotencyKey?: string; admit?: AdmissionCheck } = {},
): Promise<CreateResult> {
  const capabilities = activeCapabilities();
  if (!isActionOffered(input.action, capabilities)) {
    const message = `${capabilities.label} cannot ${ACTION_WORDS[input.action]}. Luma's own API can: set LUMA_API_KEY to a luma-api- key.`;
    throw new AppError("validation_failed", message, { fieldErrors: { action: [message] } });
  }
  if (input.action === "interpolate" && input.secondParentId === parentId) {
    const message = "Choose another clip to end on: a clip cannot be bridged to itself.";
    throw new AppError("validation_failed", message, { fieldErrors: { secondParentId: [message] } });
  }
  const base = { kind: input.action, parentId, prompt: input.prompt };
  switch (input.action) {
    case "extend_backward":
      return deriveGeneration(base, options);
    case "interpolate":
      return deriveGeneration({ ...base, secondParentId: input.secondParentId }, options);
    case "video_edit":
      return deriveGeneration({ ...base, editStrength: input.editStrength, useArchivedCopy: input.useArchivedCopy }, options);
    case "video_reframe":
      return deriveGeneration({ ...base, aspectRatio: input.aspectRatio, useArchivedCopy: input.useArchivedCopy }, options);
  }
}
