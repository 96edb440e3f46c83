import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ASPECT_RATIOS, GENERATION_KINDS, GENERATION_STATES } from "@/lib/constants";

/**
 * One row per generation, written before the upstream is called (write-ahead), so a crash or a
 * timeout between "we asked" and "we heard back" can never lose a paid job.
 * Times are epoch milliseconds.
 */
export const generations = sqliteTable(
  "generations",
  {
    id: text("id").primaryKey(),
    upstreamId: text("upstream_id").unique(),
    provider: text("provider").notNull().default("platform"),
    idempotencyKey: text("idempotency_key").unique(),
    requestHash: text("request_hash"),

    state: text("state", { enum: GENERATION_STATES }).notNull(),
    upstreamState: text("upstream_state"),
    failureReason: text("failure_reason"),
    /** Why it failed, as a code the UI words in the viewer's language (`failureReason` keeps the details). */
    failureCode: text("failure_code"),

    prompt: text("prompt").notNull(),
    aspectRatio: text("aspect_ratio", { enum: ASPECT_RATIOS }).notNull(),
    expandPrompt: integer("expand_prompt", { mode: "boolean" }).notNull(),
    loop: integer("loop", { mode: "boolean" }).notNull(),
    imageUrl: text("image_url"),
    imageEndUrl: text("image_end_url"),
    /** The model sent (the person's choice or the upstream's default), so the card shows what was asked for. */
    model: text("model"),
    /** Resolution and duration sent, in our spelling (`720p`, `5s`); null where the upstream takes no such choice. */
    resolution: text("resolution"),
    duration: text("duration"),
    cameraMove: text("camera_move"),
    hdr: integer("hdr", { mode: "boolean" }).notNull().default(false),
    exrExport: integer("exr_export", { mode: "boolean" }).notNull().default(false),
    /** How it came about; with `parentId` (the clip extended, edited or reframed, or the first of two bridged) and `secondParentId` (the second). */
    kind: text("kind", { enum: GENERATION_KINDS }).notNull().default("video"),
    parentId: text("parent_id"),
    secondParentId: text("second_parent_id"),
    editStrength: text("edit_strength"),
    /** A reframe's placement of its source, as JSON `{x, y, width, height}` (fractions of the canvas). */
    sourcePosition: text("source_position"),
    liked: integer("liked", { mode: "boolean" }).notNull().default(false),

    videoUrl: text("video_url"),
    videoWidth: integer("video_width"),
    videoHeight: integer("video_height"),
    videoDurationSeconds: real("video_duration_seconds"),
    thumbnailUrl: text("thumbnail_url"),
    thumbnailWidth: integer("thumbnail_width"),
    thumbnailHeight: integer("thumbnail_height"),
    lastFrameUrl: text("last_frame_url"),
    lastFrameWidth: integer("last_frame_width"),
    lastFrameHeight: integer("last_frame_height"),
    estimateWaitSeconds: integer("estimate_wait_seconds"),
    rawUpstream: text("raw_upstream"),

    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    completedAt: integer("completed_at"),
    /** Past this, an unfinished job becomes `timed_out`; a manual re-check that finds it alive extends it. */
    deadlineAt: integer("deadline_at").notNull(),

    // Reconciler bookkeeping: when to look next, how often we looked, who holds the row.
    nextCheckAt: integer("next_check_at"),
    checkAttempts: integer("check_attempts").notNull().default(0),
    leaseUntil: integer("lease_until"),
    /** The process (lib/jobs/instance-id.ts) holding the lease: only it hands the row back early. */
    leaseOwner: text("lease_owner"),
    completedWithoutUrlSince: integer("completed_without_url_since"),
    lastCheckError: text("last_check_error"),

    // Only a hash: the secret itself lives in the notify_hook URL we handed the gateway.
    callbackSecretHash: text("callback_secret_hash"),

    // Our own copies of the media (storage keys), and when to try copying again.
    archiveState: text("archive_state", { enum: ["none", "pending", "done", "failed"] })
      .notNull()
      .default("none"),
    archiveAttempts: integer("archive_attempts").notNull().default(0),
    archiveNextAt: integer("archive_next_at"),
    archiveError: text("archive_error"),
    videoKey: text("video_key"),
    /** The archived video is the watermarked stand-in; the clean copy is still being fetched. */
    videoIsWatermarked: integer("video_is_watermarked", { mode: "boolean" }).notNull().default(false),
    thumbnailKey: text("thumbnail_key"),
    lastFrameKey: text("last_frame_key"),
  },
  (table) => [
    index("generations_created_idx").on(sql`${table.createdAt} DESC`, sql`${table.id} DESC`),
    index("generations_state_created_idx").on(table.state, sql`${table.createdAt} DESC`),
    index("generations_next_check_idx").on(table.nextCheckAt),
    index("generations_archive_next_idx").on(table.archiveNextAt),
    index("generations_liked_created_idx").on(table.liked, sql`${table.createdAt} DESC`),
    index("generations_parent_idx").on(table.parentId),
    index("generations_second_parent_idx").on(table.secondParentId),
  ],
);

/** One row per state change, so the detail view can show a timeline. */
export const generationEvents = sqliteTable(
  "generation_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    generationId: text("generation_id")
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    state: text("state").notNull(),
    upstreamState: text("upstream_state"),
    note: text("note"),
    at: integer("at").notNull(),
  },
  (table) => [index("generation_events_generation_idx").on(table.generationId, table.at)],
);

export type GenerationRow = typeof generations.$inferSelect;
export type NewGenerationRow = typeof generations.$inferInsert;
export type GenerationEventRow = typeof generationEvents.$inferSelect;
