// Loaded into the server process before Next (`node --import ./scripts/brotli-static-preload.mjs …`, as
// scripts/start.mjs and the Dockerfile do). It answers GET and HEAD for Next's hashed static files with the
// Brotli copy the build wrote beside them (scripts/precompress-static.mjs) when the browser accepts `br`, about
// 13% fewer bytes than Next's gzip. Every other request, and every static file without a copy, goes to Next.
//
// Why in front of Next: Next compresses only with gzip, and an answer from proxy.ts or a route handler loses its
// Content-Encoding (Next's sendResponse drops it and gzips the body again), so a precompressed body can only be
// sent before Next's own request listener runs. Wrapping the listener of the first HTTP server the process
// creates reaches it the same way under `next start`, `npm start` and the standalone server.js.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { STATIC_FILE_HEADERS } from "../lib/security/baseline.mjs";

const PREFIX = "/_next/static/";

/** The file types that get a Brotli copy, with the Content-Type they are served with. */
export const BROTLI_TYPES = {
  ".js": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** True when an Accept-Encoding header accepts Brotli (`br` or `*` with a quality above zero). */
export function acceptsBrotli(header) {
  if (typeof header !== "string") return false;
  let wildcard = false;
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (name === "br") return quality > 0;
    if (name === "*") wildcard = quality > 0;
  }
  return wildcard;
}

/**
 * URL path → the Brotli copy's file, its size and type, read once at start: chunk names carry a content hash, so
 * the set never changes while the server runs, and a request can only name a file in it (no path is built from
 * the URL).
 */
export function findBrotliCopies(staticDir) {
  const copies = new Map();
  if (!fs.existsSync(staticDir)) return copies;
  for (const entry of fs.readdirSync(staticDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".br")) continue;
    const copy = path.join(entry.parentPath, entry.name);
    const original = copy.slice(0, -".br".length);
    const type = BROTLI_TYPES[path.extname(original)];
    if (!type || !fs.existsSync(original)) continue;
    const urlPath = PREFIX + path.relative(staticDir, original).split(path.sep).join("/");
    copies.set(urlPath, { file: copy, size: fs.statSync(copy).size, type });
  }
  return copies;
}

/** Answers the request from a Brotli copy and returns true, or returns false to leave it to Next. */
export function answerWithBrotli(copies, req, res) {
  if ((req.method !== "GET" && req.method !== "HEAD") || !req.url?.startsWith(PREFIX)) return false;
  // Ranges and conditional requests stay with Next, which handles them on the original file.
  if (req.headers.range || req.headers["if-none-match"] || req.headers["if-modified-since"]) return false;
  const copy = copies.get(req.url.split("?")[0]);
  if (!copy || !acceptsBrotli(req.headers["accept-encoding"])) return false;
  res.writeHead(200, {
    "Content-Type": copy.type,
    "Content-Length": copy.size,
    "Content-Encoding": "br",
    "Cache-Control": "public, max-age=31536000, immutable",
    Vary: "Accept-Encoding",
    ...STATIC_FILE_HEADERS,
  });
  if (req.method === "HEAD") {
    res.end();
    return true;
  }
  fs.createReadStream(copy.file)
    .on("error", () => res.destroy())
    .pipe(res);
  return true;
}

/**
 * Puts the Brotli answer in front of the request listener of the next HTTP server this process creates (Next's),
 * once. The copies are looked up then, not now: the standalone server.js changes directory to its own folder
 * before it starts Next, and `next start` runs in the project, so the working directory at that moment is the one
 * that holds .next.
 */
export function installBrotliStatic() {
  const createServer = http.createServer;
  http.createServer = function createServerWithBrotli(...args) {
    const index = args.findIndex((arg) => typeof arg === "function");
    if (index === -1) return createServer.apply(this, args);
    http.createServer = createServer;
    const copies = findBrotliCopies(path.join(process.cwd(), ".next", "static"));
    if (copies.size > 0) {
      const listener = args[index];
      args[index] = function brotliThenNext(req, res) {
        if (!answerWithBrotli(copies, req, res)) return listener.call(this, req, res);
      };
    }
    return createServer.apply(this, args);
  };
}
