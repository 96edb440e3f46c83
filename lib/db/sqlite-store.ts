import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { UNFINISHED_STATES, type GenerationState } from "@/lib/constants";
import { openDatabase, type DbHandle } from "./client";
import { generationEvents, generations, type GenerationEventRow, type GenerationRow, type NewGenerationRow } from "./schema";
import { interruptedCreatePatch, type GenerationStore, type ListGenerationsOptions, type RowEvent } from "./store-types";

const CHECKABLE: GenerationState[] = ["queued", "running", "unknown"];

/**
 * The embedded database. better-sqlite3 is synchronous, so each method does its work before it returns its
 * promise: an atomic statement stays atomic, and nothing else runs in between.
 */
export class SqliteStore implements GenerationStore {
  readonly dialect = "sqlite";
  readonly file: string;
  private readonly handle: DbHandle;
  /**
   * The create path's statements, built once and reused. drizzle builds a query's SQL on every call (≈ 0.3 ms
   * each, several per create); a prepared statement only binds its parameters. Keyed by a name that includes
   * whatever shapes the SQL (the columns an insert or update sets), so each shape is prepared once.
   */
  private readonly statements = new Map<string, unknown>();

  constructor(file: string) {
    this.handle = openDatabase(file);
    this.file = file;
  }

  private get db() {
    return this.handle.db;
  }

  private preparedOnce<T>(name: string, prepare: () => T): T {
    if (!this.statements.has(name)) this.statements.set(name, prepare());
    return this.statements.get(name) as T;
  }

  async getGenerationById(id: string): Promise<GenerationRow | undefined> {
    return this.db.select().from(generations).where(eq(generations.id, id)).get();
  }

  async getGenerationByIdempotencyKey(key: string): Promise<GenerationRow | undefined> {
    return this.preparedOnce("generation by idempotency key", () =>
      this.db
        .select()
        .from(generations)
        .where(eq(generations.idempotencyKey, sql.placeholder("key")))
        .prepare(),
    ).get({ key });
  }

  async insertGeneration(row: NewGenerationRow, firstEvent?: RowEvent): Promise<boolean> {
    if (!firstEvent) return this.insertRow(row);
    return this.handle.sqlite.transaction(() => {
      const isNew = this.insertRow(row);
      if (isNew) this.insertEvent({ ...firstEvent, generationId: row.id });
      return isNew;
    })();
  }

  private insertRow(row: NewGenerationRow): boolean {
    const values = definedOnly(row);
    const columns = Object.keys(values).sort().join(",");
    const statement = this.preparedOnce(`insert generation (${columns})`, () =>
      this.db
        .insert(generations)
        .values(placeholdersFor(values) as unknown as NewGenerationRow)
        .onConflictDoNothing({ target: generations.idempotencyKey })
        .prepare(),
    );
    return statement.run(values).changes > 0;
  }

  /**
   * Not in the contract: the seed script's batches, in one transaction each (row by row, every commit writes
   * the WAL and the search index; 100,000 seeded rows took minutes instead of seconds).
   */
  async insertGenerationsInBulk(rows: readonly NewGenerationRow[]): Promise<void> {
    this.db.transaction((tx) => {
      tx.insert(generations)
        .values([...rows])
        .run();
    });
  }

  async updateGeneration(id: string, patch: Partial<NewGenerationRow>): Promise<GenerationRow | undefined> {
    return this.db.update(generations).set(patch).where(eq(generations.id, id)).returning().get();
  }

  async updateGenerationIfState(
    id: string,
    expected: readonly GenerationState[],
    patch: Partial<NewGenerationRow>,
    event?: RowEvent,
  ): Promise<GenerationRow | undefined> {
    if (!event) return this.moveRow(id, expected, patch);
    return this.handle.sqlite.transaction(() => {
      const row = this.moveRow(id, expected, patch);
      if (row) this.insertEvent({ ...event, generationId: id });
      return row;
    })();
  }

  private moveRow(id: string, expected: readonly GenerationState[], patch: Partial<NewGenerationRow>): GenerationRow | undefined {
    const values = definedOnly(patch);
    const columns = Object.keys(values).sort().join(",");
    // The id travels as `__id`, apart from the patch's own columns.
    const statement = this.preparedOnce(`update generation (${columns}) if ${expected.join(",")}`, () =>
      this.db
        .update(generations)
        .set(placeholdersFor(values) as Partial<NewGenerationRow>)
        .where(and(eq(generations.id, sql.placeholder("__id")), inArray(generations.state, expected)))
        .returning()
        .prepare(),
    );
    return statement.get({ ...values, __id: id });
  }

