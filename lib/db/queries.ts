import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { UNFINISHED_STATES, type AspectRatio, type GenerationState, type VideoDuration, type VideoResolution } from "@/lib/constants";
import { getDb } from "./client";
import { generationEvents, generations, type GenerationEventRow, type GenerationRow, type NewGenerationRow } from "./schema";

export function getGenerationById(id: string): GenerationRow | undefined {
  return getDb().select().from(generations).where(eq(generations.id, id)).get();
}

export function getGenerationByIdempotencyKey(key: string): GenerationRow | undefined {
  return getDb().select().from(generations).where(eq(generations.idempotencyKey, key)).get();
}

/** Atomic insert-or-get on the idempotency key: false when another request already holds the key. */
export function insertGeneration(row: NewGenerationRow): boolean {
  const result = getDb()
    .insert(generations)
    .values(row)
    .onConflictDoNothing({ target: generations.idempotencyKey })
    .run();
  return result.changes > 0;
}

export function updateGeneration(id: string, patch: Partial<NewGenerationRow>): GenerationRow | undefined {
  return getDb().update(generations).set(patch).where(eq(generations.id, id)).returning().get();
}

/** Only moves the row when it is still in `expected`: a late poll must not undo a newer state. */
export function updateGenerationIfState(id: string, expected: readonly GenerationState[], patch: Partial<NewGenerationRow>): GenerationRow | undefined {
  return getDb()
    .update(generations)
    .set(patch)
    .where(and(eq(generations.id, id), inArray(generations.state, expected)))
    .returning()
    .get();
}

export function deleteGenerationById(id: string): boolean {
  return getDb().delete(generations).where(eq(generations.id, id)).run().changes > 0;
}

export type ListGenerationsOptions = {
  limit: number;
  states?: readonly GenerationState[];
  aspectRatios?: readonly AspectRatio[];
  liked?: boolean;
  model?: string;
  resolutions?: readonly VideoResolution[];
  durations?: readonly VideoDuration[];
  /** Epoch ms, inclusive lower and exclusive upper bound on createdAt. */
  createdFrom?: number;
  createdBefore?: number;
  search?: string;
  sort?: "newest" | "oldest";
  after?: { createdAt: number; id: string };
};

/**
 * Keyset pagination over (created_at, id), served by the created/state/liked indexes; prompt search
 * goes through the FTS5 trigram index so it stays fast at 100,000 rows.
 */
export function listGenerations(options: ListGenerationsOptions): GenerationRow[] {
  const { states } = options;
  if (states && states.length > 1) {
    // SQLite cannot walk the (state, created_at) index in order for several states at once and would
    // sort every match; one ordered index scan per state, merged here, stays fast at any table size.
    const isOldestFirst = options.sort === "oldest";
    const merged = states.flatMap((state) => listGenerationsPage({ ...options, states: [state] }));
    merged.sort((a, b) => (a.createdAt - b.createdAt || a.id.localeCompare(b.id)) * (isOldestFirst ? 1 : -1));
    return merged.slice(0, options.limit);
  }
  return listGenerationsPage(options);
}

function listGenerationsPage(options: ListGenerationsOptions): GenerationRow[] {
  const { limit, states, aspectRatios, liked, model, resolutions, durations, createdFrom, createdBefore, search, after } = options;
  const isOldestFirst = options.sort === "oldest";
  const conditions = [];
  if (states?.length) conditions.push(inArray(generations.state, states));
  if (aspectRatios?.length) conditions.push(inArray(generations.aspectRatio, aspectRatios));
  if (liked !== undefined) conditions.push(eq(generations.liked, liked));
  if (model) conditions.push(eq(generations.model, model));
  if (resolutions?.length) conditions.push(inArray(generations.resolution, resolutions));
  if (durations?.length) conditions.push(inArray(generations.duration, durations));
  if (createdFrom !== undefined) conditions.push(gte(generations.createdAt, createdFrom));
  if (createdBefore !== undefined) conditions.push(lt(generations.createdAt, createdBefore));
  if (search) conditions.push(...promptSearchConditions(search));
  if (after) {
    const beyond = isOldestFirst ? gt : lt;
    conditions.push(
      or(beyond(generations.createdAt, after.createdAt), and(eq(generations.createdAt, after.createdAt), beyond(generations.id, after.id))),
    );
  }
  const order = isOldestFirst ? [asc(generations.createdAt), asc(generations.id)] : [desc(generations.createdAt), desc(generations.id)];
  return getDb()
    .select()
    .from(generations)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...order)
    .limit(limit)
    .all();
}

/**
 * Every word must appear in the prompt. Words of three or more characters use the trigram index
 * (as a quoted phrase, so FTS operators in user input are inert); shorter ones, such as a two-character
 * Chinese word, fall back to LIKE.
 */
