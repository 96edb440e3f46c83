import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * proxy.ts and the routes together decide who a client is. Next fills X-Forwarded-For with the socket's
 * address only when the request has none, before proxy.ts and again before the route; this replays that
 * around proxy.ts in process, with TRUST_PROXY on, for peers that are and are not a proxy of the owner's.
 */
let proxy: typeof import("@/proxy").proxy;
let clientAddressFrom: typeof import("@/lib/security/client-address").clientAddressFrom;

beforeAll(async () => {
  Object.assign(process.env, {
    APP_PASSWORD: "client-address-password",
    TRUST_PROXY: "true",
    DATA_DIR: `/tmp/luma-client-address-${process.pid}`,
    LOG_LEVEL: "silent",
  });
  ({ proxy } = await import("@/proxy"));
  ({ clientAddressFrom } = await import("@/lib/security/client-address"));
});

/** The client address a route computes for a sign-in that `peer` sent with `forwardedFor`. */
async function addressSeenByRoute(peer: string, forwardedFor: string | null): Promise<string> {
  const sent = new Headers({ host: "127.0.0.1:3000", "content-type": "application/json" });
  if (forwardedFor) sent.set("x-forwarded-for", forwardedFor);
  // Next, before proxy.ts: X-Forwarded-For ??= the socket's address.
  if (!sent.has("x-forwarded-for")) sent.set("x-forwarded-for", peer);
  const response = await proxy(new NextRequest("http://127.0.0.1:3000/api/auth/login", { method: "POST", headers: sent }));
  expect(response.headers.get("x-middleware-next")).toBe("1");
  // Next applies proxy.ts's request headers (the ones it lists are kept, the rest dropped), then before the
  // route fills X-Forwarded-For with the socket's address again if proxy.ts removed it.
  const kept = (response.headers.get("x-middleware-override-headers") ?? "").split(",").filter(Boolean);
  const seen = new Headers();
  for (const name of kept) seen.set(name, response.headers.get(`x-middleware-request-${name}`) ?? "");
  if (!seen.has("x-forwarded-for")) seen.set("x-forwarded-for", peer);
  return clientAddressFrom(seen, true);
}

describe("with TRUST_PROXY", () => {
  it("a client connecting directly from the internet cannot pick its own address", async () => {
    expect(await addressSeenByRoute("203.0.113.7", "1.2.3.4")).toBe("203.0.113.7");
    expect(await addressSeenByRoute("203.0.113.7", null)).toBe("203.0.113.7");
  });

  it("behind the owner's proxy (this machine or a private network) it is the address the proxy appended", async () => {
    expect(await addressSeenByRoute("127.0.0.1", "1.2.3.4, 198.51.100.4")).toBe("198.51.100.4");
    expect(await addressSeenByRoute("172.18.0.2", "198.51.100.5")).toBe("198.51.100.5");
  });

  it("groups IPv6 visitors behind the proxy by /64", async () => {
    expect(await addressSeenByRoute("127.0.0.1", "2001:db8:1:2::a")).toBe(await addressSeenByRoute("127.0.0.1", "2001:db8:1:2:ffff::b"));
    expect(await addressSeenByRoute("127.0.0.1", "2001:db8:1:2::a")).not.toBe(await addressSeenByRoute("127.0.0.1", "2001:db8:1:3::a"));
  });
});
