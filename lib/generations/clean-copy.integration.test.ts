import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WATERMARK_MARK } from "@/simulator/media";
import { startHarness, type Harness } from "@/test/harness";

// A gateway whose watermark-free downloads are sometimes cut mid-stream: the clip may play from the watermarked
// copy meanwhile, but what ends up archived (and downloaded) must be the clean one.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const cleanClip = (aspect: string) => readFileSync(path.join("simulator", "assets", `${aspect.replace(":", "x")}.mp4`));
const body = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe("clean copy of the video", () => {
  it("archives all 30 clips watermark-free when 15 % of clean downloads are cut mid-stream", async () => {
    const store = (await import("@/lib/db/store")).getStore();
    h.sim.setScenario({ cleanDownloadCutRate: 0.15 });
    const ids: string[] = [];
    try {
      for (let i = 0; i < 30; i++) {
        const created = await h.create({ prompt: `flaky clean copy ${i}`, aspectRatio: "1:1" });
        expect(created.status).toBe(201);
        ids.push(((await created.json()) as { id: string }).id);
      }
    } finally {
      h.sim.setScenario({ cleanDownloadCutRate: 0 });
    }
    // Each cut clip first gets its stand-in, then the clean copy on the first retry (10 s later).
    const done = await Promise.all(ids.map((id) => h.waitFor(id, (g) => g.isArchived === true, 40_000)));

    const clean = cleanClip("1:1");
    for (const generation of done) {
      expect(generation).toMatchObject({
        state: "completed",
        isCleanCopyMissing: false,
        downloadUrl: `/api/generations/${generation.id}/media/video?download=1`,
      });
      expect((await store.getGenerationById(generation.id as string))?.videoIsWatermarked).toBe(false);
      const stored = await body(await h.media(generation.id as string, "video"));
      expect(stored.includes(WATERMARK_MARK), `clip ${generation.id} was archived watermarked`).toBe(false);
      expect(stored.equals(clean)).toBe(true);
    }
    // The rate picks 4 or 5 of any 30 jobs; each loses every clean link of its first attempt.
    expect(h.sim.stats().cleanDownloadsCut).toBeGreaterThanOrEqual(4 * 3);
  }, 60_000);

  it("plays the watermarked stand-in while the clean copy is missing, then swaps in the clean one and offers it for download", async () => {
    const { GET: downloadMedia } = await import("@/app/api/generations/[id]/media/[kind]/route");
    const download = (id: string) =>
      downloadMedia(new Request(`http://app.test/api/generations/${id}/media/video?download=1`), { params: Promise.resolve({ id, kind: "video" }) });

    // The first archive attempt tries download_url, video_raw and a fresh download_video_url link: 3 cuts.
    // The retry's first link is cut too, its second gets through.
    const created = (await (await h.create({ prompt: "slow clean copy [sim:cutclean=4]", aspectRatio: "16:9" })).json()) as { id: string };
    const standIn = await h.waitFor(created.id, (g) => g.isCleanCopyMissing === true);
    expect(standIn).toMatchObject({
      state: "completed",
      isArchived: false,
      downloadUrl: null,
      videoUrl: `/api/generations/${created.id}/media/video?copy=watermarked`,
    });
    const playing = await h.media(created.id, "video", { range: "bytes=0-" });
    expect(playing.status).toBe(206);
    expect((await body(playing)).includes(WATERMARK_MARK)).toBe(true);
    const refused = await download(created.id);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/watermark-free copy/);

    const clean = await h.waitFor(created.id, (g) => g.isCleanCopyMissing === false, 25_000);
    expect(clean).toMatchObject({
      isArchived: true,
      videoUrl: `/api/generations/${created.id}/media/video`,
      downloadUrl: `/api/generations/${created.id}/media/video?download=1`,
    });
    const downloaded = await download(created.id);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get("content-disposition")).toMatch(/^attachment; filename="slow-clean-copy-sim-cutclean-4-/);
    expect((await body(downloaded)).equals(cleanClip("16:9"))).toBe(true);
  }, 40_000);
});
