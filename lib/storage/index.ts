import "server-only";
import { env } from "@/lib/env";
import { createLocalStorage } from "./local-storage";
import type { MediaStorage } from "./types";

export { cleanupStaleTemp } from "./local-storage";
export { InvalidKeyError, ObjectNotFoundError, isInvalidKeyError, isObjectNotFoundError } from "./types";
export type { MediaStorage, StoredObject } from "./types";

// Route handlers and instrumentation load separate module instances, so the instance lives on globalThis.
// Only local disk exists today; an S3-compatible MediaStorage would be chosen here, callers stay the same.
const INSTANCE = Symbol.for("luma-studio.media-storage");
type Holder = { [INSTANCE]?: MediaStorage };

export function getMediaStorage(): MediaStorage {
  const holder = globalThis as Holder;
  holder[INSTANCE] ??= createLocalStorage(env.MEDIA_DIR);
  return holder[INSTANCE];
}
