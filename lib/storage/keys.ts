import "server-only";
import { InvalidKeyError } from "./types";

// Keys are plain relative paths (`gen/<id>/video.mp4`). The rules are strict enough to be safe both as file
// paths and as S3 object names: no traversal, no hidden segments, nothing that means something to a shell.
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;
/** Local storage keeps a content-type sidecar beside each object under this suffix. */
export const META_SUFFIX = ".meta.json";

function check(value: string, allowTrailingSlash: boolean): string[] {
  if (typeof value !== "string" || value.length === 0) throw new InvalidKeyError(String(value), "empty");
  if (value.length > MAX_KEY_LENGTH) throw new InvalidKeyError(value, "too long");
  if (value.includes("\0")) throw new InvalidKeyError(value, "NUL byte");
  if (value.includes("\\")) throw new InvalidKeyError(value, "backslash");
  if (value.startsWith("/")) throw new InvalidKeyError(value, "absolute path");
  if (value.includes("..")) throw new InvalidKeyError(value, "`..`");
  const body = allowTrailingSlash && value.endsWith("/") ? value.slice(0, -1) : value;
  const segments = body.split("/");
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) throw new InvalidKeyError(value, `bad segment ${JSON.stringify(segment)}`);
  }
  return segments;
}

export function assertValidKey(key: string): string[] {
  const segments = check(key, false);
  if (key.endsWith(META_SUFFIX)) throw new InvalidKeyError(key, `reserved suffix ${META_SUFFIX}`);
  return segments;
}

/** A prefix follows the key rules but may end with `/` (a whole "folder"). */
export function assertValidPrefix(prefix: string): void {
  check(prefix, true);
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  mp4: "video/mp4",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
};

export function contentTypeFromKey(key: string): string {
  const dot = key.lastIndexOf(".");
  const extension = dot >= 0 ? key.slice(dot + 1).toLowerCase() : "";
  return TYPES_BY_EXTENSION[extension] ?? "application/octet-stream";
}

/** A content type ends up verbatim in a response header: refuse anything that could split it. */
export function isSafeContentType(value: string): boolean {
  return value.length > 0 && value.length <= 200 && /^[\x21-\x7e][\x20-\x7e]*$/.test(value);
}
