import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { META_SUFFIX } from "./keys";
import type { MediaStorage } from "./types";

/** Uploaded frames live under this prefix, named by content hash. */
const UPLOADS_PREFIX = "uploads";
const UPLOAD_NAME = /^[a-f0-9]{64}\.(png|jpg|webp)$/;

/**
 * Deletes uploaded frames that no generation uses once they are older than `olderThanMs`: a frame is uploaded
 * the moment it is chosen, before the generation exists, and one never used (or whose generation was deleted)
 * would otherwise stay forever. Local storage only (it lists the folder). Answers how many were removed.
 */
export async function removeUnusedUploads(options: {
  storage: MediaStorage;
  mediaDir: string;
  olderThanMs: number;
  isInUse: (url: string) => boolean;
  now?: number;
}): Promise<number> {
  const dir = path.join(options.mediaDir, UPLOADS_PREFIX);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  const cutoff = (options.now ?? Date.now()) - options.olderThanMs;
  let removed = 0;
  for (const name of names) {
    if (name.endsWith(META_SUFFIX) || !UPLOAD_NAME.test(name)) continue;
    const info = await fs.stat(path.join(dir, name)).catch(() => null);
    // Checked last and one at a time, so a generation made meanwhile still keeps its frame.
    if (!info || info.mtimeMs > cutoff || options.isInUse(`/api/uploads/${name}`)) continue;
    await options.storage.delete(`${UPLOADS_PREFIX}/${name}`);
    removed += 1;
  }
  return removed;
}
