import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { exposureSettingsProblem, openAccessProblem } from "@/lib/security/bind";
import { clientAddressFrom, FORWARDED_CHAIN_HEADER, isPrivateAddress, isUnconfiguredRelay, normalizeAddress } from "@/lib/security/client-address";
import { relaySigns } from "@/lib/security/relay";
import { buildPageCsp, mediaOriginsFor } from "@/lib/security/csp";
import { checkSameOrigin, hostnameOf, isAllowedHost } from "@/lib/security/host";
import { safeReturnPath } from "@/lib/security/return-path";
import { scrubSecrets } from "@/lib/security/scrub";

/** The pure rules behind proxy.ts, the sign-in page and the logs, checked directly and with generated input. */

describe("the sign-in return path never leaves the site", () => {
  const base = "https://studio.example";
  const staysHome = (value: string) => {
    const path = safeReturnPath(value);
    const resolved = new URL(path, base);
    return resolved.origin === base && path.startsWith("/") && !path.startsWith("//") && !path.includes("\\");
  };

  it("keeps ordinary paths and query strings", () => {
    expect(safeReturnPath("/gallery?state=failed")).toBe("/gallery?state=failed");
    expect(safeReturnPath("/")).toBe("/");
  });

  it.each([
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "/\tevil",
    "//evil.example/%2e%2e",
    "/..//evil.example",
    "/./..//evil.example/x",
    "",
    "/login",
    "/login?next=/x",
    "/api/auth/logout",
  ])("refuses %j", (value) => {
    expect(safeReturnPath(value)).toBe("/");
  });

  it("resolves to this origin for any string (property)", () => {
    const pieces = fc.constantFrom(
      "/",
      "//",
      "\\",
      "%2f",
      "%5c",
      "%",
      "@",
      ":",
      ".",
      "..",
      "evil.example",
      "http:",
      "?",
      "#",
      "\t",
      "\n",
      "a",
      "%00",
      "\u2215",
      "\uff0f",
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join("")),
        staysHome,
      ),
      { numRuns: 10_000 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 80 }), staysHome), { numRuns: 3000 });
  });
});

describe("Host allow-list (DNS rebinding)", () => {
  const policy = { allowedHosts: ["studio.example", ".lan.example"], publicBaseUrl: "https://public.example" };

  it.each([
    "localhost:3000",
    "127.0.0.1:3000",
    "[::1]:3000",
    "192.168.1.20:3000",
    "[fe80::1]",
    "studio.example",
    "box.lan.example:8080",
    "public.example",
    "LOCALHOST",
  ])("accepts %s", (host) => expect(isAllowedHost(host, policy)).toBe(true));

  it.each(["evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "studio.example.evil", "", "a b", "x@localhost", "localhost:abc", "lan.example.evil"])(
    "refuses %j",
    (host) => {
      expect(isAllowedHost(host, policy)).toBe(false);
    },
  );

  it("accepts a domain name only when listed (property)", () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 2, maxLength: 4 }), fc.option(fc.integer({ min: 1, max: 65535 })), (labels, port) => {
        const name = labels.join(".");
        const host = port === null ? name : `${name}:${port}`;
        const listed = name === "studio.example" || name === "public.example" || name.endsWith(".lan.example") || name === "localhost";
        expect(isAllowedHost(host, policy)).toBe(listed);
      }),
      { numRuns: 2000 },
    );
  });

  it("parses host headers", () => {
    expect(hostnameOf("Example.COM:443")).toBe("example.com");
    expect(hostnameOf("[::1]:3000")).toBe("[::1]");
    expect(hostnameOf("a:b:c")).toBeNull();
  });
});

