/**
 * `node --import tsx e2e/support/postgres-s3-server.ts PORT`: the built studio for the postgres-s3 journeys, on
 * PostgreSQL and S3 instead of SQLite and a media folder. Makes its database afresh (dropping one that a run
 * killed before its clean-up left), starts s3rver with the bucket, then `next start` with both in its env.
 * Playwright stops it with SIGTERM to the whole process group: the app shuts down on its own signal, then the
 * database and the bucket's folder go.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { asAdmin } from "../../test/pg-database";
import { startS3Server } from "../../test/s3-server";
import { postgresS3Database, postgresS3Env } from "./postgres-s3";

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error("usage: postgres-s3-server.ts PORT");
const storageEnv = postgresS3Env(port);
const database = postgresS3Database(port);
const dropDatabase = () => asAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);

await dropDatabase();
await asAdmin(`CREATE DATABASE ${database}`);
const s3 = await startS3Server(storageEnv.S3_BUCKET, { port: port + 1 });
const app = spawn(
  process.execPath,
  [path.resolve(import.meta.dirname, "../../node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
  {
    stdio: "inherit",
    env: { ...process.env, ...storageEnv },
  },
);
const appExited = new Promise<number>((resolve) => app.once("exit", (code) => resolve(code ?? 1)));

let isStopping = false;
async function cleanUp(code: number): Promise<never> {
  await s3.close();
  await dropDatabase().catch((error: unknown) => console.error(`could not drop ${database}:`, error));
  process.exit(code);
}
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (isStopping) return;
    isStopping = true;
    // Signalled alone (not as a group): pass it on, late enough not to be the second signal that cuts a shutdown short.
    setTimeout(() => app.kill(signal), 3000).unref();
    void appExited.then(() => cleanUp(0));
  });
}
void appExited.then((code) => {
  if (!isStopping) void cleanUp(code);
});
