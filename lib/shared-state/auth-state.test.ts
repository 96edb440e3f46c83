import type { Pool } from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testPool, type TestDatabase } from "@/test/pg-database";
import { createMemoryLoginThrottle, createPgLoginThrottle, type LoginLimits, type LoginThrottleStore } from "./login-throttle";
import { createMemoryRevocationStore, createPgRevocationStore } from "./revocations";
import { migratePostgres } from "@/lib/db/postgres/migrate";

const LIMITS: LoginLimits = { perAddress: 5, global: 8, windowMs: 15 * 60_000 };
const wrong = () => false;
const right = () => true;

describe("in-memory auth state (the SQLite default)", () => {
  it("forgets nothing it revoked until the session would have expired", async () => {
    const store = createMemoryRevocationStore();
    const now = Date.now();
    await store.revoke("short", Math.floor(now / 1000) + 10, now);
    await store.revoke("long", Math.floor(now / 1000) + 3600, now);
    expect(await store.isRevoked("short")).toBe(true);
    await store.revoke("other", Math.floor(now / 1000) + 3600, now + 11_000);
    expect([await store.isRevoked("short"), await store.isRevoked("long"), await store.isRevoked("never")]).toEqual([false, true, false]);
  });

  it("throttles an address after its failures and clears it on success", async () => {
    const throttle = createMemoryLoginThrottle(LIMITS);
    await throttle.reset();
    for (let failure = 1; failure <= 5; failure++) expect(await throttle.attempt("10.0.0.1", wrong)).toEqual({ kind: "refused", failuresFromAddress: failure });
    expect(await throttle.attempt("10.0.0.1", right)).toMatchObject({ kind: "throttled", scope: "address" });
    expect(await throttle.attempt("10.0.0.2", right)).toEqual({ kind: "accepted" });
    await throttle.reset();
  });
});

describe("auth state in PostgreSQL, unreachable", () => {
  it("fails a session check rather than treating the session as not signed out", async () => {
    const nowhere = testPool("postgres://postgres@127.0.0.1:1/nowhere");
    await expect(createPgRevocationStore(async () => nowhere).isRevoked("session-1")).rejects.toThrow();
    await expect(createPgLoginThrottle(async () => nowhere, LIMITS).attempt("10.0.0.1", right)).rejects.toThrow();
    await nowhere.end();
  });
});

