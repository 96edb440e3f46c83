import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeStorageContract } from "@/test/storage-contract";
import { startS3Server, type RunningS3 } from "@/test/s3-server";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { createS3Storage } from "./s3-storage";
import type { MediaStorage } from "./types";

/** The same contract as the local folder, through the AWS SDK against a real S3 protocol server. */
let s3: RunningS3;
let storage: MediaStorage;
let tempRoot: string;

beforeAll(async () => {
  s3 = await startS3Server();
  tempRoot = await fs.mkdtemp(path.join(os.tmpdir(), "luma-s3-temp-"));
  storage = createS3Storage({
    bucket: s3.bucket,
    region: "us-east-1",
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    tempRoot,
  });
});

afterAll(async () => {
  await s3.close();
  await fs.rm(tempRoot, { recursive: true, force: true });
});

beforeEach(async () => {
  await storage.deletePrefix("gen/");
});

describeStorageContract("S3 (s3rver)", () => storage);

describe("createS3Storage", () => {
  it("uploads a large file in parts and keeps nothing in the scratch folder", async () => {
    const content = Buffer.alloc(20 * 1024 * 1024 + 123, 7);
    const temp = path.join(await storage.tempDir(), "big.part");
    await fs.writeFile(temp, content);
    expect(await storage.putFile("gen/big/video.mp4", temp, "video/mp4")).toEqual({ key: "gen/big/video.mp4", size: content.length, contentType: "video/mp4" });
    expect(await fs.readdir(tempRoot)).not.toContain("big.part");
    const reader = (await storage.openReadStream("gen/big/video.mp4", { start: content.length - 10, end: content.length - 1 })).getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value ?? []).equals(content.subarray(content.length - 10))).toBe(true);
  }, 60_000);

  it("leaves the bucket empty once a generation's prefix is deleted", async () => {
    const temp = path.join(await storage.tempDir(), "one.part");
    await fs.writeFile(temp, "x");
    await storage.putFile("gen/gone/thumb.jpg", temp, "image/jpeg");
    await storage.deletePrefix("gen/gone/");
    const client = new S3Client({
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    expect((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: "gen/" }))).KeyCount ?? 0).toBe(0);
  });
});
