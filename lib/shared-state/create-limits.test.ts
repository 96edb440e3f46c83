import type { Pool } from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerationStore } from "@/lib/db/store-types";
import { createTestDatabase, testPool, type TestDatabase } from "@/test/pg-database";
import { createPgCreateLimits, type CreateLimitsStore } from "./create-limits";
import { migratePostgres } from "@/lib/db/postgres/migrate";

// Read by lib/env.ts when lib/security/limits.ts is first imported, below.
process.env.MAX_IN_FLIGHT = "2";
process.env.CREATE_RATE_LIMIT_PER_MINUTE = "3";
process.env.MAX_GENERATIONS_PER_DAY = "";

type Instance = { store: GenerationStore; limits: CreateLimitsStore; pool: Pool };

describe("spending limits in PostgreSQL, two app instances", () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  let limits: typeof import("@/lib/security/limits");

  // Each instance has its own store (its own pool) and its own shared-state pool, as two processes would.
  async function instance(): Promise<Instance> {
    const { createPostgresStore } = await import("@/lib/db/postgres/store");
    const pool = testPool(database.url, 4);
    await migratePostgres(pool);
    const store: GenerationStore = await createPostgresStore(database.url);
    return { pool, store, limits: createPgCreateLimits(async () => pool) };
  }

  const row = (id: string, now = Date.now()) =>
    ({
      id,
      state: "submitting",
      prompt: id,
      aspectRatio: "16:9",
      expandPrompt: false,
      loop: false,
      createdAt: now,
      updatedAt: now,
      deadlineAt: now + 3_600_000,
    }) as const;

  /** What create.ts's admitAndInsert does on one instance: check and insert the write-ahead row under the lock, through its transaction. */
  function create(on: Instance, id: string, requester = { sessionId: id, address: `10.0.0.${id.length}` }) {
    const now = Date.now();
    return on.limits.exclusive(async (transaction) => {
      const context = limits.admissionContext(transaction);
      await limits.assertCreateAllowed(requester, now, context);
      return context.store.insertGeneration(row(id, now), { state: "submitting", upstreamState: null, note: null, at: now });
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    limits = await import("@/lib/security/limits");
    [a, b] = await Promise.all([instance(), instance()]);
  });

  afterAll(async () => {
    await Promise.all([a?.store.close(), b?.store.close()]);
    await Promise.all([a?.pool.end(), b?.pool.end()]);
    await database?.drop();
  });

  beforeEach(async () => {
    await a.pool.query("DELETE FROM generations");
    await a.limits.reset();
  });

  it("admits exactly MAX_IN_FLIGHT creates when both instances race for the slots", async () => {
    const racing = Array.from({ length: 12 }, (_, index) => create(index % 2 === 0 ? a : b, `race-${index}`));
    const outcomes = await Promise.allSettled(racing);
    const admitted = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [String(outcome.reason)] : []));
    expect(admitted).toHaveLength(2);
    expect(refused).toHaveLength(10);
    for (const reason of refused) expect(reason).toMatch(/MAX_IN_FLIGHT = 2/);
    expect(await b.store.countUnfinishedGenerations()).toBe(2);
    // Only the admitted creates were counted in the windows (each in two); a refusal writes nothing.
    const hits = await b.pool.query<{ count: number }>("SELECT count(*)::int AS count FROM create_hits");
    expect(hits.rows[0]?.count).toBe(4);
  });

  it("counts the per-minute limit across instances", async () => {
    const requester = { sessionId: "one-person", address: "10.1.1.1" };
    const now = Date.now();
    await limits.assertCreateAllowed(requester, now, a);
    await limits.assertCreateAllowed(requester, now, b);
    await limits.assertCreateAllowed(requester, now + 1000, a);
    await expect(limits.assertCreateAllowed(requester, now + 2000, b)).rejects.toThrow(/3 per minute \(CREATE_RATE_LIMIT_PER_MINUTE\)\. Try again in 58 s/);
    await expect(limits.checkCreateAllowed({ sessionId: "someone-else", address: "10.1.1.1" }, now + 2000, a)).rejects.toThrow(/CREATE_RATE_LIMIT_PER_MINUTE/);
    // The window slides, on both instances.
    await limits.assertCreateAllowed(requester, now + 61_000, b);
  });

  it("fails an admission whose connection is cut before its commit, leaving nothing written, and the lock is free again", async () => {
    const admitted = a.limits.exclusive(async (transaction) => {
      const context = limits.admissionContext(transaction);
      expect(await context.store.insertGeneration(row("cut-off"))).toBe(true);
      const holders = await a.pool.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted");
      expect(holders.rows).toHaveLength(1);
      await a.pool.query("SELECT pg_terminate_backend($1)", [holders.rows[0]?.pid]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return "inserted";
    });
    await expect(admitted).rejects.toThrow();
    // The row was never committed: the create fails before any upstream call, and leaves no trace.
    expect(await b.store.getGenerationById("cut-off")).toBeUndefined();
    expect(await b.limits.exclusive(async () => "next")).toBe("next");
    expect(await create(a, "after-the-cut")).toBe(true);
  });

  it("reads a check's limits on one connection without the lock, and counts nothing there", async () => {
    expect(await create(a, "seen")).toBe(true);
    const [inFlight, wait] = await b.limits.readTogether(async (connection) => {
      const context = limits.admissionContext(connection);
      return Promise.all([
        context.store.countUnfinishedGenerations(),
        context.limits.retryAfterSeconds({ session: "seen", address: "10.0.0.4" }, 1, Date.now()),
      ]);
    });
    expect(inFlight).toBe(1);
    expect(wait).toBeGreaterThan(50);
    await expect(b.limits.readTogether(async (connection) => connection?.windows.count({ session: "x", address: "y" }, Date.now()))).rejects.toThrow();
    // The lock was never taken, and the connection that refused went back (or away) cleanly.
    expect(await create(b, "next-one")).toBe(true);
  });

  it("frees the lock when the work inside it fails, for the other instance to take", async () => {
    await expect(a.limits.exclusive(async () => Promise.reject(new Error("insert failed")))).rejects.toThrow("insert failed");
    expect(await b.limits.exclusive(async () => "next")).toBe("next");
  });
});
