/** The real clips and frames behind every simulated generation, served like a CDN (no auth, byte ranges). */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";

export const ASPECT_RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];
export const DEFAULT_ASPECT_RATIO: AspectRatio = "16:9";

export const MEDIA_SIZES: Record<AspectRatio, { width: number; height: number }> = {
  "16:9": { width: 1360, height: 752 },
  "9:16": { width: 752, height: 1360 },
  "1:1": { width: 1024, height: 1024 },
  "4:3": { width: 1168, height: 864 },
  "3:4": { width: 864, height: 1168 },
  "21:9": { width: 1568, height: 672 },
  "9:21": { width: 672, height: 1568 },
};

/** Length of the clips make-assets.sh renders. */
export const CLIP_DURATION_SECONDS = 3;

export type AssetKind = "video" | "thumbnail" | "last_frame";

/** Resolved from the working directory, not this file, because Next.js bundles this module elsewhere. */
export const ASSETS_DIR = path.join(process.cwd(), "simulator", "assets");

export function isAspectRatio(value: unknown): value is AspectRatio {
  return (ASPECT_RATIOS as readonly unknown[]).includes(value);
}

function assetFile(aspectRatio: AspectRatio, kind: AssetKind): { file: string; contentType: string } {
  const stem = aspectRatio.replace(":", "x");
  if (kind === "video") return { file: path.join(ASSETS_DIR, `${stem}.mp4`), contentType: "video/mp4" };
  const suffix = kind === "thumbnail" ? "thumb" : "last";
  return { file: path.join(ASSETS_DIR, `${stem}-${suffix}.jpg`), contentType: "image/jpeg" };
}

// The whole set is a few hundred KB, so keeping it in memory is cheaper than streaming from disk.
const cache = new Map<string, Promise<Buffer>>();

/**
 * Marks the watermarked copy: the same clip plus a trailing `free` box (which players skip), so a test can tell
 * from the stored bytes which copy the app kept.
 */
export const WATERMARK_MARK = "luma-simulator:watermarked-copy";

function withWatermarkMark(clip: Buffer): Buffer {
  const mark = Buffer.from(WATERMARK_MARK, "ascii");
  const header = Buffer.alloc(8);
  header.writeUInt32BE(header.length + mark.length, 0);
  header.write("free", 4, "ascii");
  return Buffer.concat([clip, header, mark]);
}

function loadAsset(file: string, isWatermarked: boolean): Promise<Buffer> {
  const cacheKey = isWatermarked ? `${file}#watermarked` : file;
  let pending = cache.get(cacheKey);
  if (!pending) {
    pending = readFile(file).then((body) => (isWatermarked ? withWatermarkMark(body) : body));
    pending.catch(() => cache.delete(cacheKey));
    cache.set(cacheKey, pending);
  }
  return pending;
}

type ByteRange = { start: number; end: number };

/** Single ranges only; anything else is answered with the whole body, which RFC 9110 allows. */
export function parseRange(header: string | undefined, size: number): ByteRange | "unsatisfiable" | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

export type ServeOptions = {
  isWatermarked?: boolean;
  /** Announce the whole length, send half, then drop the connection: a download cut mid-stream. */
  isCutMidStream?: boolean;
};

export async function serveAsset(
  req: IncomingMessage,
  res: ServerResponse,
  aspectRatio: AspectRatio,
  kind: AssetKind,
  cacheControl: string,
  options: ServeOptions = {},
): Promise<void> {
  const { file, contentType } = assetFile(aspectRatio, kind);
  const isWatermarked = kind === "video" && options.isWatermarked === true;
  const body = await loadAsset(file, isWatermarked);
  const range = parseRange(req.headers.range, body.length);
  const common = {
    "content-type": contentType,
    "accept-ranges": "bytes",
    "cache-control": cacheControl,
    etag: `"${path.basename(file)}-${isWatermarked ? "w-" : ""}${body.length}"`,
  };

  if (range === "unsatisfiable") {
    res.writeHead(416, { ...common, "content-range": `bytes */${body.length}`, "content-length": 0 });
    res.end();
    return;
  }
  const slice = range ? body.subarray(range.start, range.end + 1) : body;
  const headers = range
    ? { ...common, "content-length": slice.length, "content-range": `bytes ${range.start}-${range.end}/${body.length}` }
    : { ...common, "content-length": slice.length };
  res.writeHead(range ? 206 : 200, headers);
  if (options.isCutMidStream && req.method !== "HEAD") {
    res.write(slice.subarray(0, Math.floor(slice.length / 2)), () => res.destroy());
    return;
  }
  res.end(req.method === "HEAD" ? undefined : slice);
}
