import type { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Generation, GenerationEvent } from "@/lib/generations/types";
import { createTestDatabase, testPool, type TestDatabase } from "@/test/pg-database";
import { createMemoryLiveBus, createPgLiveBus, MAX_NOTIFY_BYTES, type PgLiveBus } from "./live-bus";

function generation(id: string, prompt = "a lighthouse at dusk"): Generation {
  const at = new Date(0).toISOString();
  return {
    id,
    upstreamId: null,
    parentId: null,
    state: "completed",
    upstreamState: "completed",
    prompt,
    aspectRatio: "16:9",
    expandPrompt: false,
    loop: false,
    imageUrl: null,
    imageEndUrl: null,
    model: null,
    liked: false,
    videoUrl: null,
    thumbnailUrl: null,
    lastFrameUrl: null,
    downloadUrl: null,
    width: null,
    height: null,
    durationSeconds: null,
    isArchived: false,
    isCleanCopyMissing: false,
    failureCode: null,
    failureReason: null,
    estimateWaitSeconds: null,
    createdAt: at,
    updatedAt: at,
    completedAt: at,
  };
}

/** What one instance's listeners heard, and a way to wait for a given event. */
function recorder(bus: { subscribe(listener: (event: GenerationEvent) => void): () => void }) {
  const heard: GenerationEvent[] = [];
  bus.subscribe((event) => heard.push(event));
  const idOf = (event: GenerationEvent) => (event.type === "generation" ? event.generation.id : event.type === "deleted" ? event.id : "upstream");
  return {
    heard,
    count: (id: string) => heard.filter((event) => idOf(event) === id).length,
    async waitFor(id: string, withinMs: number): Promise<number> {
      const started = Date.now();
      while (!heard.some((event) => idOf(event) === id)) {
        if (Date.now() - started > withinMs) throw new Error(`${id} not heard within ${withinMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return Date.now() - started;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("in-process live bus (the SQLite default)", () => {
  it("delivers each event once to every listener and stops after unsubscribe", () => {
    const bus = createMemoryLiveBus();
    const first: GenerationEvent[] = [];
    const second: GenerationEvent[] = [];
    bus.subscribe((event) => first.push(event));
    const unsubscribe = bus.subscribe((event) => second.push(event));
    bus.publish({ type: "deleted", id: "a" });
    unsubscribe();
    bus.publish({ type: "deleted", id: "b" });
    expect(first).toEqual([
      { type: "deleted", id: "a" },
      { type: "deleted", id: "b" },
    ]);
    expect(second).toEqual([{ type: "deleted", id: "a" }]);
  });
});

describe("live bus over PostgreSQL LISTEN/NOTIFY, two app instances", () => {
  let database: TestDatabase;
  let admin: Pool;
  const pools: Pool[] = [];
  const buses: PgLiveBus[] = [];
  /** Generations as the database holds them, for events too large to travel whole. */
  const stored = new Map<string, Generation>();
  const signOutsOnA: string[] = [];
  const signOutsOnB: string[] = [];
  const resumed = { a: 0, b: 0 };

  function instance(signOuts: string[], name: keyof typeof resumed): PgLiveBus {
    const pool = testPool(database.url);
    pools.push(pool);
    const bus = createPgLiveBus({
      connectionString: database.url,
      publisher: async () => pool,
      readGeneration: async (id) => stored.get(id) ?? null,
      onSignOut: (sessionId) => signOuts.push(sessionId),
      onResumed: () => (resumed[name] += 1),
    });
    buses.push(bus);
    return bus;
  }

  let a: PgLiveBus;
  let b: PgLiveBus;
  let heardOnA: ReturnType<typeof recorder>;
  let heardOnB: ReturnType<typeof recorder>;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = testPool(database.url, 1);
    a = instance(signOutsOnA, "a");
    b = instance(signOutsOnB, "b");
    heardOnA = recorder(a);
    heardOnB = recorder(b);
    await Promise.all([a.whenListening(), b.whenListening()]);
  });

  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await Promise.all([...pools, admin].map((pool) => pool?.end()));
    await database?.drop();
  });

  it("each instance sees the other's events within a second, and every event exactly once", async () => {
    a.publish({ type: "generation", generation: generation("from-a") });
    b.publish({ type: "deleted", id: "from-b" });
    expect(await heardOnB.waitFor("from-a", 1000)).toBeLessThan(1000);
    expect(await heardOnA.waitFor("from-b", 1000)).toBeLessThan(1000);
    await settle();
    for (const id of ["from-a", "from-b"]) {
      expect(heardOnA.count(id), `${id} on A`).toBe(1);
      expect(heardOnB.count(id), `${id} on B`).toBe(1);
    }
    expect(heardOnB.heard.find((event) => event.type === "generation" && event.generation.id === "from-a")).toEqual({
      type: "generation",
      generation: generation("from-a"),
    });
  });

  it("keeps one instance's events in the order they were published", async () => {
    const ids = Array.from({ length: 40 }, (_, index) => `order-${index}`);
    for (const id of ids) a.publish({ type: "generation", generation: generation(id) });
    await heardOnB.waitFor("order-39", 1000);
    const order = heardOnB.heard.flatMap((event) => (event.type === "generation" && event.generation.id.startsWith("order-") ? [event.generation.id] : []));
    expect(order).toEqual(ids);
  });

  it("sends a generation too large for NOTIFY as its id, and the receiver reads it", async () => {
    const large = generation("large", "雨".repeat(MAX_NOTIFY_BYTES));
    stored.set(large.id, large);
    a.publish({ type: "generation", generation: large });
    await heardOnB.waitFor("large", 1000);
    await settle();
    expect(heardOnB.heard.filter((event) => event.type === "generation" && event.generation.id === "large")).toEqual([
      { type: "generation", generation: large },
    ]);
    expect(heardOnA.count("large")).toBe(1);
  });

  it("listens again after its connection is cut, and then hears everything again", async () => {
    const cut = b.listenerPid();
    expect(cut).not.toBeNull();
    const { rows } = await admin.query<{ done: boolean }>("SELECT pg_terminate_backend($1) AS done", [cut]);
    expect(rows[0]?.done).toBe(true);
    const started = Date.now();
    while (b.listenerPid() === null || b.listenerPid() === cut) {
      if (Date.now() - started > 5000) throw new Error("B did not listen again within 5 s");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await b.whenListening();
    expect(resumed, "only B lost its connection, and it says so, so its browsers can catch up").toEqual({ a: 0, b: 1 });
    a.publish({ type: "deleted", id: "after-cut" });
    b.publish({ type: "deleted", id: "after-cut-from-b" });
    expect(await heardOnB.waitFor("after-cut", 1000)).toBeLessThan(1000);
    expect(await heardOnA.waitFor("after-cut-from-b", 1000)).toBeLessThan(1000);
    await settle();
    expect([heardOnA.count("after-cut"), heardOnB.count("after-cut"), heardOnA.count("after-cut-from-b"), heardOnB.count("after-cut-from-b")]).toEqual([
      1, 1, 1, 1,
    ]);
  });

  it("tells the other instance about a sign-out, so it closes that session's streams too", async () => {
    a.shareSignOut("session-x");
    const started = Date.now();
    while (signOutsOnB.length === 0 && Date.now() - started < 1000) await new Promise((resolve) => setTimeout(resolve, 5));
    await settle();
    expect(signOutsOnB).toEqual(["session-x"]);
    expect(signOutsOnA, "the signing-out instance closed its own streams already").toEqual([]);
  });
});
