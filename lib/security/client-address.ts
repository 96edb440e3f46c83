/**
 * The client's address as route handlers see it. Under a bare `next start`, Next fills `X-Forwarded-For` with
 * the socket's address only when the client sent none; proxy.ts removes a client-sent one unless TRUST_PROXY
 * is set, so the first entry is the socket's. Behind a trusted proxy the last entry is the one it appended.
 */
export function clientAddressFrom(headers: Headers, trustProxy: boolean): string {
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return "unknown";
  const entries = forwarded.split(",").map((part) => part.trim()).filter(Boolean);
  const chosen = (trustProxy ? entries.at(-1) : entries[0]) ?? "unknown";
  return normalizeAddress(chosen);
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client; IPv6 clients are grouped by /64, which one user usually holds. */
export function normalizeAddress(address: string): string {
  const value = address.toLowerCase().replace(/^\[|\]$/g, "").slice(0, 64);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (mapped) return mapped[1] ?? value;
  if (value.includes(":") && value !== "::1") {
    const groups = expandIpv6(value);
    if (groups) return `${groups.slice(0, 4).join(":")}::/64`;
  }
  return value;
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
