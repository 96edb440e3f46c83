import { randomBytes } from "node:crypto";
import { Client, Pool } from "pg";

/**
 * A fresh, empty PostgreSQL database on the machine's own server for one test file, dropped afterwards, so test
 * files never see each other's rows or notifications. TEST_PG_ADMIN_URL names a database to connect to for the
 * CREATE and DROP (default: the local server's `test` database as `postgres`, trust auth).
 */
export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

export const ADMIN_URL = process.env.TEST_PG_ADMIN_URL || "postgres://postgres@127.0.0.1:5432/test";

export async function asAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `luma_test_${randomBytes(6).toString("hex")}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    // FORCE: a connection a test left open (or one it cut on purpose) must not keep the database alive.
    drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * A pool on the test database. pool.end() resolves before its sockets have closed, so the DROP that ends a test
 * can still terminate one of them: that error (and only at teardown) is expected, not a failure.
 */
export function testPool(url: string, max = 2): Pool {
  // Pipelined, as the shared-state pool is (lib/shared-state/pool.ts).
  const pool = new Pool({ connectionString: url, max, pipeline: true });
  pool.on("error", () => {});
  return pool;
}
