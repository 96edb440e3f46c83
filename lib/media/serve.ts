import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { isInvalidKeyError, isObjectNotFoundError } from "@/lib/storage/types";
import type { MediaStorage, StoredObject } from "@/lib/storage/types";

type ParsedRange = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

/**
 * Kept by the browser (never by shared caches) but checked with us before every use: a clip deleted from a
 * private studio must not stay playable from the cache of a browser someone else uses later. The check is a
 * cheap 304 while the file is unchanged.
 */
const DEFAULT_CACHE_CONTROL = "private, no-cache";

/**
 * One `bytes=` range against a representation of `size` bytes. Several ranges or anything malformed answer the
 * whole file, which RFC 9110 allows (a server may ignore Range) and every player copes with.
 */
export function parseRange(header: string | null, size: number): ParsedRange {
  const spec = rangeSpec(header);
  if (!spec) return { kind: "full" };
  const { first, last } = spec;

  if (first === "") {
    if (last === "") return { kind: "full" };
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }

  const start = Number(first);
  const end = last === "" ? Infinity : Number(last);
  if (end < start) return { kind: "full" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: Math.min(end, size - 1) };
}

/** Longer than any honest single range (two 16-digit positions and some spaces); the rest is not worth reading. */
const RANGE_HEADER_MAX_LENGTH = 100;

/**
 * `bytes = FIRST - LAST` (either may be empty, spaces allowed around each part) → the two digit strings, or null.
 * Split by hand rather than by one regex: adjacent optional runs (`\s*(\d*)\s*`) made the old pattern
 * quadratic in the header's length (80–100 ms for 16 KB of spaces).
 */
function rangeSpec(header: string | null): { first: string; last: string } | null {
  if (!header || header.length > RANGE_HEADER_MAX_LENGTH) return null;
  const equals = header.indexOf("=");
  if (equals < 0 || header.slice(0, equals).trim().toLowerCase() !== "bytes") return null;
  const parts = header.slice(equals + 1).split("-");
  if (parts.length !== 2) return null;
  const [first, last] = parts.map((part) => part.trim()) as [string, string];
  return /^\d*$/.test(first) && /^\d*$/.test(last) ? { first, last } : null;
}

/** `attachment` with an ASCII fallback for old clients and the exact UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(filename: string): string {
  const clean = filename.replace(/[\u0000-\u001f\u007f]/g, "");
  const fallback =
    clean
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .replace(/^[_.-]+/, "")
      .slice(0, 150) || "download";
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Filename for a download: the prompt's first ~60 characters as a slug (letters and digits of any script
 * are kept, so Chinese prompts stay readable) plus the first 8 characters of the id, e.g.
 * `a-cat-dancing-on-the-moon-1a2b3c4d.mp4`.
 */
export function safeDownloadName(prompt: string, id: string, ext: string): string {
  const slug = Array.from(
    prompt
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
      .replace(/^-+/, ""),
  )
    .slice(0, 60)
    .join("")
    .replace(/-+$/, "");
  const shortId = id.replace(/[^A-Za-z0-9]/g, "").slice(0, 8);
  const extension = ext.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
  const base = [slug || "luma", shortId].filter(Boolean).join("-");
  return extension ? `${base}.${extension}` : base;
}

function notFound(): Response {
  return new AppError("not_found", "Media not found").toResponse();
}

/**
 * A weak validator from the key, size and type: a stored object is replaced only by a different file (the
 * watermarked stand-in by the clean video), which differs in size. Weak, because equal sizes are possible.
 */
function entityTag(object: StoredObject): string {
  const digest = createHash("sha256").update(`${object.key}\u0000${object.size}\u0000${object.contentType}`).digest("base64url").slice(0, 22);
  return `W/"${digest}"`;
}

/** `If-None-Match` uses weak comparison: any listed tag (or `*`) that equals ours once `W/` is ignored. */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header || header.length > 2048) return false;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => {
    const candidate = tag.trim();
    return candidate === "*" || candidate.replace(/^W\//, "") === opaque;
  });
}

/** Answers GET and HEAD for a stored object with single-range support, so players can seek. */
export async function serveStoredMedia(
  request: Request,
  storage: MediaStorage,
  key: string,
  options: { downloadName?: string; cacheControl?: string } = {},
): Promise<Response> {
  let object;
  try {
    object = await storage.stat(key);
  } catch (error) {
    if (isInvalidKeyError(error)) return notFound();
    throw error;
  }
  if (!object) return notFound();

  const etag = entityTag(object);
  const headers = new Headers({
    "Accept-Ranges": "bytes",
    "Content-Type": object.contentType,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": options.cacheControl ?? DEFAULT_CACHE_CONTROL,
    ETag: etag,
  });
  if (options.downloadName) headers.set("Content-Disposition", contentDisposition(options.downloadName));
  if (matchesEtag(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });

  // Our validator is weak, and If-Range needs a strong one: RFC 9110 says answer the whole representation.
  const range = request.headers.has("if-range") ? ({ kind: "full" } as const) : parseRange(request.headers.get("range"), object.size);
  if (range.kind === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${object.size}`);
    return new Response(null, { status: 416, headers });
  }

  const isPartial = range.kind === "partial";
  const start = isPartial ? range.start : 0;
  const end = isPartial ? range.end : object.size - 1;
  // Next strips Content-Length from route handlers; Content-Range carries the total on 206s.
  headers.set("Content-Length", String(end - start + 1));
  if (isPartial) headers.set("Content-Range", `bytes ${start}-${end}/${object.size}`);
  const status = isPartial ? 206 : 200;

  if (request.method === "HEAD") return new Response(null, { status, headers });

  let body: ReadableStream<Uint8Array>;
  try {
    body = await storage.openReadStream(key, isPartial ? { start, end } : undefined);
  } catch (error) {
    // Deleted between stat and open.
    if (isObjectNotFoundError(error)) return notFound();
    throw error;
  }
  return new Response(body, { status, headers });
}