  async deleteGenerationById(id: string): Promise<boolean> {
    return this.db.delete(generations).where(eq(generations.id, id)).run().changes > 0;
  }

  /**
   * Keyset pagination over (created_at, id), served by the created/state/liked indexes; prompt search
   * goes through the FTS5 trigram index so it stays fast at 100,000 rows.
   */
  async listGenerations(options: ListGenerationsOptions): Promise<GenerationRow[]> {
    const { states } = options;
    if (states && states.length > 1) {
      // SQLite cannot walk the (state, created_at) index in order for several states at once and would
      // sort every match; one ordered index scan per state, merged here, stays fast at any table size.
      const isOldestFirst = options.sort === "oldest";
      const merged = states.flatMap((state) => this.listGenerationsPage({ ...options, states: [state] }));
      merged.sort((a, b) => (a.createdAt - b.createdAt || a.id.localeCompare(b.id)) * (isOldestFirst ? 1 : -1));
      return merged.slice(0, options.limit);
    }
    return this.listGenerationsPage(options);
  }

  private listGenerationsPage(options: ListGenerationsOptions): GenerationRow[] {
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
      conditions.push(or(beyond(generations.createdAt, after.createdAt), and(eq(generations.createdAt, after.createdAt), beyond(generations.id, after.id))));
    }
    const order = isOldestFirst ? [asc(generations.createdAt), asc(generations.id)] : [desc(generations.createdAt), desc(generations.id)];
    return this.db
      .select()
      .from(generations)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(...order)
      .limit(limit)
      .all();
  }

  async claimDueGenerations(now: number, limit: number, leaseMs: number, owner: string): Promise<GenerationRow[]> {
    return this.claimDue(inArray(generations.state, CHECKABLE), generations.nextCheckAt, { now, limit, leaseMs, owner });
  }

  /**
   * Clips with no video of ours yet go first: one that plays from its watermarked stand-in can wait for its
   * clean copy a little longer.
   */
  async claimDueArchives(now: number, limit: number, leaseMs: number, owner: string): Promise<GenerationRow[]> {
    const due = and(eq(generations.state, "completed"), eq(generations.archiveState, "pending"));
    return this.claimDue(due, generations.archiveNextAt, { now, limit, leaseMs, owner }, sql`${generations.videoKey} IS NOT NULL`);
  }

  /**
   * Claims up to `limit` due rows by setting a lease, so a second worker (another process sharing the
   * database) skips them. The lease condition is repeated in the UPDATE, so the claim is atomic.
   */
  private claimDue(
    due: SQL | undefined,
    dueAt: SQLiteColumn,
    lease: { now: number; limit: number; leaseMs: number; owner: string },
    first?: SQL,
  ): GenerationRow[] {
    const { now, limit, leaseMs, owner } = lease;
    const isFree = or(isNull(generations.leaseUntil), lt(generations.leaseUntil, now));
    const order = first ? [first, asc(dueAt)] : [asc(dueAt)];
    const ids = this.db
      .select({ id: generations.id })
      .from(generations)
      .where(and(due, lte(dueAt, now), isFree))
      .orderBy(...order)
      .limit(limit);
    return this.db
      .update(generations)
      .set({ leaseUntil: now + leaseMs, leaseOwner: owner })
      .where(and(inArray(generations.id, ids), isFree))
      .returning()
      .all();
  }

  async renewLeases(owner: string, ids: readonly string[], until: number): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db
      .update(generations)
      .set({ leaseUntil: until })
      .where(and(inArray(generations.id, [...ids]), eq(generations.leaseOwner, owner)))
      .run().changes;
  }

  async releaseLeases(owner: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db
      .update(generations)
      .set({ leaseUntil: null, leaseOwner: null })
      .where(and(inArray(generations.id, [...ids]), eq(generations.leaseOwner, owner)))
      .run().changes;
  }

  /**
   * At boot, SQLite only: every lease in the file belongs to a process that no longer exists, because SQLite
   * has one writer process per database file. Not part of the contract on purpose: PostgreSQL instances
   * share the work and must never release each other's leases (theirs expire instead).
   */
  async releaseAllLeases(): Promise<number> {
    return this.db.update(generations).set({ leaseUntil: null, leaseOwner: null }).where(isNotNull(generations.leaseUntil)).run().changes;
  }

  async listOverdueGenerations(now: number, limit: number): Promise<GenerationRow[]> {
    return this.db
      .select()
      .from(generations)
      .where(and(inArray(generations.state, ["queued", "running"]), lt(generations.deadlineAt, now)))
      .limit(limit)
      .all();
  }

  async markInterruptedCreatesUnknown(now: number): Promise<number> {
    return this.db.update(generations).set(interruptedCreatePatch(now)).where(eq(generations.state, "submitting")).run().changes;
  }

  async countGenerationsByState(): Promise<Partial<Record<GenerationState, number>>> {
    const rows = this.db
      .select({ state: generations.state, count: sql<number>`count(*)` })
      .from(generations)
      .groupBy(generations.state)
      .all();
    return Object.fromEntries(rows.map((row) => [row.state, row.count]));
  }

  /** Both read the index their claim uses, so a scrape costs two index seeks. */
  async oldestDueWork(now: number): Promise<{ statusCheck: number | null; archive: number | null }> {
    const statusCheck = this.db
      .select({ at: sql<number | null>`min(${generations.nextCheckAt})` })
      .from(generations)
      .where(and(inArray(generations.state, CHECKABLE), lte(generations.nextCheckAt, now)))
      .get();
    const archive = this.db
      .select({ at: sql<number | null>`min(${generations.archiveNextAt})` })
      .from(generations)
      .where(and(eq(generations.state, "completed"), eq(generations.archiveState, "pending"), lte(generations.archiveNextAt, now)))
      .get();
    return { statusCheck: statusCheck?.at ?? null, archive: archive?.at ?? null };
  }

  /** Generations that may be running upstream (and so hold one of the gateway's concurrency slots). */
  async countUnfinishedGenerations(): Promise<number> {
    const row = this.preparedOnce("count unfinished generations", () =>
      this.db
        .select({ count: sql<number>`count(*)` })
        .from(generations)
        .where(inArray(generations.state, UNFINISHED_STATES))
        .prepare(),
    ).get();
    return row?.count ?? 0;
  }

  async listCreationTimesSince(since: number, limit: number): Promise<number[]> {
    return this.db
      .select({ createdAt: generations.createdAt })
      .from(generations)
      .where(gte(generations.createdAt, since))
      .orderBy(asc(generations.createdAt))
      .limit(limit)
      .all()
      .map((row) => row.createdAt);
  }

  async insertGenerationEvent(event: Omit<GenerationEventRow, "id">): Promise<void> {
    this.insertEvent(event);
  }

  private insertEvent(event: Omit<GenerationEventRow, "id">): void {
    this.preparedOnce("insert generation event", () =>
      this.db
        .insert(generationEvents)
        .values({
          generationId: sql.placeholder("generationId"),
          state: sql.placeholder("state"),
          upstreamState: sql.placeholder("upstreamState"),
          note: sql.placeholder("note"),
          at: sql.placeholder("at"),
        })
        .prepare(),
    ).run(event);
  }

  async listGenerationEvents(generationId: string): Promise<GenerationEventRow[]> {
    return this.db
      .select()
      .from(generationEvents)
      .where(eq(generationEvents.generationId, generationId))
      .orderBy(asc(generationEvents.at), asc(generationEvents.id))
      .all();
  }

  async isFrameUrlInUse(url: string): Promise<boolean> {
    const row = this.db
      .select({ id: generations.id })
      .from(generations)
      .where(or(eq(generations.imageUrl, url), eq(generations.imageEndUrl, url)))
      .limit(1)
      .get();
    return Boolean(row);
  }

  async ping(): Promise<boolean> {
    return this.db.get<{ ok: number }>(sql`select 1 as ok`)?.ok === 1;
  }

  /** SQLite checkpoints its WAL into the database file and removes it. */
  async close(): Promise<void> {
    this.handle.sqlite.close();
  }
}

/** `{ column: placeholder }` for each key of `values`: the prepared form of an insert's values or an update's set. */
function placeholdersFor(values: Record<string, unknown>): Record<string, Placeholder> {
  return Object.fromEntries(Object.keys(values).map((key) => [key, sql.placeholder(key)]));
}

/** The keys that carry a value: an undefined one is left to the column default (or unchanged), as drizzle does. */
function definedOnly<T extends Record<string, unknown>>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as T;
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
