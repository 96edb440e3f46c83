import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The integration files whose behaviour rests on the database (writes, claims, leases, limits, listing, the
 * archive): run a second time on PostgreSQL (test/harness.ts, TEST_DATABASE). The upstream-dialect files
 * (conformance, options, official variants) exercise the same storage calls and stay SQLite-only.
 */
const POSTGRES_FILES = [
  "lib/generations/admission.integration.test.ts",
  "lib/generations/archive.integration.test.ts",
  "lib/generations/archive-s3.integration.test.ts",
  "lib/generations/bulk.integration.test.ts",
  "lib/generations/callbacks.integration.test.ts",
  "lib/generations/create.integration.test.ts",
  "lib/generations/derive-route.limits.integration.test.ts",
  "lib/generations/derive-route.platform.integration.test.ts",
  "lib/generations/list-days.integration.test.ts",
  "lib/generations/manage.integration.test.ts",
  "lib/generations/uploads.integration.test.ts",
  "lib/jobs/lifecycle.integration.test.ts",
  "lib/jobs/timeout.integration.test.ts",
];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside a React Server bundle; in tests every module is server-side.
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most files wait on servers, sockets and timers rather than the CPU; the default here was one worker, which
    // ran the files one after another (525 s → 348 s with two, on a loaded 2-core machine).
    maxWorkers: 2,
    // "default" is every test file (SQLite, and the files that start PostgreSQL themselves); "postgres" repeats
    // POSTGRES_FILES on PostgreSQL.
    projects: [
      { extends: true, test: { name: "default", include: ["**/*.test.ts", "**/*.test.tsx"], exclude: ["node_modules/**", "e2e/**", ".next/**"] } },
      { extends: true, test: { name: "postgres", include: POSTGRES_FILES, env: { TEST_DATABASE: "postgres" } } },
    ],
  },
});
