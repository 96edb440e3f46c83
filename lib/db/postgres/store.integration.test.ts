import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { Client, Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationStore } from "@/lib/db/store-types";
import { createTestDatabase, type TestDatabase } from "@/test/pg-database";
import { describeStoreContract } from "@/test/store-contract";
import { migratePostgres } from "./migrate";
import { createPostgresStore } from "./store";

// Against a real PostgreSQL server (.ci/run starts the local one); see test/pg-database.ts.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describeStoreContract("PostgreSQL", () => createPostgresStore(database.url));

describe("PostgreSQL store", () => {
  const T0 = Date.parse("2026-11-01T10:00:00Z");
  const base = { prompt: "p", aspectRatio: "16:9", expandPrompt: false, loop: false, createdAt: T0, deadlineAt: T0 + 3_600_000 } as const;
  let store: GenerationStore;

  beforeAll(async () => {
    store = await createPostgresStore(database.url, { interruptedCreateAfterMs: 90_000 });
  });

  afterAll(async () => {
    await store.close();
  });

  it("applies its migrations once when three instances start against an empty database together", async () => {
    const fresh = await createTestDatabase();
    const pools = Array.from({ length: 3 }, () => new Pool({ connectionString: fresh.url, max: 1 }));
    try {
      await Promise.all(pools.map((pool) => migratePostgres(pool)));
      const applied = await pools[0]!.query<{ count: number }>("SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations");
      expect(applied.rows[0]?.count).toBeGreaterThan(0);
      const tables = await pools[0]!.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      expect(tables.rows.map((each) => each.tablename)).toEqual(["create_hits", "generation_events", "generations", "login_failures", "revoked_sessions"]);
      await migratePostgres(pools[1]!);
      const again = await pools[0]!.query<{ count: number }>("SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations");
      expect(again.rows[0]?.count).toBe(applied.rows[0]?.count);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await fresh.drop();
    }
  });

  it("takes over the shared-state tables that an earlier version created with its own start-up DDL, keeping their rows", async () => {
    const fresh = await createTestDatabase();
    const pool = new Pool({ connectionString: fresh.url, max: 1 });
    const onlyFirst = fs.mkdtempSync(path.join(os.tmpdir(), "luma-pg-migrations-"));
    try {
      // The database as the previous version left it: the first migration, and the tables its DDL made.
      const source = path.join(process.cwd(), "lib", "db", "migrations-pg");
      fs.cpSync(path.join(source, "0000_init.sql"), path.join(onlyFirst, "0000_init.sql"));
      fs.mkdirSync(path.join(onlyFirst, "meta"));
      const journal = JSON.parse(fs.readFileSync(path.join(source, "meta", "_journal.json"), "utf8"));
      fs.writeFileSync(path.join(onlyFirst, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
      await migrate(drizzle({ client: pool }), { migrationsFolder: onlyFirst });
      await pool.query(EARLIER_SHARED_STATE_DDL);
      await pool.query("INSERT INTO revoked_sessions (session_id, expires_at) VALUES ('signed-out', 1)");
      await pool.query("INSERT INTO create_hits (scope, key, at) VALUES ('session', 's', 2)");

      await migratePostgres(pool);
      const applied = await pool.query<{ count: number }>("SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations");
      expect(applied.rows[0]?.count).toBe(2);
      expect((await pool.query("SELECT session_id FROM revoked_sessions")).rows).toEqual([{ session_id: "signed-out" }]);
      expect((await pool.query("SELECT key FROM create_hits")).rows).toEqual([{ key: "s" }]);
      await pool.query("INSERT INTO login_failures (scope, key, at) VALUES ('address', 'a', 3)");
    } finally {
      fs.rmSync(onlyFirst, { recursive: true, force: true });
      await pool.end();
      await fresh.drop();
    }
  });

  it("leaves a create that another live instance may still be sending, until it is older than the bound", async () => {
    const now = T0 + 86_400_000;
    await store.insertGeneration({ ...base, id: "gen-pg-sending", state: "submitting", updatedAt: now - 60_000 });
    await store.insertGeneration({ ...base, id: "gen-pg-abandoned", state: "submitting", updatedAt: now - 91_000 });
    expect(await store.markInterruptedCreatesUnknown(now)).toBe(1);
    expect(await store.getGenerationById("gen-pg-sending")).toMatchObject({ state: "submitting" });
    expect(await store.getGenerationById("gen-pg-abandoned")).toMatchObject({ state: "unknown" });
    expect(await store.markInterruptedCreatesUnknown(now + 31_000)).toBe(1);
    expect(await store.getGenerationById("gen-pg-sending")).toMatchObject({ state: "unknown" });
  });

  it("claims around a row another transaction holds, without waiting for it", async () => {
    const now = T0 + 3_600_000;
    await store.insertGeneration({ ...base, id: "gen-pg-held", state: "running", updatedAt: T0, nextCheckAt: now - 2 });
    await store.insertGeneration({ ...base, id: "gen-pg-free", state: "running", updatedAt: T0, nextCheckAt: now - 1 });
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM generations WHERE id = 'gen-pg-held' FOR UPDATE");
      const claimed = await store.claimDueGenerations(now, 10, 60_000, "instance-a");
      expect(claimed.map((each) => each.id)).toEqual(["gen-pg-free"]);
      await holder.query("ROLLBACK");
      expect((await store.claimDueGenerations(now, 10, 60_000, "instance-a")).map((each) => each.id)).toEqual(["gen-pg-held"]);
    } finally {
      await holder.end();
    }
  });
});

/** What lib/shared-state/schema.ts ran at every start before the committed migrations created these tables. */
const EARLIER_SHARED_STATE_DDL = `
CREATE TABLE IF NOT EXISTS revoked_sessions (session_id text PRIMARY KEY, expires_at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS revoked_sessions_expires_at_idx ON revoked_sessions (expires_at);
CREATE TABLE IF NOT EXISTS login_failures (id bigserial PRIMARY KEY, scope text NOT NULL, key text NOT NULL, at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_scope_key_at_idx ON login_failures (scope, key, at);
CREATE INDEX IF NOT EXISTS login_failures_at_idx ON login_failures (at);
CREATE TABLE IF NOT EXISTS create_hits (id bigserial PRIMARY KEY, scope text NOT NULL, key text NOT NULL, at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS create_hits_scope_key_at_idx ON create_hits (scope, key, at);
CREATE INDEX IF NOT EXISTS create_hits_at_idx ON create_hits (at);
`;
