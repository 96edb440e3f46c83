import { z } from "zod";
import { ASPECT_RATIOS, DEFAULT_ASPECT_RATIO, GENERATION_STATES, LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT, MODELS, PROMPT_MAX_LENGTH } from "@/lib/constants";

/** An optional image URL field: empty string means "none" so an HTML input can be cleared. */
const frameUrl = z
  .string()
  .trim()
  .max(20_000_000, "Image is too large")
  .refine((value) => value === "" || isAcceptableImageUrl(value), {
    message: "Use an https:// image URL or a data:image/png, jpeg or webp URI",
  })
  .optional()
  .transform((value) => (value ? value : undefined));

export function isAcceptableImageUrl(value: string): boolean {
  if (/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(value)) return true;
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** The one schema behind the generation form and `POST /api/generations`. */
export const createGenerationSchema = z
  .strictObject({
    prompt: z
      .string()
      .trim()
      .max(PROMPT_MAX_LENGTH, `Keep the prompt under ${PROMPT_MAX_LENGTH} characters`),
    aspectRatio: z.enum(ASPECT_RATIOS).default(DEFAULT_ASPECT_RATIO),
    expandPrompt: z.boolean().default(true),
    loop: z.boolean().default(false),
    imageUrl: frameUrl,
    imageEndUrl: frameUrl,
    model: z
      .union([z.enum(MODELS), z.literal("")])
      .optional()
      .transform((value) => (value ? value : undefined)),
  })
  .superRefine((value, ctx) => {
    // Luma accepts an empty prompt only when a keyframe carries the content.
    if (value.prompt.length === 0 && !value.imageUrl && !value.imageEndUrl) {
      ctx.addIssue({ code: "custom", path: ["prompt"], message: "Describe the video, or give a start or end frame" });
    }
  });

export type CreateGenerationInput = z.input<typeof createGenerationSchema>;
export type CreateGenerationRequest = z.output<typeof createGenerationSchema>;

export const listGenerationsQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIST_MAX_LIMIT).default(LIST_DEFAULT_LIMIT),
  /** One state or several, comma-separated: `state=queued,running`. */
  state: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").map((part) => part.trim()).filter(Boolean) : undefined))
    .pipe(z.array(z.enum(GENERATION_STATES)).max(GENERATION_STATES.length).optional()),
});

export const generationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "Not a generation id");

/** Optional header; any client-chosen token (UUIDs in our form). */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, "Use 8–128 letters, digits or - _ . :")
  .optional();

export const MEDIA_KINDS = ["video", "thumbnail", "last-frame"] as const;
export const mediaKindSchema = z.enum(MEDIA_KINDS);
