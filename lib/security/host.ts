/**
 * Host and origin rules. Pure functions (no env access) so they are unit- and property-tested directly;
 * `lib/security/config.ts` feeds them the configured values.
 */

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** `host[:port]` → lower-case host name without the port (IPv6 keeps its brackets). Null when unusable. */
export function hostnameOf(hostHeader: string | null | undefined): string | null {
  if (!hostHeader) return null;
  const value = hostHeader.trim().toLowerCase();
  if (value.length === 0 || value.length > 255 || /[\s/\\@?#]/.test(value)) return null;
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    if (end < 0) return null;
    const rest = value.slice(end + 1);
    if (rest !== "" && !/^:\d{1,5}$/.test(rest)) return null;
    return value.slice(0, end + 1);
  }
  const parts = value.split(":");
  if (parts.length > 2) return null;
  if (parts.length === 2 && !/^\d{1,5}$/.test(parts[1] ?? "")) return null;
  const name = parts[0] ?? "";
  return /^[a-z0-9.-]+$/.test(name) ? name.replace(/\.$/, "") : null;
}

function isIpLiteral(hostname: string): boolean {
  if (/^\[[0-9a-f:.]+\]$/.test(hostname)) return true;
  const octets = hostname.split(".");
  return octets.length === 4 && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}

export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export type HostPolicy = { allowedHosts: readonly string[]; publicBaseUrl?: string };

/**
 * DNS rebinding works only through a name the attacker controls, so loopback names, IP literals, the public
 * URL's host and the hosts listed in ALLOWED_HOSTS are accepted, and every other name is refused.
 */
export function isAllowedHost(hostHeader: string | null | undefined, policy: HostPolicy): boolean {
  const hostname = hostnameOf(hostHeader);
  if (!hostname) return false;
  if (isLoopbackHostname(hostname) || isIpLiteral(hostname)) return true;
  if (policy.publicBaseUrl && hostname === new URL(policy.publicBaseUrl).hostname.toLowerCase()) return true;
  return policy.allowedHosts.some((allowed) => allowed === hostname || (allowed.startsWith(".") && hostname.endsWith(allowed)));
}

type OriginVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Cross-site request check for state-changing methods, in the order Go's `http.CrossOriginProtection` uses:
 * `Sec-Fetch-Site` when the browser sends it (page scripts cannot forge it), else `Origin` against the Host
 * (or the public URL), else allow: a request with neither comes from a non-browser client, which carries no
 * ambient cookie and so cannot be a forgery. DNS rebinding is stopped by the Host allow-list, not here.
 */
export function checkSameOrigin(headers: { origin: string | null; secFetchSite: string | null; host: string | null }, publicBaseUrl?: string): OriginVerdict {
  const { origin, secFetchSite, host } = headers;
  if (secFetchSite !== null) {
    return secFetchSite === "same-origin" || secFetchSite === "none" ? { ok: true } : { ok: false, reason: `Sec-Fetch-Site: ${secFetchSite}` };
  }
  if (origin === null) return { ok: true };
  if (origin === "null") return { ok: false, reason: "opaque Origin" };
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return { ok: false, reason: "malformed Origin" };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { ok: false, reason: "Origin scheme" };
  if (publicBaseUrl && parsed.origin === new URL(publicBaseUrl).origin) return { ok: true };
  if (host && parsed.host === host.trim().toLowerCase()) return { ok: true };
  return { ok: false, reason: "Origin does not match Host" };
}

export const STATE_CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
