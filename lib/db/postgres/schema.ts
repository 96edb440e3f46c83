import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, doublePrecision, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { ASPECT_RATIOS, GENERATION_KINDS, GENERATION_STATES } from "@/lib/constants";

/**
 * The PostgreSQL twin of `lib/db/schema.ts` (read the comments there for what each column means): same
 * table and column names, same row types, so callers never know which database they talk to. Times are epoch
 * milliseconds in `bigint` read back as numbers (safe up to year 287,396). `schema-parity.ts` fails the
 * type check if the two drift apart.
 */
const epochMs = (name: string) => bigint(name, { mode: "number" });

export const generations = pgTable(
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
    failureCode: text("failure_code"),

    prompt: text("prompt").notNull(),
    aspectRatio: text("aspect_ratio", { enum: ASPECT_RATIOS }).notNull(),
    expandPrompt: boolean("expand_prompt").notNull(),
    loop: boolean("loop").notNull(),
    imageUrl: text("image_url"),
    imageEndUrl: text("image_end_url"),
    model: text("model"),
    resolution: text("resolution"),
    duration: text("duration"),
    cameraMove: text("camera_move"),
    hdr: boolean("hdr").notNull().default(false),
    exrExport: boolean("exr_export").notNull().default(false),
    kind: text("kind", { enum: GENERATION_KINDS }).notNull().default("video"),
    parentId: text("parent_id"),
    secondParentId: text("second_parent_id"),
    editStrength: text("edit_strength"),
    sourcePosition: text("source_position"),
    liked: boolean("liked").notNull().default(false),

    videoUrl: text("video_url"),
    videoWidth: integer("video_width"),
    videoHeight: integer("video_height"),
    videoDurationSeconds: doublePrecision("video_duration_seconds"),
    thumbnailUrl: text("thumbnail_url"),
    thumbnailWidth: integer("thumbnail_width"),
    thumbnailHeight: integer("thumbnail_height"),
    lastFrameUrl: text("last_frame_url"),
    lastFrameWidth: integer("last_frame_width"),
    lastFrameHeight: integer("last_frame_height"),
    estimateWaitSeconds: integer("estimate_wait_seconds"),
    rawUpstream: text("raw_upstream"),

    createdAt: epochMs("created_at").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
    completedAt: epochMs("completed_at"),
    deadlineAt: epochMs("deadline_at").notNull(),

    nextCheckAt: epochMs("next_check_at"),
    checkAttempts: integer("check_attempts").notNull().default(0),
    leaseUntil: epochMs("lease_until"),
    /** The instance holding the lease: only it may hand the row back before `leaseUntil`. */
    leaseOwner: text("lease_owner"),
    completedWithoutUrlSince: epochMs("completed_without_url_since"),
    lastCheckError: text("last_check_error"),

    callbackSecretHash: text("callback_secret_hash"),

    archiveState: text("archive_state", { enum: ["none", "pending", "done", "failed"] })
      .notNull()
      .default("none"),
    archiveAttempts: integer("archive_attempts").notNull().default(0),
    archiveNextAt: epochMs("archive_next_at"),
    archiveError: text("archive_error"),
    videoKey: text("video_key"),
    videoIsWatermarked: boolean("video_is_watermarked").notNull().default(false),
    thumbnailKey: text("thumbnail_key"),
    lastFrameKey: text("last_frame_key"),
  },
  (table) => [
    index("generations_created_idx").on(sql`${table.createdAt} DESC`, sql`${table.id} DESC`),
    index("generations_state_created_idx").on(table.state, sql`${table.createdAt} DESC`, sql`${table.id} DESC`),
    index("generations_next_check_idx").on(table.nextCheckAt),
    index("generations_archive_next_idx").on(table.archiveNextAt),
    index("generations_liked_created_idx").on(table.liked, sql`${table.createdAt} DESC`, sql`${table.id} DESC`),
    index("generations_parent_idx").on(table.parentId),
    index("generations_second_parent_idx").on(table.secondParentId),
    // Prompt search: `ILIKE '%word%'` probes this index for words of three or more characters, in any
    // script (Chinese included, as long as the database's LC_CTYPE is a UTF-8 locale).
    index("generations_prompt_trgm_idx").using("gin", table.prompt.op("gin_trgm_ops")),
  ],
);

export const generationEvents = pgTable(
  "generation_events",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    generationId: text("generation_id")
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    state: text("state").notNull(),
    upstreamState: text("upstream_state"),
    note: text("note"),
    at: epochMs("at").notNull(),
  },
  (table) => [index("generation_events_generation_idx").on(table.generationId, table.at)],
);

/**
 * The state several instances share beyond the generations (lib/shared-state/): sign-outs, failed sign-ins and
 * the per-minute create windows. Read and written with plain SQL there; declared here so that the committed
 * migrations create them. Times are epoch milliseconds.
 */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    expiresAt: epochMs("expires_at").notNull(),
  },
  (table) => [index("revoked_sessions_expires_at_idx").on(table.expiresAt)],
);

/** Events counted per (scope, key), as lib/security/rate-window.ts counts them in memory. */
const hitsTable = (name: "login_failures" | "create_hits") =>
  pgTable(
    name,
    {
      id: bigserial("id", { mode: "number" }).primaryKey(),
      scope: text("scope").notNull(),
      key: text("key").notNull(),
      at: epochMs("at").notNull(),
    },
    (table) => [index(`${name}_scope_key_at_idx`).on(table.scope, table.key, table.at), index(`${name}_at_idx`).on(table.at)],
  );

export const loginFailures = hitsTable("login_failures");
export const createHits = hitsTable("create_hits");

export type PgGenerationRow = typeof generations.$inferSelect;
export type PgNewGenerationRow = typeof generations.$inferInsert;
export type PgGenerationEventRow = typeof generationEvents.$inferSelect;