describe("same-origin check on writes", () => {
  const host = "localhost:3000";
  it("follows Sec-Fetch-Site when the browser sends it", () => {
    expect(checkSameOrigin({ origin: "http://localhost:3000", secFetchSite: "same-origin", host }).ok).toBe(true);
    expect(checkSameOrigin({ origin: "http://localhost:3000", secFetchSite: "same-site", host }).ok).toBe(false);
    expect(checkSameOrigin({ origin: null, secFetchSite: "cross-site", host }).ok).toBe(false);
  });
  it("compares Origin with the Host or the public URL otherwise", () => {
    expect(checkSameOrigin({ origin: "http://localhost:3000", secFetchSite: null, host }).ok).toBe(true);
    expect(checkSameOrigin({ origin: "http://localhost:3001", secFetchSite: null, host }).ok).toBe(false);
    expect(checkSameOrigin({ origin: "https://evil.example", secFetchSite: null, host }).ok).toBe(false);
    expect(checkSameOrigin({ origin: "null", secFetchSite: null, host }).ok).toBe(false);
    expect(checkSameOrigin({ origin: "https://studio.example", secFetchSite: null, host: "127.0.0.1:3000" }, "https://studio.example").ok).toBe(true);
  });
  it("lets non-browser clients (no Origin, no Sec-Fetch-Site) through: they carry no ambient cookie", () => {
    expect(checkSameOrigin({ origin: null, secFetchSite: null, host }).ok).toBe(true);
  });
});

describe("client address", () => {
  const headers = (peer: string, chain?: string) => new Headers({ "x-forwarded-for": peer, ...(chain ? { [FORWARDED_CHAIN_HEADER]: chain } : {}) });
  it("is the peer for a direct client, whatever chain it claims, with or without TRUST_PROXY", () => {
    expect(clientAddressFrom(headers("203.0.113.7", "6.6.6.6"), false)).toBe("203.0.113.7");
    expect(clientAddressFrom(headers("203.0.113.7", "6.6.6.6"), true)).toBe("203.0.113.7");
    expect(clientAddressFrom(headers("2001:db8:1:2::9", "6.6.6.6"), true)).toBe("2001:db8:1:2::/64");
    expect(clientAddressFrom(new Headers(), false)).toBe("unknown");
  });
  it("with TRUST_PROXY, is the address a proxy on this machine or a private network appended last", () => {
    expect(clientAddressFrom(headers("127.0.0.1", "6.6.6.6, 198.51.100.4"), true)).toBe("198.51.100.4");
    expect(clientAddressFrom(headers("::ffff:127.0.0.1", "198.51.100.5"), true)).toBe("198.51.100.5");
    expect(clientAddressFrom(headers("172.18.0.2", "198.51.100.6"), true)).toBe("198.51.100.6");
    expect(clientAddressFrom(headers("fd00::2", "198.51.100.7"), true)).toBe("198.51.100.7");
  });
  it("without TRUST_PROXY believes no header (a default nginx passes the client's own through), and says so", () => {
    expect(clientAddressFrom(headers("127.0.0.1", "198.51.100.4"), false)).toBe("127.0.0.1");
    expect(clientAddressFrom(headers("172.18.0.2", "198.51.100.6"), false)).toBe("172.18.0.2");
    expect(isUnconfiguredRelay(headers("127.0.0.1", "198.51.100.4"), false)).toBe(true);
    expect(isUnconfiguredRelay(headers("127.0.0.1", "198.51.100.4"), true)).toBe(false);
    // Next's own fill (no client header): nothing relayed.
    expect(isUnconfiguredRelay(headers("127.0.0.1", "127.0.0.1"), false)).toBe(false);
    expect(isUnconfiguredRelay(headers("203.0.113.7", "6.6.6.6"), false)).toBe(false);
  });
  it("groups IPv6 clients by /64 and unwraps mapped IPv4", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("2001:db8:1:2:aaaa::1")).toBe(normalizeAddress("2001:db8:1:2:bbbb::2"));
    expect(normalizeAddress("2001:db8:1:3::1")).not.toBe(normalizeAddress("2001:db8:1:2::1"));
    expect(clientAddressFrom(headers("127.0.0.1", "2001:db8:1:2:aaaa::1"), true)).toBe(clientAddressFrom(headers("127.0.0.1", "2001:DB8:1:2:bbbb::2"), true));
  });
  it("knows the private ranges", () => {
    for (const address of [
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "100.64.0.1",
      "169.254.169.254",
      "fd12:3456::/64",
      "fe80:0:0:0::/64",
      "fe80::/64",
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ["172.32.0.1", "8.8.8.8", "100.128.0.1", "2001:db8:0:0::/64", "127.0.0.1"]) expect(isPrivateAddress(address), address).toBe(false);
  });
});

