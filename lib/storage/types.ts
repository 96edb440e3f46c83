import "server-only";
import { createBrand } from "@/lib/brand";

export type StoredObject = { key: string; size: number; contentType: string };

/**
 * Where archived media lives. Deliberately small (put, stat, ranged read, delete) so that an
 * S3-compatible implementation can be added next to the local one without touching callers.
 */
export interface MediaStorage {
  /** Moves a fully written, verified temp file into place atomically under `key`. */
  putFile(key: string, tempFilePath: string, contentType: string): Promise<StoredObject>;
  stat(key: string): Promise<StoredObject | null>;
  /**
   * Byte range [start, end] inclusive; whole object when omitted. Pull-based stream that closes its handle on
   * end AND on cancel. Throws `ObjectNotFoundError` when the key is missing, `RangeError` for a range outside it.
   */
  openReadStream(key: string, range?: { start: number; end: number }): Promise<ReadableStream<Uint8Array>>;
  /** No error if missing. */
  delete(key: string): Promise<void>;
  /** Deletes every key starting with `prefix`, e.g. `gen/<id>/` for everything of one generation. */
  deletePrefix(prefix: string): Promise<void>;
  /** A directory for temporary downloads on the same filesystem (so rename is atomic). */
  tempDir(): Promise<string>;
}

const invalidKeyBrand = createBrand<InvalidKeyError>("InvalidKeyError");
const notFoundBrand = createBrand<ObjectNotFoundError>("ObjectNotFoundError");

export class InvalidKeyError extends Error {
  constructor(key: string, why: string) {
    super(`Invalid storage key ${JSON.stringify(key.slice(0, 200))}: ${why}`);
    this.name = "InvalidKeyError";
    invalidKeyBrand.mark(this);
  }
}

export class ObjectNotFoundError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`No stored object under ${JSON.stringify(key)}`);
    this.name = "ObjectNotFoundError";
    notFoundBrand.mark(this);
    this.key = key;
  }
}

/** The storage lives on `globalThis`: recognise its errors by brand, not class (see lib/brand.ts). */
export const isInvalidKeyError = invalidKeyBrand.is;
export const isObjectNotFoundError = notFoundBrand.is;
