import type { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { createPgLoginThrottle } from "@/lib/shared-state/login-throttle";
import { createPgRevocationStore } from "@/lib/shared-state/revocations";
import { createTestDatabase, testPool, type TestDatabase } from "@/test/pg-database";

/**
 * Sign-in and sign-out as this process runs them with DATABASE_URL set, against a second "instance" that
 * shares the database: what one does, the other honours.
 */
const PASSWORD = "shared-state-password";
let database: TestDatabase;
let otherInstance: Pool;
let session: typeof import("./session");
let login: typeof import("./login");

async function refusal(attempt: Promise<void>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return "accepted";
}

beforeAll(async () => {
  database = await createTestDatabase();
  Object.assign(process.env, { DATABASE_URL: database.url, APP_PASSWORD: PASSWORD, SESSION_SECRET: "s".repeat(40), LOG_LEVEL: "silent" });
  session = await import("./session");
  login = await import("./login");
  otherInstance = testPool(database.url);
  // This process migrates on first use; the other instance's stores read the same tables.
  await login.resetLoginThrottle();
});

afterAll(async () => {
  await otherInstance?.end();
  const { sharedStatePool } = await import("@/lib/shared-state/pool");
  await (await sharedStatePool(database.url)).end();
  await database?.drop();
});

describe("auth state shared through PostgreSQL", () => {
  it("a session signed out on another instance stops working here at once", async () => {
    const { token, session: issued } = await session.createSessionToken();
    expect(await session.verifySessionToken(token)).toEqual(issued);
    await createPgRevocationStore(async () => otherInstance).revoke(issued.id, issued.expiresAt);
    expect(await session.verifySessionToken(token)).toBeNull();
  });

  it("a sign-out here is seen by another instance", async () => {
    const { session: issued } = await session.createSessionToken();
    await session.revokeSession(issued);
    expect(await createPgRevocationStore(async () => otherInstance).isRevoked(issued.id)).toBe(true);
  });

  it("failed sign-ins on another instance count toward this one's throttle", async () => {
    const elsewhere = createPgLoginThrottle(async () => otherInstance, {
      perAddress: login.LOGIN_FAILURES_PER_ADDRESS,
      global: login.LOGIN_FAILURES_GLOBAL,
      windowMs: 15 * 60_000,
    });
    for (let failure = 1; failure < login.LOGIN_FAILURES_PER_ADDRESS; failure++) await elsewhere.attempt("192.0.2.7", () => false);
    expect(await refusal(login.attemptLogin("wrong-password", "192.0.2.7"))).toBe("unauthorized");
    expect(await refusal(login.attemptLogin(PASSWORD, "192.0.2.7"))).toBe("rate_limited");
    expect(await refusal(login.attemptLogin(PASSWORD, "192.0.2.8"))).toBe("accepted");
  });
});
