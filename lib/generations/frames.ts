import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { GENERATION_ID_PATTERN } from "@/lib/constants";
import { AppError } from "@/lib/errors";
import { getStore } from "@/lib/db/store";
import { IMAGE_MAX_BYTES } from "@/lib/validations/frame-rules";
import { sniffContentType } from "@/lib/media/download";
import { getMediaStorage, type MediaStorage } from "@/lib/storage";

const OWN_MEDIA_PATH = new RegExp(`^/api/generations/(${GENERATION_ID_PATTERN})/media/(last-frame|thumbnail)$`);
const EXTENSIONS = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" } as const;
type ImageType = keyof typeof EXTENSIONS;

/**
 * Keeps a user's own image in our storage under its content hash (so the same picture is stored once)
 * and answers the path the UI, remix and the detail view use: `/api/uploads/<sha256>.<ext>`.
 */
export async function storeUploadedImage(bytes: Uint8Array): Promise<{ url: string; contentType: ImageType; size: number }> {
  if (bytes.byteLength === 0) throw new AppError("bad_request", "The image is empty");
  if (bytes.byteLength > IMAGE_MAX_BYTES) throw new AppError("bad_request", `Images must be under ${IMAGE_MAX_BYTES / 1024 / 1024} MB`);
  const contentType = sniffContentType(bytes.subarray(0, 16), "image") as ImageType | null;
  if (!contentType || !(contentType in EXTENSIONS)) throw new AppError("bad_request", "Only PNG, JPEG and WebP images can be used as frames");
  const name = `${createHash("sha256").update(bytes).digest("hex")}.${EXTENSIONS[contentType]}`;
  const key = `uploads/${name}`;
  const storage = getMediaStorage();
  // Written even when the same picture is stored already: the fresh copy restarts the day an unused upload is
  // kept for (lib/storage/unused-uploads.ts), so a frame chosen again is not swept from under the form.
  await writeUpload(storage, key, bytes, contentType);
  return { url: `/api/uploads/${name}`, contentType, size: bytes.byteLength };
}

/**
 * Simultaneous uploads of one picture race to the same key: each writes its own temp file and renames it into
 * place atomically, so a reader sees one complete copy or the other, and identical bytes make the last rename
 * harmless. A failure while the object turned up meanwhile is someone else's success with the same hash.
 */
/** Own temporary file, atomic rename: simultaneous uploads of the same picture all succeed. */
async function writeUpload(storage: MediaStorage, key: string, bytes: Uint8Array, contentType: ImageType): Promise<void> {
  const temp = path.join(await storage.tempDir(), `upload-${randomUUID()}.part`);
  try {
    await fs.writeFile(temp, bytes, { flag: "wx" });
    await storage.putFile(key, temp, contentType);
  } catch (error) {
    await fs.rm(temp, { force: true });
    if (!(await storage.stat(key))) throw error;
  }
}

export function uploadKeyFromName(name: string): string | null {
  return /^[a-f0-9]{64}\.(png|jpg|webp)$/.test(name) ? `uploads/${name}` : null;
}

/** A frame as the row keeps it and as the upstream receives it. */
export type PreparedFrame = { stored: string; upstream: string };

/**
 * Gateways accept https URLs and data: URIs. Inline images are stored so the studio can show them
 * again; our own paths (uploads, a generation's last frame) are read back and sent inline.
 */
export async function prepareFrame(url: string | undefined): Promise<PreparedFrame | undefined> {
  if (!url) return undefined;
  const inline = /^data:image\/(png|jpeg|webp);base64,(.+)$/.exec(url);
  if (inline) {
    const stored = await storeUploadedImage(Buffer.from(inline[2] as string, "base64"));
    return { stored: stored.url, upstream: url };
  }
  const key = await ownFrameKey(url);
  if (key === undefined) return { stored: url, upstream: url };
  const object = key ? await getMediaStorage().stat(key) : null;
  if (!key || !object)
    throw new AppError("validation_failed", "That frame is not available in the studio's storage any more", { fieldErrors: { imageUrl: ["Frame not found"] } });
  const bytes = await readAll(await getMediaStorage().openReadStream(key));
  return { stored: url, upstream: `data:${object.contentType};base64,${Buffer.from(bytes).toString("base64")}` };
}

/** undefined: not one of ours; null: ours but unknown; string: its storage key. */
async function ownFrameKey(url: string): Promise<string | null | undefined> {
  const upload = /^\/api\/uploads\/([^/]+)$/.exec(url);
  if (upload) return uploadKeyFromName(upload[1] as string);
  const media = OWN_MEDIA_PATH.exec(url);
  if (!media) return undefined;
  const row = await getStore().getGenerationById(media[1] as string);
  return (media[2] === "last-frame" ? row?.lastFrameKey : row?.thumbnailKey) ?? null;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  for (let part = await reader.read(); !part.done; part = await reader.read()) chunks.push(part.value);
  return Buffer.concat(chunks);
}
