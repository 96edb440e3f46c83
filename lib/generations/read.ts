import "server-only";
import {
  CAMERA_MOVES,
  EDIT_STRENGTHS,
  FAILURE_CODES,
  GENERATION_ID_PATTERN,
  isRetryableFailure,
  VIDEO_DURATIONS,
  VIDEO_RESOLUTIONS,
  type GenerationState,
} from "@/lib/constants";
import { getStore } from "@/lib/db/store";
import type { GenerationRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { createdBounds } from "@/lib/i18n/time-zone";
import type { ListGenerationsQuery, MediaKind } from "@/lib/validations/generation";
import type { Generation, GenerationPage } from "./types";

function mediaPath(id: string, kind: MediaKind): string {
  return `/api/generations/${encodeURIComponent(id)}/media/${kind}`;
}

/**
 * The stand-in gets a URL of its own: browsers cache our media for a year, and a player must load the clean
 * copy afresh (a new `src`) when it replaces the stand-in under the same storage key.
 */
function archivedVideoPath(row: GenerationRow): string {
  return row.videoIsWatermarked ? `${mediaPath(row.id, "video")}?copy=watermarked` : mediaPath(row.id, "video");
}

const CURSOR_TEXT = new RegExp(`^(\\d{1,15}):(${GENERATION_ID_PATTERN})$`);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A stored word the API vouches for: one of the known values, or null (rows written by an older or newer version). */
function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return (values as readonly string[]).includes(value ?? "") ? (value as T) : null;
}

/** Explicit mapping: a row also holds secrets (callback hash) and bookkeeping that must never leave the server. */
export function toGenerationJson(row: GenerationRow): Generation {
  const failureCode = oneOf(FAILURE_CODES, row.failureCode);
  return {
    id: row.id,
    upstreamId: row.upstreamId,
    parentId: row.parentId,
    state: row.state,
    upstreamState: row.upstreamState,
    prompt: row.prompt,
    aspectRatio: row.aspectRatio,
    expandPrompt: row.expandPrompt,
    loop: row.loop,
    imageUrl: row.imageUrl,
    imageEndUrl: row.imageEndUrl,
    model: row.model,
    resolution: oneOf(VIDEO_RESOLUTIONS, row.resolution),
    duration: oneOf(VIDEO_DURATIONS, row.duration),
    cameraMove: oneOf(CAMERA_MOVES, row.cameraMove),
    hdr: row.hdr,
    exrExport: row.exrExport,
    provider: row.provider === "official" ? "official" : "platform",
    kind: row.kind,
    secondParentId: row.secondParentId,
    editStrength: oneOf(EDIT_STRENGTHS, row.editStrength),
    isRetryable: row.state === "failed" && isRetryableFailure(failureCode),
    liked: row.liked,
    videoUrl: row.videoKey ? archivedVideoPath(row) : row.videoUrl,
    thumbnailUrl: row.thumbnailKey ? mediaPath(row.id, "thumbnail") : row.thumbnailUrl,
    lastFrameUrl: row.lastFrameKey ? mediaPath(row.id, "last-frame") : row.lastFrameUrl,
    // "Download" promises the watermark-free file: none while only the watermarked stand-in is here.
    downloadUrl: row.videoKey && !row.videoIsWatermarked ? `${mediaPath(row.id, "video")}?download=1` : null,
    width: row.videoWidth,
    height: row.videoHeight,
    durationSeconds: row.videoDurationSeconds,
    isArchived: row.archiveState === "done",
    isCleanCopyMissing: row.videoKey !== null && row.videoIsWatermarked,
    failureCode,
    failureReason: row.failureReason,
    estimateWaitSeconds: row.estimateWaitSeconds,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    completedAt: iso(row.completedAt),
  };
}

function encodeCursor(row: Pick<GenerationRow, "createdAt" | "id">): string {
  return Buffer.from(`${row.createdAt}:${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = CURSOR_TEXT.exec(text);
  if (!match) throw new AppError("bad_request", "The cursor is not valid; start again without it", { fieldErrors: { cursor: ["Invalid cursor"] } });
  return { createdAt: Number(match[1]), id: match[2] as string };
}

type ListPageOptions = Partial<Omit<ListGenerationsQuery, "state" | "limit">> & {
  limit: number;
  state?: readonly GenerationState[] | GenerationState;
};

export async function listGenerationPage(options: ListPageOptions): Promise<GenerationPage> {
  const states = typeof options.state === "string" ? [options.state] : options.state;
  const rows = await getStore().listGenerations({
    limit: options.limit + 1,
    states,
    aspectRatios: options.aspectRatio,
    liked: options.liked,
    model: options.model,
    resolutions: options.resolution,
    durations: options.duration,
    search: options.q,
    // Day strings mean the viewer's days (`tz`, UTC when not given).
    ...createdBounds(options.tz ?? "UTC", options.from, options.to),
    sort: options.sort,
    after: options.cursor ? decodeCursor(options.cursor) : undefined,
  });
  const hasMore = rows.length > options.limit;
  const page = hasMore ? rows.slice(0, options.limit) : rows;
  const last = page.at(-1);
  return { items: page.map(toGenerationJson), nextCursor: hasMore && last ? encodeCursor(last) : null };
}

export async function getGenerationForApi(id: string): Promise<Generation | null> {
  const row = await getStore().getGenerationById(id);
  return row ? toGenerationJson(row) : null;
}
