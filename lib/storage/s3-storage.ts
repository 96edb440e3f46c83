import "server-only";
import fs from "node:fs/promises";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { assertValidKey, assertValidPrefix, contentTypeFromKey, isSafeContentType } from "./keys";
import { ObjectNotFoundError } from "./types";
import type { MediaStorage } from "./types";

type S3StorageOptions = {
  bucket: string;
  region: string;
  /** Unset for AWS itself; MinIO, R2 and the like name their address. */
  endpoint?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key`: MinIO and most self-hosted stores need it. */
  forcePathStyle: boolean;
  /** Unset: the SDK's own chain (environment, instance or task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Local scratch space for downloads before they are uploaded (the archiver verifies a file before storing it). */
  tempRoot: string;
};

/** Multipart above this size, in parts of this size, a few at a time: memory stays at parts × queue. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;
/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;

const statusOf = (error: unknown) => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);
const isMissing = (error: unknown) =>
  statusOf(error) === 404 || (error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.name === "NotFound"));

/** `bytes 0-99/1000` → { start: 0, end: 99, total: 1000 }. */
function parseContentRange(value: string | undefined): { start: number; end: number; total: number } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value?.trim() ?? "");
  return match ? { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) } : null;
}

/** Passes bytes [start, end] of what flows through, and cancels the source once past the end. */
function byteWindow(start: number, end: number): TransformStream<Uint8Array, Uint8Array> {
  let position = 0;
  return new TransformStream({
    transform(chunk, controller) {
      const from = Math.max(0, start - position);
      const to = Math.min(chunk.byteLength, end + 1 - position);
      position += chunk.byteLength;
      if (to > from) controller.enqueue(chunk.subarray(from, to));
      if (position > end) controller.terminate();
    },
  });
}

/**
 * Media in an S3-compatible bucket (AWS S3, MinIO, R2). Objects carry their verified content type as
 * `Content-Type`; byte ranges are read with `Range` and streamed through the app (see README, "Media in S3").
 */
export function createS3Storage(options: S3StorageOptions): MediaStorage {
  const { bucket } = options;
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    // Newer SDKs add CRC trailers to every upload by default; many S3-compatible stores refuse them. Only
    // where the protocol requires a checksum (multi-object delete) is one sent.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });

  const storage: MediaStorage = {
    async putFile(key, tempFilePath, contentType) {
      assertValidKey(key);
      if (!isSafeContentType(contentType)) throw new TypeError(`Unsafe content type: ${JSON.stringify(contentType)}`);
      const info = await fs.stat(tempFilePath);
      if (!info.isFile()) throw new Error(`Not a regular file: ${tempFilePath}`);
      // Streamed: a single PUT for small files, multipart (aborted on failure) for large ones. An object
      // becomes visible only once complete, so a reader never sees half a video.
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: createReadStream(tempFilePath), ContentType: contentType, ContentLength: info.size },
        partSize: PART_BYTES,
        queueSize: PARTS_IN_FLIGHT,
        leavePartsOnError: false,
      });
      await upload.done();
      await fs.rm(tempFilePath, { force: true });
      return { key, size: info.size, contentType };
    },

    async stat(key) {
      assertValidKey(key);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const type = head.ContentType && isSafeContentType(head.ContentType) ? head.ContentType : contentTypeFromKey(key);
        return { key, size: head.ContentLength ?? 0, contentType: type };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async openReadStream(key, range) {
      assertValidKey(key);
      if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0 && range.start <= range.end)) {
        throw new RangeError(`Range ${range.start}-${range.end} is not a range`);
      }
      let answer;
      try {
        answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      } catch (error) {
        if (isMissing(error)) throw new ObjectNotFoundError(key);
        if (statusOf(error) === 416) throw new RangeError(`Range ${range?.start}-${range?.end} outside object ${key}`);
        throw error;
      }
      const body = answer.Body as Readable | undefined;
      if (!body) throw new ObjectNotFoundError(key);
      if (!range) return Readable.toWeb(body) as ReadableStream<Uint8Array>;
      // What came back: S3 clamps a range that runs past the end (the contract refuses it, as local storage
      // does), and some stores widen a range or ignore it (200, the whole object).
      const sent = parseContentRange(answer.ContentRange) ?? { start: 0, end: (answer.ContentLength ?? 0) - 1, total: answer.ContentLength ?? 0 };
      if (range.end >= sent.total || sent.start > range.start || sent.end < range.end) {
        body.destroy();
        throw new RangeError(`Range ${range.start}-${range.end} outside object of ${sent.total} bytes`);
      }
      // Cancelling the web stream destroys the socket, so an aborted download stops pulling from the store.
      const stream = Readable.toWeb(body) as ReadableStream<Uint8Array>;
      const isExact = sent.start === range.start && sent.end === range.end;
      return isExact ? stream : stream.pipeThrough(byteWindow(range.start - sent.start, range.end - sent.start));
    },

    async delete(key) {
      assertValidKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async deletePrefix(prefix) {
      assertValidPrefix(prefix);
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: DELETE_BATCH }));
        const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
        if (keys.length > 0) {
          const result = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
          const failed = result.Errors ?? [];
          if (failed.length > 0) throw new Error(`Could not delete ${failed.length} objects under ${prefix}: ${failed[0]?.Code ?? "unknown error"}`);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },

    async *list(prefix) {
      assertValidPrefix(prefix);
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) {
          if (object.Key) yield { key: object.Key, size: object.Size ?? 0, modifiedAt: object.LastModified?.getTime() ?? 0 };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },

    async tempDir() {
      await fs.mkdir(options.tempRoot, { recursive: true });
      return options.tempRoot;
    },
  };
  return storage;
}