describe("exposure without a password", () => {
  const settings = { hasPassword: false, allowOpenAccess: false, allowedHosts: [], trustProxy: false };
  it("refuses to listen beyond loopback, and says what to set", () => {
    expect(openAccessProblem(settings, ["::"])).toMatch(/every network interface \(::\).*-H 127\.0\.0\.1.*APP_PASSWORD.*ALLOW_OPEN_ACCESS=true/);
    expect(openAccessProblem(settings, ["127.0.0.1", "0.0.0.0"])).toMatch(/every network interface \(0\.0\.0\.0\)/);
    expect(openAccessProblem(settings, ["192.168.1.20"])).toMatch(/192\.168\.1\.20/);
  });
  it("allows loopback, a password, or an explicit ALLOW_OPEN_ACCESS", () => {
    expect(openAccessProblem(settings, ["127.0.0.1", "::1", "127.0.0.1"])).toBeNull();
    expect(openAccessProblem(settings, [])).toBeNull();
    expect(openAccessProblem({ ...settings, hasPassword: true }, ["0.0.0.0"])).toBeNull();
    expect(openAccessProblem({ ...settings, allowOpenAccess: true }, ["0.0.0.0"])).toBeNull();
  });
  it("refuses PUBLIC_BASE_URL, ALLOWED_HOSTS or TRUST_PROXY, naming them and what to set", () => {
    expect(exposureSettingsProblem(settings)).toBeNull();
    expect(exposureSettingsProblem({ ...settings, publicBaseUrl: "https://studio.example" })).toMatch(
      /^PUBLIC_BASE_URL is set.*APP_PASSWORD.*ALLOW_OPEN_ACCESS=true.*remove PUBLIC_BASE_URL/,
    );
    expect(exposureSettingsProblem({ ...settings, allowedHosts: ["studio.example"], trustProxy: true })).toMatch(/^ALLOWED_HOSTS, TRUST_PROXY are set/);
    expect(exposureSettingsProblem({ ...settings, trustProxy: true, hasPassword: true })).toBeNull();
    expect(exposureSettingsProblem({ ...settings, publicBaseUrl: "http://127.0.0.1:3000", allowOpenAccess: true })).toBeNull();
  });
});

describe("signs of a relay", () => {
  // What Next itself fills in for a browser on this machine: not a sign.
  const local = {
    host: "localhost:3000",
    "x-forwarded-for": "127.0.0.1",
    "x-forwarded-host": "localhost:3000",
    "x-forwarded-proto": "http",
    "x-forwarded-port": "3000",
  };
  it("none for a browser on this machine, over IPv4 or IPv6", () => {
    expect(relaySigns(new Headers(local))).toEqual([]);
    expect(relaySigns(new Headers({ ...local, host: "[::1]:3000", "x-forwarded-host": "[::1]:3000", "x-forwarded-for": "::1" }))).toEqual([]);
    expect(relaySigns(new Headers({ ...local, host: "127.0.0.1:3000", "x-forwarded-host": "127.0.0.1:3000", "x-forwarded-for": "::ffff:127.0.0.1" }))).toEqual(
      [],
    );
  });
  it.each([
    ["nginx or Caddy adding X-Forwarded-For", { "x-forwarded-for": "203.0.113.9" }, "x-forwarded-for"],
    ["a chain ending in loopback", { "x-forwarded-for": "203.0.113.9, 127.0.0.1" }, "x-forwarded-for"],
    ["Forwarded", { forwarded: "for=203.0.113.9" }, "forwarded"],
    ["X-Real-IP", { "x-real-ip": "127.0.0.1" }, "x-real-ip"],
    ["cloudflared", { "cf-connecting-ip": "203.0.113.9" }, "cf-connecting-ip"],
    ["X-Forwarded-Host of a public name", { "x-forwarded-host": "studio.example" }, "x-forwarded-host"],
    ["a TLS terminator", { "x-forwarded-proto": "https" }, "x-forwarded-proto"],
    ["ssh -R or ngrok passing the public Host", { host: "abc.ngrok.app", "x-forwarded-host": "abc.ngrok.app" }, "host"],
    ["a LAN address as Host", { host: "192.168.1.20:3000", "x-forwarded-host": "192.168.1.20:3000" }, "host"],
    ["no Host at all", { host: "" }, "host"],
  ])("%s", (_label, extra, sign) => {
    expect(relaySigns(new Headers({ ...local, ...extra }))).toContain(sign);
  });
});

