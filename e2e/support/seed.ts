import { execFileSync } from "node:child_process";

/**
 * Writes finished-looking generations straight into the main e2e server's database (scripts/seed.ts), each
 * prompt ending with `tag` so a search for it shows exactly these. For numbers or dates the API cannot make.
 */
export function seedGenerations(count: number, tag: string, { at }: { at?: Date } = {}): void {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error("E2E_DATA_DIR is set by playwright.config.ts");
  const args = ["tsx", "--conditions=react-server", "scripts/seed.ts", "--count", String(count), "--tag", tag, "--finished"];
  if (at) args.push("--at", at.toISOString());
  execFileSync("npx", args, { env: { ...process.env, DATA_DIR: dataDir, LUMA_API_KEY: "", LOG_LEVEL: "warn" }, stdio: "pipe" });
}
