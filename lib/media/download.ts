import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import { createBrand } from "@/lib/brand";
import type { MediaStorage, StoredObject } from "@/lib/storage/types";
import { guardedFetch, isMediaAddressRefused, type MediaFetchPolicy } from "./guarded-fetch";

export type DownloadKind = "video" | "image";

type MediaDownloadReason = "expired" | "not_found" | "bad_type" | "too_large" | "http" | "network" | "timeout" | "truncated" | "refused";

const mediaDownloadBrand = createBrand<MediaDownloadError>("MediaDownloadError");

export class MediaDownloadError extends Error {
  readonly reason: MediaDownloadReason;
  /** The upstream HTTP status when there was an answer. */
  readonly status: number | null;

  constructor(reason: MediaDownloadReason, message: string, options: { status?: number | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "MediaDownloadError";
    mediaDownloadBrand.mark(this);
    this.reason = reason;
    this.status = options.status ?? null;
  }
}

/** Downloads run from the reconciler (instrumentation): recognise their errors by brand (see lib/brand.ts). */
export const isMediaDownloadError = mediaDownloadBrand.is;

type VerifiedContentType = "video/mp4" | "image/jpeg" | "image/png" | "image/webp";

/** Bytes needed to recognise every accepted format. */
const SNIFF_BYTES = 12;
const ERROR_BODY_BYTES = 8 * 1024;

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/** The type the first bytes prove, restricted to what `kind` may be; null when they prove nothing acceptable. */
export function sniffContentType(head: Uint8Array, kind: DownloadKind): VerifiedContentType | null {
  if (kind === "video") {
    return head.length >= 8 && ascii(head, 4, 8) === "ftyp" ? "video/mp4" : null;
  }
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (head.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => head[i] === byte)) return "image/png";
  if (head.length >= 12 && ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WEBP") return "image/webp";
  return null;
}

function isAcceptedHeaderType(header: string | null, kind: DownloadKind): boolean {
  const mediaType = (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (kind === "image") return mediaType.startsWith("image/");
  return mediaType.startsWith("video/") || mediaType === "application/octet-stream" || mediaType === "binary/octet-stream";
}

/** S3 and its clones answer an expired presigned link with an XML error, sometimes under 400 rather than 403. */
function looksExpired(body: string): boolean {
  return /<Code>\s*AccessDenied\s*<\/Code>/i.test(body) || /Request has expired/i.test(body) || /<Code>\s*ExpiredToken\s*<\/Code>/i.test(body);
}

async function readSnippet(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch {
    // whatever arrived is enough to classify
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_BYTES).toString("utf8");
}

function parseContentLength(header: string | null): number | null {
  if (header === null || !/^\s*\d+\s*$/.test(header)) return null;
  const value = Number(header);
  return Number.isSafeInteger(value) ? value : null;
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/**
 * Downloads `url` into storage under `key`, streaming to a temp file (memory stays flat on large videos) and
 * checking size, declared type, magic bytes and completeness before anything becomes visible under `key`.
 * `timeoutMs` bounds the whole download, body included. Only the addresses `policy` allows are fetched, at every
 * redirect hop (guarded-fetch.ts). Throws `MediaDownloadError`; the temp file is removed on every failure.
 */
export async function downloadToStorage(options: {
  url: string;
  key: string;
  kind: DownloadKind;
  maxBytes: number;
  timeoutMs: number;
  storage: MediaStorage;
  /** Where media may come from; the upstream's own origin is the one trusted beyond the public internet. */
  policy: MediaFetchPolicy;
  /** Replaces the guarded fetch (tests that shape answers no server would). */
  fetch?: typeof fetch;
}): Promise<StoredObject> {
  const { url, key, kind, maxBytes, timeoutMs, storage, policy } = options;
  const fetchImpl: (input: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<Response> =
    options.fetch ?? ((input, init) => guardedFetch(input, init, policy));

  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch (error) {
    throw new MediaDownloadError("http", "Media URL is not a valid URL", { cause: error });
  }
  if (protocol !== "https:" && protocol !== "http:") throw new MediaDownloadError("http", `Unsupported media URL scheme ${protocol}`);

  const controller = new AbortController();
  let hasTimedOut = false;
  const timer = setTimeout(() => {
    hasTimedOut = true;
    controller.abort(new Error(`Media download timed out after ${timeoutMs} ms`));
  }, timeoutMs);

  const timeoutError = (cause?: unknown) => new MediaDownloadError("timeout", `Media download timed out after ${timeoutMs} ms`, { cause });
  let tempPath: string | null = null;
  let handle: FileHandle | undefined;
  let status: number | null = null;

  try {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        signal: controller.signal,
        headers: {
          accept: kind === "video" ? "video/mp4,video/*;q=0.9,application/octet-stream;q=0.8" : "image/*",
          // Content-Length is only comparable with what arrives when nothing in between decodes the body.
          "accept-encoding": "identity",
        },
      });
    } catch (error) {
      if (hasTimedOut) throw timeoutError(error);
      if (isMediaAddressRefused(error)) throw new MediaDownloadError("refused", (error as Error).message, { cause: error });
      throw new MediaDownloadError("network", "Could not reach the media host", { cause: error });
    }
    status = response.status;

    if (!response.ok) {
      const snippet = await readSnippet(response.body);
      if (status === 403 || status === 410 || looksExpired(snippet)) {
        throw new MediaDownloadError("expired", `Media link refused or expired (HTTP ${status})`, { status });
      }
      if (status === 404) throw new MediaDownloadError("not_found", "Media not found at the upstream link", { status });
      throw new MediaDownloadError("http", `Media host answered HTTP ${status}`, { status });
    }

    const declaredType = response.headers.get("content-type");
    if (!isAcceptedHeaderType(declaredType, kind)) {
      // Some hosts answer an expired link with 200 and an XML error body.
      const snippet = /xml|text/i.test(declaredType ?? "") ? await readSnippet(response.body) : "";
      if (looksExpired(snippet)) throw new MediaDownloadError("expired", "Media link expired", { status });
      throw new MediaDownloadError("bad_type", `Unexpected content type ${JSON.stringify(declaredType)} for ${kind}`, { status });
    }

    const encoding = response.headers.get("content-encoding")?.trim().toLowerCase();
    const expectedLength = !encoding || encoding === "identity" ? parseContentLength(response.headers.get("content-length")) : null;
    if (expectedLength !== null && expectedLength > maxBytes) {
      throw new MediaDownloadError("too_large", `Media is ${expectedLength} bytes, limit is ${maxBytes}`, { status });
    }
    if (!response.body) throw new MediaDownloadError("truncated", "Media answer has no body", { status });

    tempPath = path.join(await storage.tempDir(), `${randomUUID()}.part`);
    handle = await fs.open(tempPath, "wx");

    const reader = response.body.getReader();
    const head = new Uint8Array(SNIFF_BYTES);
    let headLength = 0;
    let received = 0;
    let verifiedType: VerifiedContentType | null = null;
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (hasTimedOut) throw timeoutError(error);
        if (expectedLength !== null && received < expectedLength) {
          throw new MediaDownloadError("truncated", `Media ended after ${received} of ${expectedLength} bytes`, { status, cause: error });
        }
        throw new MediaDownloadError("network", "Media download was interrupted", { status, cause: error });
      }
      if (chunk.done) break;
      const bytes = chunk.value;
      received += bytes.byteLength;
      if (received > maxBytes) throw new MediaDownloadError("too_large", `Media exceeds the limit of ${maxBytes} bytes`, { status });
      if (headLength < SNIFF_BYTES) {
        const take = Math.min(SNIFF_BYTES - headLength, bytes.byteLength);
        head.set(bytes.subarray(0, take), headLength);
        headLength += take;
        if (headLength === SNIFF_BYTES) {
          verifiedType = sniffContentType(head, kind);
          if (!verifiedType) throw new MediaDownloadError("bad_type", `Media bytes are not a valid ${kind}`, { status });
        }
      }
      await writeAll(handle, bytes);
    }
    if (hasTimedOut) throw timeoutError();

    if (expectedLength !== null && received !== expectedLength) {
      throw new MediaDownloadError("truncated", `Media ended after ${received} of ${expectedLength} bytes`, { status });
    }
    verifiedType ??= sniffContentType(head.subarray(0, headLength), kind);
    if (!verifiedType) throw new MediaDownloadError("bad_type", `Media bytes are not a valid ${kind}`, { status });

    await handle.close();
    handle = undefined;
    const stored = await storage.putFile(key, tempPath, verifiedType);
    tempPath = null;
    return stored;
  } finally {
    clearTimeout(timer);
    // Frees the connection when we stopped reading early; a no-op once the body was consumed.
    controller.abort();
    await handle?.close().catch(() => {});
    if (tempPath) await fs.rm(tempPath, { force: true }).catch(() => {});
  }
}
