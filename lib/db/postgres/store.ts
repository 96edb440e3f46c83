import "server-only";
import { createHash } from "node:crypto";
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { PgDialect, type PgColumn } from "drizzle-orm/pg-core";
import { Pool, type PoolClient } from "pg";
import { UNFINISHED_STATES, type GenerationState } from "@/lib/constants";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import {
  interruptedCreatePatch,
  type GenerationRow,
  type GenerationStore,
  type ListGenerationsOptions,
  type NewGenerationRow,
  type RowEvent,
} from "@/lib/db/store-types";
import { migratePostgres } from "./migrate";
import * as schema from "./schema";
import { generationEvents, generations } from "./schema";

type Db = NodePgDatabase<typeof schema>;

/**
 * A `submitting` row this much older than `now` cannot still be in a live instance's hands: its create call
 * would have timed out (`LUMA_CREATE_TIMEOUT_MS`) and moved the row on. The extra half minute covers the
 * write after the timeout and clock drift between instances.
 */
const INTERRUPTED_CREATE_MARGIN_MS = 30_000;

export type PostgresStoreOptions = {
  /** How old a `submitting` row must be before `markInterruptedCreatesUnknown` takes it for abandoned. */
  interruptedCreateAfterMs?: number;
  /** Connections this instance keeps open at most. */
  maxConnections?: number;
};

/**
 * Opens a pool on `url`, applies pending migrations (safe when several instances start at once) and answers
 * the store. Migrating before the first query, rather than lazily, makes a wrong URL or a missing privilege
 * fail the boot instead of the first request.
 */
export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<GenerationStore> {
  const pool = new Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on("error", (error) => log.error("postgres connection lost", { error: error.message }));
  // The pool listens only on idle connections. One cut while checked out between two statements (inside a
  // transaction, say) would otherwise be an uncaught error that ends the process; this way the next statement
  // on it fails instead, and the pool discards it.
  pool.on("connect", (client) => client.on("error", (error) => log.warn("postgres connection lost while in use", { error: error.message })));
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const interruptedCreateAfterMs = options.interruptedCreateAfterMs ?? env.LUMA_CREATE_TIMEOUT_MS + INTERRUPTED_CREATE_MARGIN_MS;
  return new PostgresStore(drizzle({ client: pool, schema }), pool, interruptedCreateAfterMs, () => pool.end());
}

/**
 * The store on one checked-out connection, inside whatever transaction its holder runs there: a create's
 * admission (lib/shared-state/create-limits.ts) reads and inserts through it under its lock, committed together.
 * Closing it leaves the connection to its holder.
 */
export function postgresStoreOn(client: PoolClient): GenerationStore {
  let store = storesOnConnections.get(client);
  if (!store) {
    store = new PostgresStore(drizzle({ client, schema }), client, env.LUMA_CREATE_TIMEOUT_MS + INTERRUPTED_CREATE_MARGIN_MS, async () => {});
    storesOnConnections.set(client, store);
  }
  return store;
}

/** Pooled connections come back admission after admission: each keeps its store rather than building one per create. */
const storesOnConnections = new WeakMap<PoolClient, GenerationStore>();

const CHECKABLE: GenerationState[] = ["queued", "running", "unknown"];

const dialect = new PgDialect();
const GENERATION_COLUMNS = Object.entries(getTableColumns(generations));

/** A generations row as the driver answers a raw statement (column names, bigint as text), in the schema's shape. */
function generationFrom(raw: Record<string, unknown>): GenerationRow {
  return Object.fromEntries(
    GENERATION_COLUMNS.map(([key, column]) => {
      const value = raw[column.name];
      return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
    }),
  ) as GenerationRow;
}

/** The event half of the statements that write a row and its timeline entry at once: one entry per row of `source`. */
function eventFor(source: SQL, event: RowEvent): SQL {
  return sql`insert into ${generationEvents} (generation_id, state, upstream_state, note, at)
    select id, ${event.state}::text, ${event.upstreamState}::text, ${event.note}::text, ${event.at}::bigint from ${source}`;
}

