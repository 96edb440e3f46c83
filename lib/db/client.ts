import "server-only";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { ensurePrivateFile } from "@/lib/security/private-files";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

export type DbHandle = { db: Db; sqlite: Database.Database };

const MIGRATIONS_DIR = path.join(process.cwd(), "lib", "db", "migrations");

/** Opens and migrates a SQLite file. Once per process: lib/db/store.ts keeps the store that holds it. */
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
  return { db, sqlite };
}
