import "server-only";
import type { MediaStorage } from "./types";

/** Uploaded frames live under this prefix, named by content hash. */
const UPLOADS_PREFIX = "uploads";
const UPLOAD_NAME = /^[a-f0-9]{64}\.(png|jpg|webp)$/;

/**
 * Deletes uploaded frames that no generation uses once they are older than `olderThanMs`: a frame is uploaded
 * the moment it is chosen, before the generation exists, and one never used (or whose generation was deleted)
 * would otherwise stay forever. Answers how many were removed.
 */
export async function removeUnusedUploads(options: {
  storage: MediaStorage;
  olderThanMs: number;
  isInUse: (url: string) => Promise<boolean>;
  now?: number;
}): Promise<number> {
  const cutoff = (options.now ?? Date.now()) - options.olderThanMs;
  let removed = 0;
  // Judged as the listing arrives, one at a time, so a generation made meanwhile still keeps its frame.
  for await (const object of options.storage.list(`${UPLOADS_PREFIX}/`)) {
    const name = object.key.slice(UPLOADS_PREFIX.length + 1);
    if (!UPLOAD_NAME.test(name) || object.modifiedAt > cutoff || (await options.isInUse(`/api/uploads/${name}`))) continue;
    await options.storage.delete(object.key);
    removed += 1;
  }
  return removed;
}