class PostgresStore implements GenerationStore {
  readonly dialect = "postgres";

  /**
   * The create path's two reads (every create asks both twice: before its body is read, and in its admission),
   * built once per store and sent as named statements: neither drizzle nor PostgreSQL builds them again.
   */
  private readonly byIdempotencyKey;
  private readonly unfinishedCount;

  constructor(
    private readonly db: Db,
    private readonly connection: Pool | PoolClient,
    private readonly interruptedCreateAfterMs: number,
    private readonly onClose: () => Promise<void>,
  ) {
    this.byIdempotencyKey = db
      .select()
      .from(generations)
      .where(eq(generations.idempotencyKey, sql.placeholder("key")))
      .prepare("luma-generation-by-idempotency-key");
    this.unfinishedCount = db
      .select({ count: sql<number>`count(*)::int` })
      .from(generations)
      .where(inArray(generations.state, UNFINISHED_STATES))
      .prepare("luma-count-unfinished-generations");
  }

  async getGenerationById(id: string): Promise<GenerationRow | undefined> {
    const [row] = await this.db.select().from(generations).where(eq(generations.id, id));
    return row;
  }

  async getGenerationByIdempotencyKey(key: string): Promise<GenerationRow | undefined> {
    const [row] = await this.byIdempotencyKey.execute({ key });
    return row;
  }

  /**
   * With its first event, one statement: the event is inserted from the row insert's RETURNING, so a held key
   * writes neither, a refused event takes the row back with it, and the create pays one round trip, not four.
   */
  async insertGeneration(row: NewGenerationRow, firstEvent?: RowEvent): Promise<boolean> {
    const insert = this.db.insert(generations).values(row).onConflictDoNothing({ target: generations.idempotencyKey }).returning({ id: generations.id });
    if (!firstEvent) return (await insert).length > 0;
    const written = await this.run(sql`with inserted as (${insert.getSQL()}) ${eventFor(sql`inserted`, firstEvent)} returning generation_id`);
    return written.length > 0;
  }

  async updateGeneration(id: string, patch: Partial<NewGenerationRow>): Promise<GenerationRow | undefined> {
    const [row] = await this.db.update(generations).set(patch).where(eq(generations.id, id)).returning();
    return row;
  }

  async updateGenerationIfState(
    id: string,
    expected: readonly GenerationState[],
    patch: Partial<NewGenerationRow>,
    event?: RowEvent,
  ): Promise<GenerationRow | undefined> {
    const update = this.db
      .update(generations)
      .set(patch)
      .where(and(eq(generations.id, id), inArray(generations.state, [...expected])))
      .returning();
    if (!event) return (await update)[0];
    // A data-modifying WITH runs whether or not the outer query reads it: the entry goes in only for a row that moved.
    const [moved] = await this.run(sql`with moved as (${update.getSQL()}), entry as (${eventFor(sql`moved`, event)}) select * from moved`);
    return moved && generationFrom(moved);
  }

  /**
   * A statement drizzle's builders cannot express (a data-modifying WITH), as a named prepared statement: the
   * create path runs the same few texts over and over, and PostgreSQL then skips parsing and planning them.
   */
  private async run(statement: SQL): Promise<Record<string, unknown>[]> {
    const { sql: text, params } = dialect.sqlToQuery(statement);
    const name = `luma-${createHash("sha1").update(text).digest("base64url")}`;
    return (await this.connection.query({ name, text, values: params })).rows;
  }

  async deleteGenerationById(id: string): Promise<boolean> {
    const deleted = await this.db.delete(generations).where(eq(generations.id, id)).returning({ id: generations.id });
    return deleted.length > 0;
  }

