import { isLoopbackAddress } from "./relay";

/**
 * Where proxy.ts puts the `X-Forwarded-For` it received (from the client or a relay) before removing the
 * original, so that Next refills `X-Forwarded-For` with the socket's own address for the routes. The routes
 * then see both: who connected (the peer) and what that peer claims about the client (the chain).
 */
export const FORWARDED_CHAIN_HEADER = "x-luma-forwarded-for";

/**
 * The client's address as route handlers see it, for throttling and rate limits. With TRUST_PROXY, a peer on
 * this machine or a private network is the owner's proxy, and the client is the address it appended last.
 * Anyone else connected directly and is their own address, whatever headers they send. Without TRUST_PROXY
 * no header is believed: a default nginx passes a client's X-Forwarded-For through untouched, so the "last
 * entry" would be the client's own pick (see `isUnconfiguredRelay`).
 */
export function clientAddressFrom(headers: Headers, trustProxy: boolean): string {
  const peer = entries(headers.get("x-forwarded-for"))[0];
  const relayed = entries(headers.get(FORWARDED_CHAIN_HEADER)).at(-1);
  if (relayed && peer && trustProxy && isProxyPeer(peer)) return normalizeAddress(relayed);
  return peer ? normalizeAddress(peer) : "unknown";
}

/**
 * A proxy on this machine or network forwards for someone else, but TRUST_PROXY is off: every visitor behind
 * it counts as the proxy's one address, so one visitor's failed sign-ins throttle them all. Worth telling
 * the owner.
 */
export function isUnconfiguredRelay(headers: Headers, trustProxy: boolean): boolean {
  const peer = entries(headers.get("x-forwarded-for"))[0];
  const relayed = entries(headers.get(FORWARDED_CHAIN_HEADER)).at(-1);
  return !trustProxy && Boolean(peer && relayed && isProxyPeer(peer) && normalizeAddress(relayed) !== normalizeAddress(peer));
}

const isProxyPeer = (peer: string) => isLoopbackAddress(peer) || isPrivateAddress(normalizeAddress(peer));

const entries = (value: string | null) =>
  (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client; IPv6 clients are grouped by /64, which one user usually holds. */
export function normalizeAddress(address: string): string {
  const value = address
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .slice(0, 64);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (mapped) return mapped[1] ?? value;
  if (value.includes(":") && value !== "::1") {
    const groups = expandIpv6(value);
    if (groups) return `${groups.slice(0, 4).join(":")}::/64`;
  }
  return value;
}

/** RFC 1918, carrier-grade NAT (tailnets), IPv6 unique-local and link-local: where a proxy of one's own sits. */
export function isPrivateAddress(normalized: string): boolean {
  const octets = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(normalized);
  if (octets) {
    const [a, b] = [Number(octets[1]), Number(octets[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254);
  }
  return /^f[cd][0-9a-f]{0,2}:/.test(normalized) || /^fe[89ab][0-9a-f]?:/.test(normalized);
}

function expandIpv6(value: string): string[] | null {
  if (!/^[0-9a-f:]+$/.test(value)) return null;
  const halves = value.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array.from({ length: fill }, () => "0"), ...tail];
  return groups.length === 8 ? groups.map((group) => group.replace(/^0+(?=.)/, "")) : null;
}
