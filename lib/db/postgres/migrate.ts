import "server-only";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { Pool } from "pg";

const MIGRATIONS_DIR = path.join(process.cwd(), "lib", "db", "migrations-pg");

/** Any fixed number, the same in every instance: whoever holds it is the only one migrating. */
const MIGRATION_LOCK_KEY = 7_461_153_101;

/**
 * Several instances may start together against one empty database: the session-level advisory lock lets
 * one of them apply the migrations while the others wait, then find nothing left to do. The generations store
 * and the shared-state pool (lib/shared-state/pool.ts) both run it before their first query, whichever opens first.
 */
export async function migratePostgres(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