  /**
   * Keyset pagination over (created_at, id) with a row comparison, which PostgreSQL serves straight from the
   * created/state/liked indexes; prompt words go through the trigram index.
   */
  async listGenerations(options: ListGenerationsOptions): Promise<GenerationRow[]> {
    const { limit, states, aspectRatios, liked, model, resolutions, durations, createdFrom, createdBefore, search, after } = options;
    const isOldestFirst = options.sort === "oldest";
    const conditions: SQL[] = [];
    if (states?.length) conditions.push(inArray(generations.state, [...states]));
    if (aspectRatios?.length) conditions.push(inArray(generations.aspectRatio, [...aspectRatios]));
    if (liked !== undefined) conditions.push(eq(generations.liked, liked));
    if (model) conditions.push(eq(generations.model, model));
    if (resolutions?.length) conditions.push(inArray(generations.resolution, [...resolutions]));
    if (durations?.length) conditions.push(inArray(generations.duration, [...durations]));
    if (createdFrom !== undefined) conditions.push(gte(generations.createdAt, createdFrom));
    if (createdBefore !== undefined) conditions.push(lt(generations.createdAt, createdBefore));
    if (search) conditions.push(...promptSearchConditions(search));
    if (after) {
      const key = sql`(${generations.createdAt}, ${generations.id})`;
      const cursor = sql`(${after.createdAt}, ${after.id})`;
      conditions.push(isOldestFirst ? sql`${key} > ${cursor}` : sql`${key} < ${cursor}`);
    }
    const order = isOldestFirst ? [asc(generations.createdAt), asc(generations.id)] : [desc(generations.createdAt), desc(generations.id)];
    return this.db
      .select()
      .from(generations)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(...order)
      .limit(limit);
  }

  async claimDueGenerations(now: number, limit: number, leaseMs: number, owner: string): Promise<GenerationRow[]> {
    return this.claimDue(inArray(generations.state, CHECKABLE), generations.nextCheckAt, { now, limit, leaseMs, owner });
  }

  /** Clips with no video of ours yet go first: one that plays from its watermarked stand-in can wait a little. */
  async claimDueArchives(now: number, limit: number, leaseMs: number, owner: string): Promise<GenerationRow[]> {
    const due = and(eq(generations.state, "completed"), eq(generations.archiveState, "pending"));
    return this.claimDue(due, generations.archiveNextAt, { now, limit, leaseMs, owner }, sql`${generations.videoKey} IS NOT NULL`);
  }

  /**
   * `FOR UPDATE SKIP LOCKED` lets claimers in several instances run at once without waiting on each other or
   * taking the same row: each locks the due rows it picks, the others pass over them, and a row leased by a
   * claim that committed first no longer matches when re-checked.
   */
  private async claimDue(
    due: SQL | undefined,
    dueAt: PgColumn,
    claim: { now: number; limit: number; leaseMs: number; owner: string },
    first?: SQL,
  ): Promise<GenerationRow[]> {
    const isFree = or(isNull(generations.leaseUntil), lt(generations.leaseUntil, claim.now));
    const picked = this.db
      .select({ id: generations.id })
      .from(generations)
      .where(and(due, lte(dueAt, claim.now), isFree))
      .orderBy(...(first ? [first, asc(dueAt)] : [asc(dueAt)]))
      .limit(claim.limit)
      .for("update", { skipLocked: true });
    return this.db
      .update(generations)
      .set({ leaseUntil: claim.now + claim.leaseMs, leaseOwner: claim.owner })
      .where(inArray(generations.id, picked))
      .returning();
  }

  async renewLeases(owner: string, ids: readonly string[], until: number): Promise<number> {
    if (ids.length === 0) return 0;
    const renewed = await this.db
      .update(generations)
      .set({ leaseUntil: until })
      .where(and(inArray(generations.id, [...ids]), eq(generations.leaseOwner, owner)))
      .returning({ id: generations.id });
    return renewed.length;
  }

  async releaseLeases(owner: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const released = await this.db
      .update(generations)
      .set({ leaseUntil: null, leaseOwner: null })
      .where(and(inArray(generations.id, [...ids]), eq(generations.leaseOwner, owner)))
      .returning({ id: generations.id });
    return released.length;
  }

  async listOverdueGenerations(now: number, limit: number): Promise<GenerationRow[]> {
    return this.db
      .select()
      .from(generations)
      .where(and(inArray(generations.state, ["queued", "running"]), lt(generations.deadlineAt, now)))
      .limit(limit);
  }

