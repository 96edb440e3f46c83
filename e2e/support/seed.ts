import { execFileSync } from "node:child_process";
import { test } from "@playwright/test";

/**
 * Writes finished-looking generations straight into the storage of the server the running journey's project
 * uses (scripts/seed.ts; SQLite and a folder, or PostgreSQL and S3), each prompt ending with `tag` so a search
 * for it shows exactly these. For numbers or dates the API cannot make.
 */
export function seedGenerations(count: number, tag: string, { at }: { at?: Date } = {}): void {
  const storageEnv = test.info().project.metadata.storageEnv as Record<string, string> | undefined;
  if (!storageEnv) throw new Error(`project ${test.info().project.name} names no storageEnv in playwright.config.ts`);
  const args = ["tsx", "--conditions=react-server", "scripts/seed.ts", "--count", String(count), "--tag", tag, "--finished"];
  if (at) args.push("--at", at.toISOString());
  execFileSync("npx", args, { env: { ...process.env, ...storageEnv, LUMA_API_KEY: "", LOG_LEVEL: "warn" }, stdio: "pipe" });
}
