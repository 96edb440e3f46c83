import "server-only";
import fs from "node:fs";
import path from "node:path";

/**
 * The data folder holds the database (prompts, callback secret hashes), the session secret and the access
 * token: nobody but the account running the studio may read them. Folders are 0700 and files 0600; ones an
 * older version created with the default umask (0755/0644) are tightened when they are ours.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, 0o700);
}

/** Creates `file` (empty) as 0600 if missing, and tightens it if it exists; its folder is made private too. */
export function ensurePrivateFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  fs.closeSync(fs.openSync(file, "a", 0o600));
  tighten(file, 0o600);
}

/**
 * Writes `content` to `file` unless it exists (`wx`, so two first starts agree on one file), 0600 either way;
 * answers what the file holds.
 */
export function readOrCreatePrivateFile(file: string, create: () => string): string {
  ensurePrivateDir(path.dirname(file));
  try {
    fs.writeFileSync(file, create(), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  tighten(file, 0o600);
  return fs.readFileSync(file, "utf8").trim();
}

function tighten(target: string, mode: number): void {
  const info = fs.statSync(target);
  const isOurs = typeof process.getuid !== "function" || info.uid === process.getuid();
  if (isOurs && (info.mode & 0o777) !== mode) fs.chmodSync(target, mode);
}