function promptSearchConditions(search: string) {
  const words = search.split(/\s+/).filter(Boolean).slice(0, 8);
  const indexed = words.filter((word) => [...word].length >= 3);
  const short = words.filter((word) => [...word].length < 3);
  const conditions = [];
  if (indexed.length) {
    const match = indexed.map((word) => `"${word.replaceAll('"', '""')}"`).join(" AND ");
    // The unary + keeps SQLite walking the created_at index (newest first, stops at the page size)
    // and probing the match set, instead of sorting every match: ~4 ms at 100,000 rows either way.
    conditions.push(sql`+${generations}.rowid IN (SELECT rowid FROM generations_fts WHERE generations_fts MATCH ${match})`);
  }
  for (const word of short) {
    conditions.push(sql`${generations.prompt} LIKE ${`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`);
  }
  return conditions;
}

const CHECKABLE: GenerationState[] = ["queued", "running", "unknown"];

/**
 * Claims up to `limit` due rows by setting a lease, so a second worker (another process sharing the
 * database) skips them. The lease condition is repeated in the UPDATE, so the claim is atomic.
 */
function claimDue(due: SQL | undefined, dueAt: SQLiteColumn, now: number, limit: number, leaseMs: number, first?: SQL): GenerationRow[] {
  const isFree = or(isNull(generations.leaseUntil), lt(generations.leaseUntil, now));
  const order = first ? [first, asc(dueAt)] : [asc(dueAt)];
  const ids = getDb().select({ id: generations.id }).from(generations).where(and(due, lte(dueAt, now), isFree)).orderBy(...order).limit(limit);
  return getDb()
    .update(generations)
    .set({ leaseUntil: now + leaseMs })
    .where(and(inArray(generations.id, ids), isFree))
    .returning()
    .all();
}

/** Generations whose next status check is due. */
export function claimDueGenerations(now: number, limit: number, leaseMs: number): GenerationRow[] {
  return claimDue(inArray(generations.state, CHECKABLE), generations.nextCheckAt, now, limit, leaseMs);
}

/**
 * Completed generations whose media still needs copying into our storage. Clips with no video of ours yet go
 * first: one that plays from its watermarked stand-in can wait for its clean copy a little longer.
 */
export function claimDueArchives(now: number, limit: number, leaseMs: number): GenerationRow[] {
  const due = and(eq(generations.state, "completed"), eq(generations.archiveState, "pending"));
  return claimDue(due, generations.archiveNextAt, now, limit, leaseMs, sql`${generations.videoKey} IS NOT NULL`);
}

/** Unfinished rows past their deadline, which the reconciler moves to `timed_out`. */
export function listOverdueGenerations(now: number, limit: number): GenerationRow[] {
  return getDb()
    .select()
    .from(generations)
    .where(and(inArray(generations.state, ["queued", "running"]), lt(generations.deadlineAt, now)))
    .limit(limit)
    .all();
}

/** At boot: a process that died mid-create may or may not have reached the upstream. */
export function markInterruptedCreatesUnknown(now: number): number {
  return getDb()
    .update(generations)
    .set({
      state: "unknown",
      failureCode: "outcome_unknown",
      failureReason: "the studio stopped while waiting for the gateway's answer",
      updatedAt: now,
      nextCheckAt: now,
      lastCheckError: "The server stopped while sending this job",
    })
    .where(eq(generations.state, "submitting"))
    .run().changes;
}

/** At boot: leases held by a process that no longer exists (SQLite has one writer process per file). */
export function releaseAllLeases(): number {
  return getDb().update(generations).set({ leaseUntil: null }).where(isNotNull(generations.leaseUntil)).run().changes;
}

/** At shutdown: this process's leases on work it could not finish, so another takes it over at once. */
export function releaseLeases(ids: readonly string[]): number {
  if (ids.length === 0) return 0;
  return getDb().update(generations).set({ leaseUntil: null }).where(inArray(generations.id, [...ids])).run().changes;
}

export function countGenerationsByState(): Record<string, number> {
  const rows = getDb()
    .select({ state: generations.state, count: sql<number>`count(*)` })
    .from(generations)
    .groupBy(generations.state)
    .all();
  return Object.fromEntries(rows.map((row) => [row.state, row.count]));
}

/**
 * When the longest-waiting due work fell due (null when nothing is due): how far the reconciler lags behind.
 * Both read the index their claim uses, so a scrape costs two index seeks.
 */
export function oldestDueWork(now: number): { statusCheck: number | null; archive: number | null } {
  const statusCheck = getDb()
    .select({ at: sql<number | null>`min(${generations.nextCheckAt})` })
    .from(generations)
    .where(and(inArray(generations.state, CHECKABLE), lte(generations.nextCheckAt, now)))
    .get();
  const archive = getDb()
    .select({ at: sql<number | null>`min(${generations.archiveNextAt})` })
    .from(generations)
    .where(and(eq(generations.state, "completed"), eq(generations.archiveState, "pending"), lte(generations.archiveNextAt, now)))
    .get();
  return { statusCheck: statusCheck?.at ?? null, archive: archive?.at ?? null };
}

/** Generations that may be running upstream (and so hold one of the gateway's concurrency slots). */
export function countUnfinishedGenerations(): number {
  const row = getDb()
    .select({ count: sql<number>`count(*)` })
    .from(generations)
    .where(inArray(generations.state, UNFINISHED_STATES))
    .get();
  return row?.count ?? 0;
}

/** Creation times at or after `since`, oldest first: the daily cap's window. */
export function listCreationTimesSince(since: number, limit: number): number[] {
  return getDb()
    .select({ createdAt: generations.createdAt })
    .from(generations)
    .where(gte(generations.createdAt, since))
    .orderBy(asc(generations.createdAt))
    .limit(limit)
    .all()
    .map((row) => row.createdAt);
}

export function insertGenerationEvent(event: Omit<GenerationEventRow, "id">): void {
  getDb().insert(generationEvents).values(event).run();
}

export function listGenerationEvents(generationId: string): GenerationEventRow[] {
  return getDb()
    .select()
    .from(generationEvents)
    .where(eq(generationEvents.generationId, generationId))
    .orderBy(asc(generationEvents.at), asc(generationEvents.id))
    .all();
}

/** Whether any generation keeps `url` (an `/api/uploads/…` path) as its start or end frame. */
export function isFrameUrlInUse(url: string): boolean {
  return Boolean(getDb().select({ id: generations.id }).from(generations).where(or(eq(generations.imageUrl, url), eq(generations.imageEndUrl, url))).limit(1).get());
}

export function pingDatabase(): boolean {
  return getDb().get<{ ok: number }>(sql`select 1 as ok`)?.ok === 1;
}
