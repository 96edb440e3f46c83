import { hostnameOf, isLoopbackHostname } from "./host";

/**
 * Signs that a request reached us through something relaying it — a reverse proxy, a tunnel (ngrok,
 * cloudflared, tailscale funnel), or a port forward (`ssh -R`, socat) — rather than straight from a browser
 * on this machine. Pure, so it is tested directly.
 *
 * Next fills `X-Forwarded-For` (with the socket's address), `X-Forwarded-Host` (with the Host),
 * `X-Forwarded-Proto` and `X-Forwarded-Port` before proxy.ts and the routes run, when the client sent none.
 * Those fills are not signs: without a password the studio listens on loopback only, so Next's own
 * `X-Forwarded-For` is always one loopback address. Anything else in them came from the client or a relay.
 */
const ALWAYS_RELAYED = ["forwarded", "x-real-ip", "cf-connecting-ip", "true-client-ip", "x-client-ip", "x-forwarded-server", "via"] as const;

export function relaySigns(headers: Headers): string[] {
  const signs: string[] = ALWAYS_RELAYED.filter((name) => headers.has(name));
  const host = headers.get("host");
  const hostname = hostnameOf(host);
  if (!hostname || !isLoopbackHostname(hostname)) signs.push("host");
  const forwardedFor = headers.get("x-forwarded-for");
  if (forwardedFor !== null && !isLoopbackAddress(forwardedFor.trim())) signs.push("x-forwarded-for");
  const forwardedHost = headers.get("x-forwarded-host");
  if (forwardedHost !== null && forwardedHost.trim().toLowerCase() !== (host ?? "").trim().toLowerCase()) signs.push("x-forwarded-host");
  // A TLS terminator says https; Next's own fill says http on a plain socket.
  const forwardedProto = headers.get("x-forwarded-proto");
  if (forwardedProto !== null && forwardedProto.trim().toLowerCase() !== "http") signs.push("x-forwarded-proto");
  return signs;
}

/** One loopback address, as a socket reports it (`127.0.0.1`, `::1`, `::ffff:127.0.0.1`); a list is not one. */
export function isLoopbackAddress(value: string): boolean {
  const address = value.toLowerCase().replace(/^\[|\]$/g, "");
  return address === "::1" || /^(?:::ffff:)?127(?:\.\d{1,3}){3}$/.test(address);
}
