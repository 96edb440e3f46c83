import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidKeyError, ObjectNotFoundError, type ListedObject, type MediaStorage } from "@/lib/storage/types";

/**
 * What every MediaStorage must do, whatever it stores on: run against the local folder and against a real
 * S3 protocol server. `storage()` is read per test, so a suite may make a fresh one in its beforeEach.
 */
export function describeStorageContract(name: string, storage: () => MediaStorage): void {
  const bytes = (length: number) => Buffer.from(Array.from({ length }, (_, i) => i % 251));

  async function writeTemp(content: Buffer): Promise<string> {
    const file = path.join(await storage().tempDir(), `${Math.random().toString(36).slice(2)}.part`);
    await fs.writeFile(file, content);
    return file;
  }

  const put = async (key: string, content: Buffer, contentType = "video/mp4") => storage().putFile(key, await writeTemp(content), contentType);

  async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    return Buffer.concat(chunks);
  }

  describe(`MediaStorage contract: ${name}`, () => {
    it("stores a temp file under its key, takes the temp file away, and reports size and type", async () => {
      const content = bytes(1000);
      const temp = await writeTemp(content);
      const stored = await storage().putFile("gen/abc/video.mp4", temp, "video/mp4");
      expect(stored).toEqual({ key: "gen/abc/video.mp4", size: 1000, contentType: "video/mp4" });
      await expect(fs.access(temp)).rejects.toThrow();
      expect(await storage().stat("gen/abc/video.mp4")).toEqual(stored);
      expect((await readAll(await storage().openReadStream("gen/abc/video.mp4"))).equals(content)).toBe(true);
    });

    it("keeps the verified content type even when the extension says otherwise", async () => {
      await put("gen/abc/thumb.jpg", bytes(10), "image/png");
      expect((await storage().stat("gen/abc/thumb.jpg"))?.contentType).toBe("image/png");
    });

    it("replaces an existing object", async () => {
      await put("gen/abc/video.mp4", bytes(10));
      await put("gen/abc/video.mp4", bytes(20));
      expect((await storage().stat("gen/abc/video.mp4"))?.size).toBe(20);
    });

    it("answers null for a missing key, and for a 'folder'", async () => {
      await put("gen/folder/video.mp4", bytes(3));
      expect(await storage().stat("gen/none/video.mp4")).toBeNull();
      expect(await storage().stat("gen/folder")).toBeNull();
    });

    it("streams the whole object and inclusive byte ranges", async () => {
      const content = bytes(200_000);
      await put("gen/abc/video.mp4", content);
      expect((await readAll(await storage().openReadStream("gen/abc/video.mp4"))).equals(content)).toBe(true);
      expect(await readAll(await storage().openReadStream("gen/abc/video.mp4", { start: 10, end: 19 }))).toEqual(content.subarray(10, 20));
      expect(await readAll(await storage().openReadStream("gen/abc/video.mp4", { start: 0, end: 0 }))).toEqual(content.subarray(0, 1));
      const tail = await readAll(await storage().openReadStream("gen/abc/video.mp4", { start: 70_000, end: 199_999 }));
      expect(tail.equals(content.subarray(70_000))).toBe(true);
    });

    it("refuses ranges outside the object and missing keys", async () => {
      await put("gen/abc/video.mp4", bytes(100));
      await expect(storage().openReadStream("gen/abc/video.mp4", { start: 50, end: 100 })).rejects.toBeInstanceOf(RangeError);
      await expect(storage().openReadStream("gen/abc/video.mp4", { start: 100, end: 120 })).rejects.toBeInstanceOf(RangeError);
      await expect(storage().openReadStream("gen/abc/video.mp4", { start: 60, end: 50 })).rejects.toBeInstanceOf(RangeError);
      await expect(storage().openReadStream("gen/none/video.mp4")).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it("lets a reader stop mid-way, and the object stays readable and deletable", async () => {
      const content = bytes(3_000_000);
      await put("gen/abc/video.mp4", content);
      const reader = (await storage().openReadStream("gen/abc/video.mp4")).getReader();
      expect((await reader.read()).done).toBe(false);
      await reader.cancel();
      expect(
        (await readAll(await storage().openReadStream("gen/abc/video.mp4", { start: 2_999_990, end: 2_999_999 }))).equals(content.subarray(2_999_990)),
      ).toBe(true);
      await storage().delete("gen/abc/video.mp4");
      expect(await storage().stat("gen/abc/video.mp4")).toBeNull();
    });

    it("deletes one object (missing is fine) and whole prefixes", async () => {
      await put("gen/a/video.mp4", bytes(1));
      await put("gen/a/thumb.jpg", bytes(1), "image/jpeg");
      await put("gen/ab/video.mp4", bytes(1));
      await put("gen/b/video.mp4", bytes(1));

      await storage().delete("gen/a/thumb.jpg");
      await storage().delete("gen/a/thumb.jpg");
      expect(await storage().stat("gen/a/thumb.jpg")).toBeNull();
      expect(await storage().stat("gen/a/video.mp4")).not.toBeNull();

      await storage().deletePrefix("gen/a/");
      expect(await storage().stat("gen/a/video.mp4")).toBeNull();
      expect(await storage().stat("gen/ab/video.mp4")).not.toBeNull();

      await storage().deletePrefix("gen/a");
      expect(await storage().stat("gen/ab/video.mp4")).toBeNull();
      expect(await storage().stat("gen/b/video.mp4")).not.toBeNull();

      await storage().deletePrefix("gen/missing/");
      await storage().deletePrefix("nothing/here");
    });

    it("deletes a prefix holding more objects than one listing page", async () => {
      for (let batch = 0; batch < 1005; batch += 25) {
        await Promise.all(Array.from({ length: Math.min(25, 1005 - batch) }, (_, i) => put(`gen/many/f${batch + i}.jpg`, bytes(1), "image/jpeg")));
      }
      await put("gen/other/video.mp4", bytes(1));
      await storage().deletePrefix("gen/many/");
      for (const i of [0, 500, 1004]) expect(await storage().stat(`gen/many/f${i}.jpg`)).toBeNull();
      expect(await storage().stat("gen/other/video.mp4")).not.toBeNull();
    }, 120_000);

    it("lists the objects under a prefix with their size and when they were written", async () => {
      const before = Date.now() - 2_000;
      await put("uploads/a.png", bytes(5), "image/png");
      await put("uploads/b.jpg", bytes(7), "image/jpeg");
      await put("uploads-not/c.png", bytes(1), "image/png");
      await put("gen/x/video.mp4", bytes(9));
      const listed: ListedObject[] = [];
      for await (const object of storage().list("uploads/")) listed.push(object);
      expect(listed.map(({ key, size }) => ({ key, size })).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        { key: "uploads/a.png", size: 5 },
        { key: "uploads/b.jpg", size: 7 },
      ]);
      for (const object of listed) expect(object.modifiedAt).toBeGreaterThan(before);
      const everything: string[] = [];
      for await (const object of storage().list("uploads")) everything.push(object.key);
      expect(everything.sort()).toEqual(["uploads-not/c.png", "uploads/a.png", "uploads/b.jpg"]);
      for await (const object of storage().list("nothing/")) throw new Error(`listed ${object.key}`);
      await storage().deletePrefix("uploads");
    });

    it.each([
      "../escape.mp4",
      "gen/../../escape.mp4",
      "/etc/passwd",
      "gen\\abc\\video.mp4",
      "gen/abc/vi\0deo.mp4",
      "",
      "gen//video.mp4",
      "gen/abc/",
      ".tmp/x.part",
      "gen/.hidden",
      "C:/windows/x",
      "gen/abc/video.mp4.meta.json",
    ])("rejects the key %j", async (key) => {
      await expect(storage().stat(key)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage().delete(key)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage().openReadStream(key)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage().putFile(key, await writeTemp(bytes(1)), "video/mp4")).rejects.toBeInstanceOf(InvalidKeyError);
    });

    it("rejects bad prefixes, including the empty one", async () => {
      await expect(storage().deletePrefix("")).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage().deletePrefix("/")).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage().deletePrefix("../")).rejects.toBeInstanceOf(InvalidKeyError);
    });

    it("refuses a content type that could split a header", async () => {
      await expect(storage().putFile("gen/a/video.mp4", await writeTemp(bytes(1)), "video/mp4\r\nX-Evil: 1")).rejects.toThrow(TypeError);
      expect(await storage().stat("gen/a/video.mp4")).toBeNull();
    });
  });
}
