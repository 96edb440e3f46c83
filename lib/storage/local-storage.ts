import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import type { Dirent } from "node:fs";
import path from "node:path";
import { META_SUFFIX, assertValidKey, assertValidPrefix, contentTypeFromKey, isSafeContentType } from "./keys";
import { ObjectNotFoundError } from "./types";
import type { ListedObject, MediaStorage } from "./types";

/** Lives inside the root so renames into place never cross a filesystem; keys cannot start with a dot. */
const TEMP_DIR_NAME = ".tmp";
const READ_CHUNK_BYTES = 64 * 1024;

/** The scratch folder under a media root; S3 storage downloads there too, so the boot-time cleanup covers both. */
export const tempRootOf = (rootDir: string) => path.join(path.resolve(rootDir), TEMP_DIR_NAME);

type Meta = { contentType: string };

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Makes a rename durable. Directories cannot be opened for fsync on Windows, hence best-effort. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(dir, "r");
    await handle.sync();
  } catch {
    // not supported on this platform or filesystem
  } finally {
    await handle?.close().catch(() => {});
  }
}

export function createLocalStorage(rootDir: string): MediaStorage {
  const root = path.resolve(rootDir);
  const tempRoot = tempRootOf(root);

  function filePathOf(key: string): string {
    const segments = assertValidKey(key);
    const file = path.join(root, ...segments);
    // Belt and braces: the key rules already rule out traversal.
    if (!file.startsWith(root + path.sep)) throw new Error(`Key escapes the storage root: ${key}`);
    return file;
  }

  async function readContentType(key: string, file: string): Promise<string> {
    try {
      const meta = JSON.parse(await fs.readFile(file + META_SUFFIX, "utf8")) as Partial<Meta>;
      if (typeof meta.contentType === "string" && isSafeContentType(meta.contentType)) return meta.contentType;
    } catch {
      // no sidecar (or an unreadable one): fall back to the extension
    }
    return contentTypeFromKey(key);
  }

  async function writeFileDurably(file: string, data: string): Promise<void> {
    const handle = await fs.open(file, "wx");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Rename, or copy + rename when the temp file sits on another filesystem. */
  async function moveIntoPlace(source: string, target: string): Promise<void> {
    try {
      await fs.rename(source, target);
      return;
    } catch (error) {
      if (errorCode(error) !== "EXDEV") throw error;
    }
    const staged = path.join(await storage.tempDir(), `${randomUUID()}.part`);
    try {
      await fs.copyFile(source, staged);
      const handle = await fs.open(staged, "r+");
      await handle.sync().finally(() => handle.close());
      await fs.rename(staged, target);
    } catch (error) {
      await fs.rm(staged, { force: true });
      throw error;
    }
    await fs.rm(source, { force: true });
  }

  const storage: MediaStorage = {
    async putFile(key, tempFilePath, contentType) {
      const target = filePathOf(key);
      if (!isSafeContentType(contentType)) throw new TypeError(`Unsafe content type: ${JSON.stringify(contentType)}`);

      const handle = await fs.open(tempFilePath, "r+");
      let size: number;
      try {
        const info = await handle.stat();
        if (!info.isFile()) throw new Error(`Not a regular file: ${tempFilePath}`);
        size = info.size;
        await handle.sync();
      } finally {
        await handle.close();
      }

      const dir = path.dirname(target);
      await fs.mkdir(dir, { recursive: true });
      // The sidecar goes first, so once the object is visible its type is already right.
      const metaTemp = path.join(await storage.tempDir(), `${randomUUID()}.meta`);
      try {
        await writeFileDurably(metaTemp, JSON.stringify({ contentType } satisfies Meta));
        await fs.rename(metaTemp, target + META_SUFFIX);
      } catch (error) {
        await fs.rm(metaTemp, { force: true });
        throw error;
      }
      try {
        await moveIntoPlace(tempFilePath, target);
      } catch (error) {
        // A concurrent deletePrefix may have removed the freshly created folder; recreate it once.
        if (!isMissing(error)) throw error;
        await fs.mkdir(dir, { recursive: true });
        await moveIntoPlace(tempFilePath, target);
      }
      await syncDirectory(dir);
      return { key, size, contentType };
    },

    async stat(key) {
      const file = filePathOf(key);
      try {
        const info = await fs.stat(file);
        if (!info.isFile()) return null;
        return { key, size: info.size, contentType: await readContentType(key, file) };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async openReadStream(key, range) {
      const file = filePathOf(key);
      let handle: FileHandle;
      try {
        handle = await fs.open(file, "r");
      } catch (error) {
        if (isMissing(error) || errorCode(error) === "EISDIR") throw new ObjectNotFoundError(key);
        throw error;
      }

      let position: number;
      let end: number;
      try {
        const info = await handle.stat();
        if (!info.isFile()) throw new ObjectNotFoundError(key);
        position = range?.start ?? 0;
        end = range?.end ?? info.size - 1;
        if (range && !(Number.isSafeInteger(position) && Number.isSafeInteger(end) && position >= 0 && position <= end && end < info.size)) {
          throw new RangeError(`Range ${position}-${end} outside object of ${info.size} bytes`);
        }
      } catch (error) {
        await handle.close();
        throw error;
      }

      let isClosed = false;
      const close = async () => {
        if (isClosed) return;
        isClosed = true;
        await handle.close();
      };

      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const remaining = end - position + 1;
            if (remaining <= 0) {
              await close();
              controller.close();
              return;
            }
            const length = Math.min(READ_CHUNK_BYTES, remaining);
            const buffer = new Uint8Array(length);
            const { bytesRead } = await handle.read(buffer, 0, length, position);
            // Cancelled while the read was in flight: cancel() already closed the handle.
            if (isClosed) return;
            if (bytesRead === 0) throw new Error(`Stored object ${key} ended early`);
            position += bytesRead;
            controller.enqueue(bytesRead === length ? buffer : buffer.subarray(0, bytesRead));
            if (position > end) {
              await close();
              controller.close();
            }
          } catch (error) {
            await close().catch(() => {});
            controller.error(error);
          }
        },
        async cancel() {
          await close();
        },
      });
    },

    async delete(key) {
      const file = filePathOf(key);
      await fs.rm(file, { force: true });
      await fs.rm(file + META_SUFFIX, { force: true });
    },

    async deletePrefix(prefix) {
      assertValidPrefix(prefix);
      const slash = prefix.lastIndexOf("/");
      const dir = path.join(
        root,
        ...prefix
          .slice(0, slash + 1)
          .split("/")
          .filter(Boolean),
      );
      const namePrefix = prefix.slice(slash + 1);
      if (namePrefix === "") {
        await fs.rm(dir, { recursive: true, force: true });
        return;
      }
      let names: string[];
      try {
        names = await fs.readdir(dir);
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      // Object-store semantics: `gen/ab` also matches `gen/abc/…`. Pass `gen/<id>/` to mean one folder.
      await Promise.all(names.filter((name) => name.startsWith(namePrefix)).map((name) => fs.rm(path.join(dir, name), { recursive: true, force: true })));
    },

    async *list(prefix) {
      assertValidPrefix(prefix);
      const slash = prefix.lastIndexOf("/");
      const dirKey = prefix.slice(0, slash + 1);
      const namePrefix = prefix.slice(slash + 1);
      async function* walk(dir: string, keyPrefix: string, only: string): AsyncGenerator<ListedObject> {
        let entries: Dirent[];
        try {
          entries = await fs.readdir(dir, { withFileTypes: true });
        } catch (error) {
          if (isMissing(error)) return;
          throw error;
        }
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
          // The scratch folder and the type sidecars are the storage's own, not objects.
          if (!entry.name.startsWith(only) || entry.name.startsWith(".") || entry.name.endsWith(META_SUFFIX)) continue;
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) {
            yield* walk(full, `${keyPrefix}${entry.name}/`, "");
          } else if (entry.isFile()) {
            const info = await fs.stat(full).catch(() => null);
            if (info) yield { key: `${keyPrefix}${entry.name}`, size: info.size, modifiedAt: info.mtimeMs };
          }
        }
      }
      yield* walk(path.join(root, ...dirKey.split("/").filter(Boolean)), dirKey, namePrefix);
    },

    async tempDir() {
      await fs.mkdir(tempRoot, { recursive: true });
      return tempRoot;
    },
  };
  return storage;
}

/**
 * Deletes temporary files older than `maxAgeMs` (downloads cut short by a crash or restart). Meant for boot;
 * a younger file may belong to a download still running in another process. Returns how many were removed.
 */
export async function cleanupStaleTemp(maxAgeMs: number, rootDir?: string): Promise<number> {
  const root = path.resolve(rootDir ?? (await import("@/lib/env")).env.MEDIA_DIR);
  const tempRoot = tempRootOf(root);
  let names: string[];
  try {
    names = await fs.readdir(tempRoot);
  } catch (error) {
    if (isMissing(error)) return 0;
    throw error;
  }
  const cutoff = Date.now() - maxAgeMs;
  let removed = 0;
  for (const name of names) {
    const file = path.join(tempRoot, name);
    try {
      const info = await fs.stat(file);
      if (info.mtimeMs > cutoff) continue;
      await fs.rm(file, { recursive: true, force: true });
      removed += 1;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return removed;
}
