import { z } from "zod";
import {
  ASPECT_RATIOS,
  BULK_IDS_MAX,
  CAMERA_MOVES,
  DEFAULT_ASPECT_RATIO,
  GENERATION_ID_PATTERN,
  GENERATION_STATES,
  LIST_DEFAULT_LIMIT,
  LIST_MAX_LIMIT,
  PROMPT_MAX_LENGTH,
  VIDEO_DURATIONS,
  VIDEO_RESOLUTIONS,
} from "@/lib/constants";
import { checkCombination, type Capabilities } from "@/lib/luma/capabilities";
import { IMAGE_MAX_BYTES, IMAGE_DATA_MAX_LENGTH, IMAGE_URL_MAX_LENGTH, formFieldOf, isAcceptableImageUrl } from "./frame-rules";
import { isTimeZone } from "@/lib/i18n/time-zone";

// zod 4 probes `new Function` on first parse; this module reaches the browser (loaded when the create form first
// validates), and the production Content-Security-Policy forbids eval.
z.config({ jitless: true });

/**
 * An optional image URL field: empty string means "none" so an HTML input can be cleared. Both size limits are
 * `too_big` issues (the form words them by whether the value is a data: URI); anything else malformed is custom.
 */
const frameUrl = z
  .string()
  .trim()
  .max(IMAGE_DATA_MAX_LENGTH, { message: `Images must be under ${IMAGE_MAX_BYTES / 1024 / 1024} MB`, abort: true })
  .superRefine((value, ctx) => {
    if (value.startsWith("data:") || value.length <= IMAGE_URL_MAX_LENGTH) return;
    ctx.addIssue({
      code: "too_big",
      origin: "string",
      maximum: IMAGE_URL_MAX_LENGTH,
      inclusive: true,
      input: value,
      message: `Keep image URLs under ${IMAGE_URL_MAX_LENGTH} characters`,
      continue: false,
    });
  })
  .refine((value) => value === "" || isAcceptableImageUrl(value), {
    message: "Use an https:// image URL or a data:image/png, jpeg or webp URI",
  })
  .optional()
  .transform((value) => (value ? value : undefined));

/** An optional choice from a fixed list; empty string means "none" so a `<select>` can offer it. */
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.enum(values), z.literal("")])
    .optional()
    .transform((value) => (value ? (value as T[number]) : undefined));

function buildCreateSchema(capabilities: Capabilities) {
  const { maxLength } = capabilities.prompt;
  return z
    .strictObject({
      prompt: z.string().trim().max(maxLength, `Keep the prompt under ${maxLength} characters`),
      aspectRatio: z.enum(ASPECT_RATIOS).default(DEFAULT_ASPECT_RATIO),
      expandPrompt: z.boolean().default(true),
      loop: z.boolean().default(false),
      imageUrl: frameUrl,
      imageEndUrl: frameUrl,
      // Any upstream's model name (a custom gateway's included); which ones this upstream takes is checked below.
      model: z
        .string()
        .trim()
        .max(64)
        .optional()
        .transform((value) => (value ? value : undefined)),
      resolution: optionalChoice(VIDEO_RESOLUTIONS),
      duration: optionalChoice(VIDEO_DURATIONS),
      cameraMove: optionalChoice(CAMERA_MOVES),
      hdr: z.boolean().optional(),
    })
    .superRefine((value, ctx) => {
      // Luma accepts an empty prompt only when a keyframe carries the content (Luma's own API not even then: checked below).
      if (!capabilities.prompt.isRequired && value.prompt.length === 0 && !value.imageUrl && !value.imageEndUrl) {
        ctx.addIssue({ code: "custom", path: ["prompt"], message: "Describe the video, or give a start or end frame" });
      }
      // What this upstream does not offer, or refuses in combination: refused here, under the field to change.
      const issues = checkCombination({ ...value, startFrame: value.imageUrl, endFrame: value.imageEndUrl }, capabilities);
      for (const issue of issues) {
        const field = formFieldOf(issue.field);
        ctx.addIssue({ code: "custom", path: field === "_form" ? [] : [field], message: issue.message, params: { combination: issue.code } });
      }
    });
}

