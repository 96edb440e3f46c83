import "server-only";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { env } from "@/lib/env";
import { ensurePrivateFile } from "@/lib/security/private-files";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

type DbHandle = { db: Db; sqlite: Database.Database; file: string };

// Route handlers and instrumentation load separate module instances; one handle per process lives here.
const holder = globalThis as typeof globalThis & { __lumaDb?: DbHandle };

const MIGRATIONS_DIR = path.join(process.cwd(), "lib", "db", "migrations");

export function openDatabase(file: string): DbHandle {
  // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
  if (file !== ":memory:") ensurePrivateFile(file);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db, sqlite, file };
}

export function getDb(): Db {
  return getDbHandle().db;
}

export function getDbHandle(): DbHandle {
  if (!holder.__lumaDb || holder.__lumaDb.file !== env.DATABASE_PATH) {
    holder.__lumaDb = openDatabase(env.DATABASE_PATH);
  }
  return holder.__lumaDb;
}

/** At shutdown: close the handle (SQLite checkpoints its WAL into the database file and removes it). */
export function closeDatabase(): void {
  const handle = holder.__lumaDb;
  holder.__lumaDb = undefined;
  handle?.sqlite.close();
}
