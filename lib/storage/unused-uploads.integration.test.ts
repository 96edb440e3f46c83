import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

/**
 * Frames are uploaded when chosen, before any generation exists. The reconciler removes the ones no generation
 * uses once they are a day old, and keeps the rest.
 */
let h: Harness;
const png = fs.readFileSync(path.join(process.cwd(), "test", "fixtures", "frame.png"));

beforeAll(async () => {
  h = await startHarness({ reconciler: false });
});
afterAll(async () => {
  await h?.close();
});

async function upload(ageMs: number): Promise<{ url: string; file: string }> {
  const { storeUploadedImage } = await import("@/lib/generations/frames");
  const { url } = await storeUploadedImage(Buffer.concat([png, randomBytes(32)]));
  const file = path.join(h.dataDir, "media", url.replace("/api/", ""));
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(file, when, when);
  return { url, file };
}

it("removes uploads no generation uses after a day, and keeps used and recent ones", async () => {
  const day = 24 * 60 * 60_000;
  const unused = await upload(day + 60_000);
  const recent = await upload(day - 60 * 60_000);
  const used = await upload(day + 60_000);
  const usedAsEnd = await upload(3 * day);
  const created = await h.create({ prompt: "keeps its frames", imageUrl: used.url, imageEndUrl: usedAsEnd.url });
  expect(created.status).toBe(201);

  const { startReconciler } = await import("@/lib/jobs/reconciler");
  await startReconciler();
  // The file and its sidecar go one after the other: wait until neither is left.
  await expect.poll(() => fs.existsSync(unused.file) || fs.existsSync(`${unused.file}.meta.json`), { timeout: 10_000 }).toBe(false);
  for (const kept of [recent, used, usedAsEnd]) expect(fs.existsSync(kept.file), kept.url).toBe(true);
  expect(createHash("sha256").update(fs.readFileSync(used.file)).digest("hex")).toBe(path.basename(used.file).split(".")[0]);
});

it("choosing the same picture again restarts its day", async () => {
  const { storeUploadedImage } = await import("@/lib/generations/frames");
  const bytes = Buffer.concat([png, randomBytes(32)]);
  const { url } = await storeUploadedImage(bytes);
  const file = path.join(h.dataDir, "media", url.replace("/api/", ""));
  const old = new Date(Date.now() - 2 * 24 * 60 * 60_000);
  fs.utimesSync(file, old, old);
  await storeUploadedImage(bytes);
  expect(Date.now() - fs.statSync(file).mtimeMs).toBeLessThan(60_000);
});
