import "server-only";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { securityConfig } from "@/lib/security/config";
import { readOrCreatePrivateFile } from "@/lib/security/private-files";

const FILE_NAME = "session-secret";
const holder = globalThis as typeof globalThis & { __lumaSessionSecret?: string };

/**
 * SESSION_SECRET when set; otherwise a random secret created once in DATA_DIR (mode 600), so sessions survive a
 * restart without asking the user for one more setting.
 */
export function getSessionSecret(): string {
  if (securityConfig.sessionSecret) return securityConfig.sessionSecret;
  if (holder.__lumaSessionSecret) return holder.__lumaSessionSecret;
  const file = path.join(securityConfig.dataDir, FILE_NAME);
  const secret = readOrCreatePrivateFile(file, () => randomBytes(32).toString("base64url"));
  if (secret.length < 32) throw new Error(`${file} is too short to be a session secret; delete it to make a new one`);
  holder.__lumaSessionSecret = secret;
  return secret;
}
