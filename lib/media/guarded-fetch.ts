import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Readable } from "node:stream";

/**
 * Where media may be fetched from. A gateway names the media URLs, so a hostile or intercepted one could make the
 * archiver fetch an internal address (the cloud metadata service, the LAN, this machine), store the answer and
 * serve it back. Only the configured upstream's own origin is trusted beyond the public internet: the demo
 * simulator and a gateway on the LAN serve media from there, over plain http too.
 */
export type MediaFetchPolicy = {
  /** The upstream's origin (`http://127.0.0.1:3291`): allowed over http and on a private or loopback address. */
  trustedOrigin?: string;
};

/** A URL or an address the policy does not allow; download.ts turns it into its `refused` reason. */
class MediaAddressRefused extends Error {
  readonly code = "MEDIA_ADDRESS_REFUSED";
  constructor(message: string) {
    super(message);
    this.name = "MediaAddressRefused";
  }
}

export const isMediaAddressRefused = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "MEDIA_ADDRESS_REFUSED";

const MAX_REDIRECTS = 5;

/** Addresses no media host has: loopback, private, shared (CGNAT), link-local (metadata), multicast, reserved. */
const internal = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  internal.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const) {
  internal.addSubnet(prefix, bits, "ipv6");
}

/** Whether `address` (an IP literal) is one the archiver must not reach, IPv4-mapped IPv6 included. */
export function isInternalAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return internal.check(address, "ipv4");
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return internal.check(mapped, "ipv4");
  return internal.check(address, "ipv6");
}

function sameOrigin(url: URL, origin: string | undefined): boolean {
  if (!origin) return false;
  try {
    return new URL(origin).origin === url.origin;
  } catch {
    return false;
  }
}

/**
 * The name is resolved by this lookup and the connection goes to the address it checked, so a name that resolves
 * to a public address when checked and to an internal one when connecting (DNS rebinding) cannot slip through.
 */
function guardedLookup(trusted: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as dns.LookupAddress[];
      const allowed = trusted ? list : list.filter((entry) => !isInternalAddress(entry.address));
      if (allowed.length === 0) {
        return callback(new MediaAddressRefused(`${hostname} resolves only to internal addresses (${list.map((entry) => entry.address).join(", ")})`), "", 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed);
      const first = allowed[0];
      callback(null, first?.address ?? "", first?.family ?? 4);
    });
  };
}

/** Checks one hop's URL before anything is sent to it. */
function checkUrl(url: URL, policy: MediaFetchPolicy): { trusted: boolean } {
  const trusted = sameOrigin(url, policy.trustedOrigin);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && trusted)) {
    throw new MediaAddressRefused(`Media must come over https (plain http only from the upstream's own host): ${url.protocol}//${url.host}`);
  }
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (!trusted && net.isIP(literal) && isInternalAddress(literal)) throw new MediaAddressRefused(`Media URL names an internal address: ${url.host}`);
  return { trusted };
}

function requestOnce(url: URL, init: { headers: Record<string, string>; signal: AbortSignal }, trusted: boolean): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    const request = transport.request(url, { method: "GET", headers: init.headers, signal: init.signal, lookup: guardedLookup(trusted) }, resolve);
    request.on("error", reject);
    request.end();
  });
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A GET that goes only where `policy` allows, checked again at every redirect hop and at the resolved address.
 * Answers a standard Response so download.ts reads it the same as any fetch.
 */
export async function guardedFetch(
  input: string,
  init: { headers?: Record<string, string>; signal: AbortSignal },
  policy: MediaFetchPolicy,
): Promise<Response> {
  let url = new URL(input);
  for (let hop = 0; ; hop += 1) {
    const { trusted } = checkUrl(url, policy);
    const answer = await requestOnce(url, { headers: init.headers ?? {}, signal: init.signal }, trusted);
    const status = answer.statusCode ?? 502;
    const location = answer.headers.location;
    if (status >= 300 && status < 400 && location) {
      answer.resume();
      if (hop >= MAX_REDIRECTS) throw new MediaAddressRefused(`Media link redirected more than ${MAX_REDIRECTS} times`);
      url = new URL(location, url);
      continue;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    if (NULL_BODY_STATUSES.has(status) || status < 200) {
      answer.resume();
      return new Response(null, { status: status < 200 ? 502 : status, headers });
    }
    return new Response(Readable.toWeb(answer) as ReadableStream<Uint8Array>, { status, statusText: answer.statusMessage, headers });
  }
}
