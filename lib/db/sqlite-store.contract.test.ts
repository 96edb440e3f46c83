import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { describeStoreContract } from "@/test/store-contract";
import { SqliteStore } from "./sqlite-store";

// The same contract PostgreSQL passes (lib/db/postgres/store.integration.test.ts), on the embedded default.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luma-store-contract-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each connect is another process's handle on the same file, as each is another instance's pool for PostgreSQL.
describeStoreContract("SQLite", async () => new SqliteStore(path.join(dir, "studio.db")));
