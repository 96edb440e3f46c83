import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLocalStorage } from "@/lib/storage/local-storage";
import type { MediaStorage } from "@/lib/storage/types";
import { parseRange, safeDownloadName, serveStoredMedia } from "./serve";

const KEY = "gen/g1/video.mp4";
const SIZE = 1000;
const content = Buffer.from(Array.from({ length: SIZE }, (_, i) => i % 256));

let root: string;
let storage: MediaStorage;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "luma-serve-"));
  storage = createLocalStorage(root);
  const temp = path.join(await storage.tempDir(), "upload.part");
  await fs.writeFile(temp, content);
  await storage.putFile(KEY, temp, "video/mp4");
});

afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(root, { recursive: true, force: true });
});

function get(headers: Record<string, string> = {}, method = "GET") {
  return new Request("http://localhost/api/media/g1/video", { method, headers });
}

async function bodyOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

describe("parseRange", () => {
  it.each([
    [null, { kind: "full" }],
    ["", { kind: "full" }],
    ["bytes=0-99", { kind: "partial", start: 0, end: 99 }],
    ["bytes=100-", { kind: "partial", start: 100, end: 999 }],
    ["bytes=-100", { kind: "partial", start: 900, end: 999 }],
    ["bytes=-5000", { kind: "partial", start: 0, end: 999 }],
    ["bytes=990-5000", { kind: "partial", start: 990, end: 999 }],
    ["bytes=999-999", { kind: "partial", start: 999, end: 999 }],
    ["bytes=1000-", { kind: "unsatisfiable" }],
    ["bytes=5000-6000", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    ["bytes=0-1,5-9", { kind: "full" }],
    ["bytes=50-10", { kind: "full" }],
    ["bytes=-", { kind: "full" }],
    ["bytes=abc", { kind: "full" }],
    ["items=0-10", { kind: "full" }],
    ["bytes=1.5-2", { kind: "full" }],
    [" Bytes = 10 - 20 ", { kind: "partial", start: 10, end: 20 }],
    ["bytes=1-2-3", { kind: "full" }],
    [`bytes=0-${"9".repeat(200)}`, { kind: "full" }],
  ] as const)("%j → %j", (header, expected) => {
    expect(parseRange(header, SIZE)).toEqual(expected);
  });

  it("reads a hostile header in linear time (the old pattern was quadratic: 16 KB of spaces took 80–360 ms, 64 KB several seconds)", () => {
    for (const header of [`bytes=${" ".repeat(64 * 1024)}x`, `bytes=1${" ".repeat(64 * 1024)}-x`, `${" ".repeat(64 * 1024)}bytes=0-1`]) {
      const started = performance.now();
      expect(parseRange(header, SIZE)).toEqual({ kind: "full" });
      // A bound, not a benchmark: far above a linear parse (well under 1 ms) even on a loaded machine, far below the quadratic one.
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });

  it("treats every range on an empty file as unsatisfiable", () => {
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-10", 0)).toEqual({ kind: "unsatisfiable" });
  });
});

describe("serveStoredMedia", () => {
  it("answers the whole file with 200 and the media headers", async () => {
    const response = await serveStoredMedia(get(), storage, KEY);
    expect(response.status).toBe(200);
    expect(response.headers.get("accept-ranges")).toBe("bytes");
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("private, no-cache");
    expect(response.headers.get("etag")).toMatch(/^W\/"[A-Za-z0-9_-]{22}"$/);
    expect(response.headers.get("content-range")).toBeNull();
    expect(response.headers.get("content-disposition")).toBeNull();
    expect((await bodyOf(response)).equals(content)).toBe(true);
  });

  it("is revalidated on every use: 304 while unchanged, a new tag once replaced, 404 once deleted", async () => {
    const first = await serveStoredMedia(get(), storage, KEY);
    const etag = first.headers.get("etag") ?? "";
    await first.body?.cancel();
    const unchanged = await serveStoredMedia(get({ "If-None-Match": etag }), storage, KEY);
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("cache-control")).toBe("private, no-cache");
    expect(unchanged.body).toBeNull();

    const temp = path.join(await storage.tempDir(), "replacement.part");
    await fs.writeFile(temp, Buffer.concat([content, Buffer.from("clean copy")]));
    await storage.putFile(KEY, temp, "video/mp4");
    const replaced = await serveStoredMedia(get({ "If-None-Match": etag }), storage, KEY);
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get("etag")).not.toBe(etag);
    await replaced.body?.cancel();

    await storage.delete(KEY);
    expect((await serveStoredMedia(get({ "If-None-Match": etag }), storage, KEY)).status).toBe(404);
  });

  it("answers bytes=0-99 with 206 and exactly those bytes", async () => {
    const response = await serveStoredMedia(get({ Range: "bytes=0-99" }), storage, KEY);
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("bytes 0-99/1000");
    expect(response.headers.get("accept-ranges")).toBe("bytes");
    expect(await bodyOf(response)).toEqual(content.subarray(0, 100));
  });

  it("answers open-ended, suffix and clamped ranges", async () => {
    const open = await serveStoredMedia(get({ Range: "bytes=100-" }), storage, KEY);
    expect([open.status, open.headers.get("content-range")]).toEqual([206, "bytes 100-999/1000"]);
    expect(await bodyOf(open)).toEqual(content.subarray(100));

    const suffix = await serveStoredMedia(get({ Range: "bytes=-100" }), storage, KEY);
    expect([suffix.status, suffix.headers.get("content-range")]).toEqual([206, "bytes 900-999/1000"]);
    expect(await bodyOf(suffix)).toEqual(content.subarray(900));

    const clamped = await serveStoredMedia(get({ Range: "bytes=950-100000" }), storage, KEY);
    expect([clamped.status, clamped.headers.get("content-range")]).toEqual([206, "bytes 950-999/1000"]);
    expect(await bodyOf(clamped)).toEqual(content.subarray(950));
  });

  it("answers a start past the end with 416 and the total size", async () => {
    const response = await serveStoredMedia(get({ Range: "bytes=1000-" }), storage, KEY);
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */1000");
    expect(await response.text()).toBe("");
  });

  it("answers several ranges, a malformed header or an If-Range with the whole file", async () => {
    const cases: Record<string, string>[] = [{ Range: "bytes=0-9,20-29" }, { Range: "bytes=oops" }, { Range: "bytes=0-9", "If-Range": '"abc"' }];
    for (const headers of cases) {
      const response = await serveStoredMedia(get(headers), storage, KEY);
      expect(response.status).toBe(200);
      expect(response.headers.get("accept-ranges")).toBe("bytes");
      expect((await bodyOf(response)).length).toBe(SIZE);
    }
  });

  it("answers HEAD with headers only and never opens the file", async () => {
    const openSpy = vi.spyOn(storage, "openReadStream");
    const full = await serveStoredMedia(get({}, "HEAD"), storage, KEY);
    expect(full.status).toBe(200);
    expect(full.body).toBeNull();
    expect(full.headers.get("content-type")).toBe("video/mp4");

    const partial = await serveStoredMedia(get({ Range: "bytes=0-99" }, "HEAD"), storage, KEY);
    expect([partial.status, partial.headers.get("content-range"), partial.body]).toEqual([206, "bytes 0-99/1000", null]);
    expect(openSpy).not.toHaveBeenCalled();
  });

  it("answers a missing or invalid key with a 404 JSON error", async () => {
    for (const key of ["gen/none/video.mp4", "../secret"]) {
      const response = await serveStoredMedia(get(), storage, key);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    }
  });

  it("sends a download name that survives Chinese prompts", async () => {
    const name = safeDownloadName("一只猫在月球上跳舞", "9f8e7d6c-1111-2222-3333-444455556666", "mp4");
    expect(name).toBe("一只猫在月球上跳舞-9f8e7d6c.mp4");
    const response = await serveStoredMedia(get(), storage, KEY, { downloadName: name, cacheControl: "no-store" });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(disposition).toBe(`attachment; filename="9f8e7d6c.mp4"; filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(disposition).toMatch(/^[\x20-\x7e]+$/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? "")).toBe(name);
    await response.body?.cancel();
  });

  it("escapes quotes and apostrophes in the download name", async () => {
    const response = await serveStoredMedia(get(), storage, KEY, { downloadName: `it's "fine".mp4` });
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="it_s_fine_.mp4"; filename*=UTF-8''it%27s%20%22fine%22.mp4`);
    await response.body?.cancel();
  });
});

describe("safeDownloadName", () => {
  it("slugs the prompt and appends the short id", () => {
    expect(safeDownloadName("A cat dancing on the moon!", "1a2b3c4d5e6f", "mp4")).toBe("a-cat-dancing-on-the-moon-1a2b3c4d.mp4");
  });

  it("drops path and shell characters and caps the length", () => {
    const name = safeDownloadName(`../../etc/passwd; rm -rf / "quoted" ${"long ".repeat(40)}`, "abc", ".mp4");
    expect(name).toMatch(/^[a-z0-9-]+\.mp4$/);
    expect(name.startsWith("etc-passwd-rm-rf-quoted-long")).toBe(true);
    expect(name.length).toBeLessThanOrEqual(60 + "-abc.mp4".length);
  });

  it("falls back when the prompt has nothing usable", () => {
    expect(safeDownloadName("   !!! ", "abcdef123456", "jpg")).toBe("luma-abcdef12.jpg");
  });
});
