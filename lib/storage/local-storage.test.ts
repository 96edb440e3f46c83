import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanupStaleTemp, createLocalStorage } from "./local-storage";
import { describeStorageContract } from "@/test/storage-contract";
import type { MediaStorage } from "./types";

let root: string;
let storage: MediaStorage;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "luma-storage-"));
  storage = createLocalStorage(root);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(root, { recursive: true, force: true });
});

function bytes(length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => i % 251));
}

async function writeTemp(content: Buffer): Promise<string> {
  const file = path.join(await storage.tempDir(), `${Math.random().toString(36).slice(2)}.part`);
  await fs.writeFile(file, content);
  return file;
}

async function put(key: string, content: Buffer, contentType = "video/mp4") {
  return storage.putFile(key, await writeTemp(content), contentType);
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return Buffer.concat(chunks);
}

describeStorageContract("local folder", () => storage);

describe("createLocalStorage", () => {
  it("moves the temp file into place: a rename on the same filesystem, with the type in a sidecar", async () => {
    const content = bytes(1000);
    await put("gen/abc/video.mp4", content);
    expect(await fs.readFile(path.join(root, "gen/abc/video.mp4"))).toEqual(content);
    expect(JSON.parse(await fs.readFile(path.join(root, "gen/abc/video.mp4.meta.json"), "utf8"))).toEqual({ contentType: "video/mp4" });
    expect(await fs.readdir(await storage.tempDir())).toEqual([]);
  });

  it("derives the type from the extension when no sidecar exists", async () => {
    await fs.mkdir(path.join(root, "gen/x"), { recursive: true });
    await fs.writeFile(path.join(root, "gen/x/a.webp"), "x");
    await fs.writeFile(path.join(root, "gen/x/b.bin"), "x");
    expect((await storage.stat("gen/x/a.webp"))?.contentType).toBe("image/webp");
    expect((await storage.stat("gen/x/b.bin"))?.contentType).toBe("application/octet-stream");
  });

  it("closes the file handle when the stream ends and when it is cancelled mid-way", async () => {
    await put("gen/abc/video.mp4", bytes(1_000_000));
    // `close` is an own property of each FileHandle, so watch every handle the storage opens.
    const realOpen = fs.open.bind(fs);
    const closeSpies: ReturnType<typeof vi.fn>[] = [];
    vi.spyOn(fs, "open").mockImplementation(async (...args: Parameters<typeof fs.open>) => {
      const handle = await realOpen(...args);
      closeSpies.push(vi.spyOn(handle, "close"));
      return handle;
    });
    const closeCalls = () => closeSpies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);

    await readAll(await storage.openReadStream("gen/abc/video.mp4", { start: 0, end: 99 }));
    expect(closeSpies).toHaveLength(1);
    expect(closeCalls()).toBe(1);

    const stream = await storage.openReadStream("gen/abc/video.mp4");
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(closeSpies).toHaveLength(2);
    expect(closeCalls()).toBe(1);
    await reader.cancel();
    expect(closeCalls()).toBe(2);
    expect((closeSpies[1]?.mock.contexts[0] as { fd: number } | undefined)?.fd).toBe(-1);
  });

  it("deletes an object together with its sidecar", async () => {
    await put("gen/a/video.mp4", bytes(1));
    await put("gen/a/thumb.jpg", bytes(1), "image/jpeg");
    await storage.delete("gen/a/thumb.jpg");
    expect(await fs.readdir(path.join(root, "gen/a"))).toEqual(["video.mp4", "video.mp4.meta.json"]);
  });
});

describe("cleanupStaleTemp", () => {
  it("removes only temp files older than the cut-off", async () => {
    const tempDir = await storage.tempDir();
    const stale = path.join(tempDir, "old.part");
    const fresh = path.join(tempDir, "new.part");
    await fs.writeFile(stale, "x");
    await fs.writeFile(fresh, "x");
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await fs.utimes(stale, anHourAgo, anHourAgo);
    await put("gen/a/video.mp4", bytes(1));

    expect(await cleanupStaleTemp(10 * 60 * 1000, root)).toBe(1);
    expect((await fs.readdir(tempDir)).sort()).toEqual(["new.part"]);
    expect(await storage.stat("gen/a/video.mp4")).not.toBeNull();
  });

  it("copes with a root that has no temp directory yet", async () => {
    expect(await cleanupStaleTemp(0, path.join(root, "fresh"))).toBe(0);
  });
});
