import "server-only";
import { env } from "@/lib/env";
import { createLocalStorage, tempRootOf } from "./local-storage";
import { createS3Storage } from "./s3-storage";
import type { MediaStorage } from "./types";

export { cleanupStaleTemp } from "./local-storage";
export { InvalidKeyError, ObjectNotFoundError, isInvalidKeyError, isObjectNotFoundError } from "./types";
export type { MediaStorage, StoredObject } from "./types";

// Route handlers and instrumentation load separate module instances, so the instance lives on globalThis.
const INSTANCE = Symbol.for("luma-studio.media-storage");
type Holder = { [INSTANCE]?: MediaStorage };

export function getMediaStorage(): MediaStorage {
  const holder = globalThis as Holder;
  holder[INSTANCE] ??= createConfiguredStorage();
  return holder[INSTANCE];
}

/** MEDIA_STORAGE=s3: an S3-compatible bucket; otherwise the local folder. Downloads are staged in MEDIA_DIR either way. */
function createConfiguredStorage(): MediaStorage {
  const s3 = env.s3;
  if (!s3) return createLocalStorage(env.MEDIA_DIR);
  return createS3Storage({ ...s3, tempRoot: tempRootOf(env.MEDIA_DIR) });
}