  /**
   * Other instances may be mid-create right now, so only rows left `submitting` for longer than any create
   * call can last count as interrupted. `staleAfterMs` defaults to the store's bound (create timeout plus a
   * margin).
   */
  async markInterruptedCreatesUnknown(now: number, staleAfterMs: number = this.interruptedCreateAfterMs): Promise<number> {
    const marked = await this.db
      .update(generations)
      .set(interruptedCreatePatch(now))
      .where(and(eq(generations.state, "submitting"), lt(generations.updatedAt, now - staleAfterMs)))
      .returning({ id: generations.id });
    return marked.length;
  }

  async countGenerationsByState(): Promise<Partial<Record<GenerationState, number>>> {
    const rows = await this.db
      .select({ state: generations.state, count: sql<string>`count(*)` })
      .from(generations)
      .groupBy(generations.state);
    // count(*) is a bigint, which the driver answers as a string.
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
  }

  /** Both read the index their claim uses, so a metrics scrape costs two index seeks. */
  async oldestDueWork(now: number): Promise<{ statusCheck: number | null; archive: number | null }> {
    // min() over bigint comes back from the driver as a string.
    const [statusCheck, archive] = await Promise.all([
      this.db
        .select({ at: sql<string | null>`min(${generations.nextCheckAt})` })
        .from(generations)
        .where(and(inArray(generations.state, CHECKABLE), lte(generations.nextCheckAt, now))),
      this.db
        .select({ at: sql<string | null>`min(${generations.archiveNextAt})` })
        .from(generations)
        .where(and(eq(generations.state, "completed"), eq(generations.archiveState, "pending"), lte(generations.archiveNextAt, now))),
    ]);
    return { statusCheck: toNumberOrNull(statusCheck[0]?.at), archive: toNumberOrNull(archive[0]?.at) };
  }

  async countUnfinishedGenerations(): Promise<number> {
    const [row] = await this.unfinishedCount.execute();
    return row?.count ?? 0;
  }

  async listCreationTimesSince(since: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .select({ createdAt: generations.createdAt })
      .from(generations)
      .where(gte(generations.createdAt, since))
      .orderBy(asc(generations.createdAt))
      .limit(limit);
    return rows.map((row) => row.createdAt);
  }

  async insertGenerationEvent(event: Omit<typeof generationEvents.$inferSelect, "id">): Promise<void> {
    await this.db.insert(generationEvents).values(event);
  }

  async listGenerationEvents(generationId: string) {
    return this.db
      .select()
      .from(generationEvents)
      .where(eq(generationEvents.generationId, generationId))
      .orderBy(asc(generationEvents.at), asc(generationEvents.id));
  }

  async isFrameUrlInUse(url: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: generations.id })
      .from(generations)
      .where(or(eq(generations.imageUrl, url), eq(generations.imageEndUrl, url)))
      .limit(1);
    return rows.length > 0;
  }

  async ping(): Promise<boolean> {
    const result = await this.connection.query<{ ok: number }>("SELECT 1 AS ok");
    return result.rows[0]?.ok === 1;
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}

/**
 * Every word must appear in the prompt, case-insensitively. `%`, `_` and `\` in a word are matched literally.
 * Words of three or more characters (Chinese included) narrow the search through the trigram index; shorter
 * words carry no trigram and are checked on the rows the other conditions leave. A word without letter case
 * (Chinese, digits) uses LIKE: the same answer, and half the cost of ILIKE's case folding on a long scan.
 */
function promptSearchConditions(search: string): SQL[] {
  const words = search.split(/\s+/).filter(Boolean).slice(0, 8);
  return words.map((word) => {
    const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const isCaseless = word.toLowerCase() === word.toUpperCase();
    return isCaseless ? sql`${generations.prompt} LIKE ${pattern}` : sql`${generations.prompt} ILIKE ${pattern}`;
  });
}

function toNumberOrNull(value: string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
