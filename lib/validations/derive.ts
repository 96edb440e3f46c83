import { z } from "zod";
import { ASPECT_RATIOS, EDIT_STRENGTHS, PROMPT_MAX_LENGTH } from "@/lib/constants";
import { generationIdSchema } from "./generation";

/**
 * The one schema behind the derive dialogs and `POST /api/generations/{id}/derive`: a clip made from a finished
 * clip (the one in the URL). Each action carries only what it needs; whether the active upstream offers it, and
 * whether the clips are finished, is decided on the server (lib/generations/derive.ts).
 */
const prompt = z.string().trim().min(1, "Describe the new clip").max(PROMPT_MAX_LENGTH, `Keep the prompt under ${PROMPT_MAX_LENGTH} characters`);

/** Send our archived copy of the clip instead of the upstream's id for it (edit and reframe only). */
const useArchivedCopy = z.boolean().optional();

export const deriveGenerationSchema = z.discriminatedUnion(
  "action",
  [
    z.strictObject({ action: z.literal("extend_backward"), prompt }),
    z.strictObject({
      action: z.literal("interpolate"),
      prompt,
      secondParentId: z.string({ error: "Choose the clip to end on" }).pipe(generationIdSchema),
    }),
    z.strictObject({
      action: z.literal("video_edit"),
      prompt,
      editStrength: z.enum(EDIT_STRENGTHS, { error: `Choose a strength: ${EDIT_STRENGTHS.join(", ")}` }),
      useArchivedCopy,
    }),
    z.strictObject({
      action: z.literal("video_reframe"),
      prompt,
      aspectRatio: z.enum(ASPECT_RATIOS, { error: `Choose an aspect ratio: ${ASPECT_RATIOS.join(", ")}` }),
      useArchivedCopy,
    }),
  ],
  { error: "Choose an action: extend_backward, interpolate, video_edit or video_reframe" },
);

export type DeriveGenerationInput = z.input<typeof deriveGenerationSchema>;
export type DeriveGenerationRequest = z.output<typeof deriveGenerationSchema>;