describe("auth state in PostgreSQL, two app instances", () => {
  let database: TestDatabase;
  let poolA: Pool;
  let poolB: Pool;
  let throttleA: LoginThrottleStore;
  let throttleB: LoginThrottleStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    poolA = testPool(database.url, 4);
    poolB = testPool(database.url, 4);
    // Both instances start at once: the lock lets one create the tables and the other find them.
    await Promise.all([migratePostgres(poolA), migratePostgres(poolB), migratePostgres(poolA)]);
    throttleA = createPgLoginThrottle(async () => poolA, LIMITS);
    throttleB = createPgLoginThrottle(async () => poolB, LIMITS);
  });

  afterAll(async () => {
    await Promise.all([poolA?.end(), poolB?.end()]);
    await database?.drop();
  });

  beforeEach(async () => {
    await throttleA.reset();
  });

  it("a sign-out on instance A rejects the session on instance B, and expired rows are pruned", async () => {
    const onA = createPgRevocationStore(async () => poolA);
    const onB = createPgRevocationStore(async () => poolB);
    const now = Date.now();
    expect(await onB.isRevoked("session-1")).toBe(false);
    await onA.revoke("session-1", Math.floor(now / 1000) + 3600, now);
    await onA.revoke("session-1", Math.floor(now / 1000) + 3600, now);
    await onA.revoke("soon-expired", Math.floor(now / 1000) + 5, now);
    expect([await onB.isRevoked("session-1"), await onB.isRevoked("soon-expired"), await onB.isRevoked("session-2")]).toEqual([true, true, false]);
    await onB.revoke("session-2", Math.floor(now / 1000) + 3600, now + 6_000);
    const { rows } = await poolA.query<{ session_id: string }>("SELECT session_id FROM revoked_sessions ORDER BY session_id");
    expect(rows.map((row) => row.session_id)).toEqual(["session-1", "session-2"]);
  });

  it("counts failed sign-ins from one address across both instances", async () => {
    const outcomes = [];
    for (const throttle of [throttleA, throttleB, throttleA, throttleB, throttleA]) outcomes.push(await throttle.attempt("10.0.0.1", wrong));
    expect(outcomes.map((outcome) => (outcome.kind === "refused" ? outcome.failuresFromAddress : outcome.kind))).toEqual([1, 2, 3, 4, 5]);
    const refused = await throttleB.attempt("10.0.0.1", right);
    expect(refused).toMatchObject({ kind: "throttled", scope: "address" });
    expect(refused.kind === "throttled" && refused.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(await throttleA.attempt("10.0.0.9", right), "another address still gets in").toEqual({ kind: "accepted" });
  });

  it("lets the address in again once its failures age out of the window", async () => {
    const start = Date.now();
    for (let failure = 0; failure < 5; failure++) await throttleA.attempt("10.0.0.3", wrong, start + failure * 1000);
    expect(await throttleB.attempt("10.0.0.3", right, start + LIMITS.windowMs - 1)).toEqual({ kind: "throttled", scope: "address", retryAfterSeconds: 1 });
    expect(await throttleB.attempt("10.0.0.3", right, start + LIMITS.windowMs + 1)).toEqual({ kind: "accepted" });
  });

  it("holds the global ceiling across instances and addresses", async () => {
    for (let index = 0; index < LIMITS.global; index++) await (index % 2 ? throttleA : throttleB).attempt(`10.0.1.${index}`, wrong);
    expect(await throttleA.attempt("10.0.2.1", right)).toMatchObject({ kind: "throttled", scope: "global" });
    expect(await throttleB.attempt("10.0.2.2", right)).toMatchObject({ kind: "throttled", scope: "global" });
  });

  it("a correct password clears the address's failures on every instance", async () => {
    for (let failure = 0; failure < 4; failure++) await throttleA.attempt("10.0.0.4", wrong);
    expect(await throttleB.attempt("10.0.0.4", right)).toEqual({ kind: "accepted" });
    expect(await throttleA.attempt("10.0.0.4", wrong)).toEqual({ kind: "refused", failuresFromAddress: 1 });
  });

  it("does not overshoot the limit when guesses arrive in parallel on both instances", async () => {
    const outcomes = await Promise.all(Array.from({ length: 16 }, (_, index) => (index % 2 ? throttleA : throttleB).attempt("10.0.0.5", wrong)));
    expect(outcomes.filter((outcome) => outcome.kind === "refused")).toHaveLength(LIMITS.perAddress);
    expect(outcomes.filter((outcome) => outcome.kind === "throttled")).toHaveLength(16 - LIMITS.perAddress);
  });

  it("checks a session against the revocation table with one indexed lookup per request (a round trip, no scan)", async () => {
    const store = createPgRevocationStore(async () => poolB);
    const now = Date.now();
    for (let index = 0; index < 1000; index++) await poolA.query("INSERT INTO revoked_sessions VALUES ($1, $2)", [`bulk-${index}`, now + 3_600_000]);
    for (let index = 0; index < 50; index++) await store.isRevoked("warm-up");
    const checks = 2000;
    const started = performance.now();
    for (let index = 0; index < checks; index++) await store.isRevoked(index % 2 ? `bulk-${index % 1000}` : `absent-${index}`);
    const perCheckMs = (performance.now() - started) / checks;
    console.log(`revocation check on PostgreSQL: ${(perCheckMs * 1000).toFixed(0)} µs per check (sequential, ${checks} checks)`);
    // One loopback round trip is a few hundred microseconds even on a busy machine; a scan or a lock wait is not.
    expect(perCheckMs).toBeLessThan(5);
  });
});