describe("page Content-Security-Policy", () => {
  const csp = buildPageCsp({
    nonce: "abc",
    scriptHashes: ["'sha256-x'"],
    isDev: false,
    mediaOrigins: mediaOriginsFor("http://127.0.0.1:4010", false),
    allowHttpImages: false,
    upgradeInsecureRequests: false,
  });
  it("has no eval and no inline scripts or styles without the nonce", () => {
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'sha256-x' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });
  it("lets media come from the upstream's plain-http origin and the demo simulator", () => {
    expect(csp).toContain("media-src 'self' blob: https: http://127.0.0.1:4010");
    expect(mediaOriginsFor("https://api.openai-hub.com", true)).toEqual(["http://127.0.0.1:*"]);
    expect(mediaOriginsFor("https://api.openai-hub.com", false)).toEqual([]);
  });
});

describe("upstream text is scrubbed before anyone sees it", () => {
  const key = "sk-live-0123456789abcdefghij";
  it.each([
    `invalid key ${key}`,
    `{"error":"bad token","authorization":"Bearer ${key}"}`,
    `api_key=${key}&x=1`,
    "token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefgh",
  ])("%s", (text) => {
    const scrubbed = scrubSecrets(text, [key]);
    expect(scrubbed).not.toContain(key);
    expect(scrubbed).not.toMatch(/eyJhbGciOiJIUzI1NiJ9\.eyJ/);
  });
  it("runs in linear time on hostile text: 280 KB of `eyJ-` took 100 s before, now well under a second", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefgh";
    for (const filler of ["eyJ-", "Bearer ", "key: ", "a1".repeat(15) + " ", "sk-", "eyJaaaaaaa."]) {
      const text = `${filler.repeat(Math.ceil((280 * 1024) / filler.length))} ${jwt} ${key}`;
      const started = performance.now();
      const scrubbed = scrubSecrets(text, [key]);
      expect(performance.now() - started, filler).toBeLessThan(1000);
      expect(scrubbed).not.toContain(key);
      expect(scrubbed).not.toContain(jwt);
    }
  });

  it("whatever surrounds the key (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        expect(scrubSecrets(`${before}${key}${after}`, [key])).not.toContain(key);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("logs", () => {
  let captured = "";
  beforeAll(() => {
    process.env.LUMA_API_KEY = "sk-log-canary-5f4e3d2c1b";
    process.env.APP_PASSWORD = "log-password-canary";
    process.env.LOG_LEVEL = "debug";
    const capture = (chunk: string | Uint8Array) => {
      captured += String(chunk);
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
  });

  it("are pino JSON lines with secrets redacted by key name, by path and by value", async () => {
    const { log } = await import("@/lib/log");
    log.info("calling with sk-log-canary-5f4e3d2c1b", {
      headers: { authorization: "Bearer abc.def", cookie: "luma_session=v1.x", "x-request-id": "r1" },
      upstream: { apiKey: "whatever", body: "password=log-password-canary" },
      error: new Error("401 for sk-log-canary-5f4e3d2c1b"),
    });
    log.error("boom", { token: "t0ken-value-123" });
    const lines = captured
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.level)).toEqual(["info", "error"]);
    expect(lines[0]).toMatchObject({ msg: "calling with [redacted]", headers: { authorization: "[redacted]", cookie: "[redacted]", "x-request-id": "r1" } });
    for (const secret of ["sk-log-canary-5f4e3d2c1b", "log-password-canary", "abc.def", "t0ken-value-123", "whatever", "luma_session=v1"]) {
      expect(captured).not.toContain(secret);
    }
  });
});

describe("the key stays in server-only modules", () => {
  it('every lib/ module that reads the environment starts with import "server-only"', async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const root = path.resolve(import.meta.dirname, "..", "lib");
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
    const readers = walk(root).filter(
      (file) =>
        /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && /@\/lib\/env"|process\.env|securityConfig|from "\.\/config"/.test(fs.readFileSync(file, "utf8")),
    );
    expect(readers.length).toBeGreaterThan(5);
    const unguarded = readers.filter((file) => !fs.readFileSync(file, "utf8").startsWith('import "server-only";'));
    expect(unguarded.map((file) => path.relative(root, file))).toEqual([]);
  });
});
