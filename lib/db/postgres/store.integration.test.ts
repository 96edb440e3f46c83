import { Client, Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationStore } from "@/lib/db/store-types";
import { createTestDatabase, type TestDatabase } from "@/test/pg-database";
import { describeStoreContract } from "@/test/store-contract";
import { createPostgresStore, migratePostgres } from "./store";

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
      expect(tables.rows.map((each) => each.tablename)).toEqual(["generation_events", "generations"]);
      await migratePostgres(pools[1]!);
      const again = await pools[0]!.query<{ count: number }>("SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations");
      expect(again.rows[0]?.count).toBe(applied.rows[0]?.count);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
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
