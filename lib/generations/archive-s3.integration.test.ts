import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";
import { startS3Server, type RunningS3 } from "@/test/s3-server";

/** MEDIA_STORAGE=s3 end to end: the archiver stores a finished clip in the bucket, the media route serves ranges from it. */
let s3: RunningS3;
let h: Harness;
let client: S3Client;

beforeAll(async () => {
  s3 = await startS3Server();
  h = await startHarness({ env: s3.env });
  client = new S3Client({
    region: "us-east-1",
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
});

afterAll(async () => {
  await h.close();
  await s3.close();
});

const keysUnder = async (prefix: string) =>
  ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }))).Contents ?? []).map((object) => object.Key).sort();

describe("archiving into S3", () => {
  it("stores the video, thumbnail and last frame as objects, serves a Range from them, and deletes them with the clip", async () => {
    const created = await h.create({ prompt: "a lighthouse archived to a bucket" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const done = await h.waitFor(id, (g) => g.isArchived === true && g.isCleanCopyMissing !== true, 30_000);
    expect(done.videoUrl).toBe(`/api/generations/${id}/media/video`);

    expect(await keysUnder(`gen/${id}/`)).toEqual([`gen/${id}/last-frame.jpg`, `gen/${id}/thumbnail.jpg`, `gen/${id}/video.mp4`].sort());
    // Nothing of the media is kept on local disk: only scratch space, emptied after each upload.
    const { env } = await import("@/lib/env");
    const fs = await import("node:fs");
    expect(fs.existsSync(`${env.MEDIA_DIR}/gen`)).toBe(false);

    const whole = await h.media(id, "video");
    expect(whole.status).toBe(200);
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");

    const ranged = await h.media(id, "video", { range: "bytes=100-1099" });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 100-1099/${bytes.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(100, 1100))).toBe(true);

    const tail = await h.media(id, "video", { range: "bytes=-10" });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
    expect((await h.media(id, "video", { range: `bytes=${bytes.length}-` })).status).toBe(416);

    // Readiness writes, reads back and deletes its probe object in the bucket.
    const ready = await (await import("@/app/api/ready/route")).GET();
    expect(await ready.json()).toMatchObject({ ready: true, checks: { media: "ok" } });
    expect(await keysUnder("ops/")).toEqual([]);

    const { DELETE } = await import("@/app/api/generations/[id]/route");
    const deleted = await DELETE(new Request(`http://app.test/api/generations/${id}`, { method: "DELETE", headers: h.door }), {
      params: Promise.resolve({ id }),
    });
    expect(deleted.status).toBeLessThan(300);
    expect(await keysUnder(`gen/${id}/`)).toEqual([]);
    expect((await h.media(id, "video")).status).toBe(404);
  }, 60_000);
});
