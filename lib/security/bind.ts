import net from "node:net";
import { isLoopbackAddress } from "./relay";

/**
 * Where this process listens, read from its listening sockets rather than from a command line: the check then
 * holds however the studio was started (`next start`, the start script, a standalone or custom server).
 * Node has no public list of servers; `_getActiveHandles` has been there since Node 0.x and is all we need.
 */
export function listeningAddresses(): string[] {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  const addresses: string[] = [];
  for (const handle of handles) {
    if (!(handle instanceof net.Server) || !handle.listening) continue;
    const address = handle.address();
    // A Unix socket (a string) is reachable only through the filesystem.
    if (address && typeof address === "object") addresses.push(address.address);
  }
  return addresses;
}

export type ExposureSettings = {
  hasPassword: boolean;
  allowOpenAccess: boolean;
  publicBaseUrl?: string;
  allowedHosts: readonly string[];
  trustProxy: boolean;
};

const isOpenOnPurpose = (settings: ExposureSettings) => settings.hasPassword || settings.allowOpenAccess;

const HOW_TO_OPEN =
  "Set APP_PASSWORD (at least 8 characters) to serve it beyond this computer, or ALLOW_OPEN_ACCESS=true to serve anyone who can reach it on purpose.";

/**
 * Without a password the studio may only listen on loopback. Null when serving is fine; otherwise what is
 * wrong and what to set.
 */
export function openAccessProblem(settings: ExposureSettings, addresses: readonly string[]): string | null {
  if (isOpenOnPurpose(settings)) return null;
  const open = addresses.find((address) => !isLoopbackAddress(address) && address !== "localhost");
  if (open === undefined) return null;
  const where = open === "::" || open === "0.0.0.0" ? `every network interface (${open})` : open;
  return `The studio listens on ${where} without APP_PASSWORD, so anyone who can reach this machine could spend the API key. Listen on 127.0.0.1 (npm start does; with next start use -H 127.0.0.1), or: ${HOW_TO_OPEN}`;
}

/**
 * PUBLIC_BASE_URL, ALLOWED_HOSTS and TRUST_PROXY only matter when the studio is reached from elsewhere, which
 * without a password would hand the key to whoever finds it. Null when the settings are consistent.
 */
export function exposureSettingsProblem(settings: ExposureSettings): string | null {
  if (isOpenOnPurpose(settings)) return null;
  const set = [
    settings.publicBaseUrl ? "PUBLIC_BASE_URL" : null,
    settings.allowedHosts.length > 0 ? "ALLOWED_HOSTS" : null,
    settings.trustProxy ? "TRUST_PROXY" : null,
  ].filter((name): name is string => name !== null);
  if (set.length === 0) return null;
  return `${set.join(", ")} ${set.length === 1 ? "is" : "are"} set, which serves the studio beyond this computer, but APP_PASSWORD is not. ${HOW_TO_OPEN} Or remove ${set.join(" and ")} to keep it on this computer.`;
}