const schemas = new WeakMap<Capabilities, ReturnType<typeof buildCreateSchema>>();

/**
 * The one schema behind the generation form and `POST /api/generations`, per upstream: the options the active
 * provider and gateway profile take, and nothing they would refuse. The page hands the form the same
 * capabilities the route uses (lib/luma/upstream.ts `activeCapabilities`).
 */
export function createGenerationSchemaFor(capabilities: Capabilities) {
  let schema = schemas.get(capabilities);
  if (!schema) schemas.set(capabilities, (schema = buildCreateSchema(capabilities)));
  return schema;
}

type CreateGenerationSchema = ReturnType<typeof createGenerationSchemaFor>;
export type CreateGenerationInput = z.input<CreateGenerationSchema>;
export type CreateGenerationRequest = z.output<CreateGenerationSchema>;

const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(z.array(z.enum(values)).max(values.length).optional());

const dayOrInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, "Use a date like 2026-11-25")
  .refine((value) => !Number.isNaN(Date.parse(value)), "Not a real date")
  .optional();

/** An IANA zone name (`Asia/Shanghai`): the zone whose calendar days `from` and `to` name. */
const timeZoneSchema = z.string().max(64).refine(isTimeZone, "Use an IANA time zone such as Asia/Shanghai");

const LIST_SORTS = ["newest", "oldest"] as const;

/** The gallery's query string: every filter is optional and they combine. */
export const listGenerationsQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIST_MAX_LIMIT).default(LIST_DEFAULT_LIMIT),
  /** One state or several, comma-separated: `state=queued,running`. */
  state: commaList(GENERATION_STATES),
  aspectRatio: commaList(ASPECT_RATIOS),
  liked: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === "true")),
  model: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((value) => value || undefined),
  resolution: commaList(VIDEO_RESOLUTIONS),
  duration: commaList(VIDEO_DURATIONS),
  /** Words of the prompt; every word must appear. */
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((value) => value || undefined),
  from: dayOrInstant,
  to: dayOrInstant,
  tz: timeZoneSchema.optional(),
  sort: z.enum(LIST_SORTS).default("newest"),
});
export type ListGenerationsQuery = z.output<typeof listGenerationsQuerySchema>;

export const generationIdSchema = z.string().regex(new RegExp(`^${GENERATION_ID_PATTERN}$`), "Not a generation id");

/** Optional header; any client-chosen token (UUIDs in our form). */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, "Use 8–128 letters, digits or - _ . :")
  .optional();

const MEDIA_KINDS = ["video", "thumbnail", "last-frame"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
export const mediaKindSchema = z.enum(MEDIA_KINDS);

/** `POST /api/generations/{id}/extend`: the platform's extend takes a prompt and an optional end frame. */
export const extendGenerationSchema = z.strictObject({
  prompt: z.string().trim().min(1, "Describe how the video should continue").max(PROMPT_MAX_LENGTH, `Keep the prompt under ${PROMPT_MAX_LENGTH} characters`),
  expandPrompt: z.boolean().default(true),
  imageEndUrl: frameUrl,
});
export type ExtendGenerationRequest = z.output<typeof extendGenerationSchema>;
/** The extend dialog asks only for the prompt; the rest keeps the route's defaults. */
export const extendPromptSchema = extendGenerationSchema.pick({ prompt: true });

export const updateGenerationSchema = z.strictObject({ liked: z.boolean() });

export const bulkIdsSchema = z.strictObject({
  ids: z
    .array(generationIdSchema)
    .min(1, "Select at least one generation")
    .max(BULK_IDS_MAX, `Select at most ${BULK_IDS_MAX.toLocaleString("en")} at once`),
});
