import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATIC_FILE_HEADERS } from "@/lib/security/baseline.mjs";
import { rawRequest } from "@/test/built-server";
import { acceptsBrotli, answerWithBrotli, findBrotliCopies, installBrotliStatic } from "./brotli-static.mjs";

describe("acceptsBrotli", () => {
  it.each([
    ["gzip, deflate, br, zstd", true],
    ["br", true],
    ["gzip;q=1.0, br;q=0.5", true],
    ["BR", true],
    ["*", true],
    ["gzip, *;q=0.1", true],
    ["gzip, deflate", false],
    ["gzip, br;q=0", false],
    ["br;q=0, *", false],
    ["*;q=0", false],
    ["brotli", false],
    ["", false],
    [undefined, false],
  ])("%s → %s", (header, expected) => {
    expect(acceptsBrotli(header)).toBe(expected);
  });
});

/** A fake .next/static: a script with its copy, a stylesheet with its copy, a script without one, a stray copy. */
function fakeStatic(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luma-brotli-"));
  const write = (name: string, body: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  };
  const script = "console.log('hello from a chunk');".repeat(50);
  write("chunks/abc123.js", script);
  write("chunks/abc123.js.br", zlib.brotliCompressSync(script));
  write("chunks/style9.css", "body{color:red}");
  write("chunks/style9.css.br", zlib.brotliCompressSync("body{color:red}"));
  write("chunks/plain.js", "1");
  write("chunks/orphan.js.br", zlib.brotliCompressSync("2"));
  write("media/logo.svg", "<svg/>");
  write("media/logo.svg.br", zlib.brotliCompressSync("<svg/>"));
  return dir;
}

describe("findBrotliCopies", () => {
  it("maps each URL path to its copy, and skips copies without an original or of other types", () => {
    const dir = fakeStatic();
    const copies = findBrotliCopies(dir);
    expect([...copies.keys()].sort()).toEqual(["/_next/static/chunks/abc123.js", "/_next/static/chunks/style9.css"]);
    expect(copies.get("/_next/static/chunks/style9.css")?.type).toBe("text/css; charset=utf-8");
    expect(copies.get("/_next/static/chunks/abc123.js")?.size).toBe(fs.statSync(path.join(dir, "chunks/abc123.js.br")).size);
    expect(findBrotliCopies(path.join(dir, "missing")).size).toBe(0);
  });
});

describe("answerWithBrotli in front of a listener", () => {
  let server: http.Server;
  let port: number;
  let dir: string;
  const passedOn: string[] = [];

  beforeAll(async () => {
    dir = fakeStatic();
    const copies = findBrotliCopies(dir);
    server = http.createServer((req, res) => {
      if (answerWithBrotli(copies, req, res)) return;
      passedOn.push(`${req.method} ${req.url}`);
      res.end("from next");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const request = (pathname: string, headers: Record<string, string>, method = "GET") => rawRequest(port, pathname, headers, method);

  it("sends the copy, byte for byte, with its type, length, caching, Vary and the static files' headers", async () => {
    const answer = await request("/_next/static/chunks/abc123.js", { "accept-encoding": "gzip, deflate, br" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe("br");
    expect(answer.headers["content-type"]).toBe("application/javascript; charset=utf-8");
    expect(answer.headers["content-length"]).toBe(String(answer.bytes.length));
    expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(answer.headers.vary).toBe("Accept-Encoding");
    for (const [name, value] of Object.entries(STATIC_FILE_HEADERS)) expect(answer.headers[name.toLowerCase()]).toBe(value);
    expect(zlib.brotliDecompressSync(answer.bytes).toString()).toBe(fs.readFileSync(path.join(dir, "chunks/abc123.js"), "utf8"));
  });

  it("answers HEAD with the headers alone, and ignores a query string", async () => {
    const head = await request("/_next/static/chunks/style9.css?dpl=abc", { "accept-encoding": "br" }, "HEAD");
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.bytes.length).toBe(0);
  });

  it("leaves to Next whatever it cannot answer from a copy", async () => {
    passedOn.length = 0;
    const cases: Array<[string, Record<string, string>, string?]> = [
      ["/_next/static/chunks/abc123.js", { "accept-encoding": "gzip, deflate" }],
      ["/_next/static/chunks/abc123.js", { "accept-encoding": "gzip, br;q=0" }],
      ["/_next/static/chunks/abc123.js", {}],
      ["/_next/static/chunks/abc123.js", { "accept-encoding": "br", range: "bytes=0-10" }],
      ["/_next/static/chunks/abc123.js", { "accept-encoding": "br", "if-none-match": '"x"' }],
      ["/_next/static/chunks/abc123.js", { "accept-encoding": "br" }, "POST"],
      ["/_next/static/chunks/plain.js", { "accept-encoding": "br" }],
      ["/_next/static/chunks/orphan.js", { "accept-encoding": "br" }],
      ["/_next/static/chunks/../chunks/abc123.js", { "accept-encoding": "br" }],
      ["/_next/static/chunks%2Fabc123.js", { "accept-encoding": "br" }],
      ["/chunks/abc123.js", { "accept-encoding": "br" }],
    ];
    for (const [pathname, headers, method] of cases) {
      const answer = await request(pathname, headers, method);
      expect(answer.headers["content-encoding"], `${method ?? "GET"} ${pathname} ${JSON.stringify(headers)}`).toBeUndefined();
      expect(answer.body).toBe("from next");
    }
    expect(passedOn).toHaveLength(cases.length);
  });
});

describe("installBrotliStatic", () => {
  it("wraps the listener of the first server created with one, in the working directory's .next/static, and only that one", async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "luma-brotli-project-"));
    fs.cpSync(fakeStatic(), path.join(project, ".next/static"), { recursive: true });
    const original = http.createServer;
    const cwd = process.cwd();
    process.chdir(project);
    const servers: http.Server[] = [];
    try {
      installBrotliStatic();
      expect(http.createServer).not.toBe(original);
      const bare = http.createServer();
      servers.push(bare);
      expect(http.createServer).not.toBe(original);
      const first = http.createServer((_req, res) => res.end("first"));
      const second = http.createServer((_req, res) => res.end("second"));
      servers.push(first, second);
      expect(http.createServer).toBe(original);
      const fetchVia = async (server: http.Server) => {
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const { port } = server.address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/_next/static/chunks/style9.css`, { headers: { "accept-encoding": "br" } });
        return response.headers.get("content-encoding");
      };
      expect(await fetchVia(first)).toBe("br");
      expect(await fetchVia(second)).toBeNull();
    } finally {
      http.createServer = original;
      process.chdir(cwd);
      await Promise.all(servers.filter((server) => server.listening).map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });
});
