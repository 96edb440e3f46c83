import "server-only";
import { createBrand } from "@/lib/brand";

export type StoredObject = { key: string; size: number; contentType: string };
export type ListedObject = { key: string; size: number; /** Last written, ms since the epoch. */ modifiedAt: number };

/**
 * Where archived media lives: a local folder or an S3-compatible bucket. Deliberately small (put, stat, ranged
 * read, delete, list) so that callers never know which.
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
  /** Every object whose key starts with `prefix` (object-store semantics, like `deletePrefix`), page by page. */
  list(prefix: string): AsyncIterable<ListedObject>;
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
