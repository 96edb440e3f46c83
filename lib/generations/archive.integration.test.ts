import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

// Reconciler off: the test drives check and archive by hand to put a dead link in between. Links live 3 s: their
// X-Amz-Date has whole seconds, so a link signed late in a second has up to a second less; 1 s left a fresh link
// as little as a few milliseconds, and a loaded machine (CI) was slower than that to use it.
const LINK_TTL_SECONDS = 3;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ reconciler: false, simulator: { downloadUrlTtlSeconds: LINK_TTL_SECONDS } });
});
afterAll(() => h.close());

it("replaces an expired presigned link with a fresh one from download_video_url", async () => {
  const store = (await import("@/lib/db/store")).getStore();
  const { checkGeneration } = await import("@/lib/generations/refresh");
  const { archiveGeneration } = await import("@/lib/generations/archive");

  const created = await (await h.create({ prompt: "expiring link", aspectRatio: "4:3" })).json();
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const checked = await checkGeneration((await store.getGenerationById(created.id))!);
  expect(checked?.state).toBe("completed");

  // A gateway that hands out only the presigned link (no video_raw, no permanent url).
  const raw = JSON.parse(checked!.rawUpstream!);
  const presigned = raw.video.download_url as string;
  expect(presigned).toMatch(new RegExp(`X-Amz-Expires=${LINK_TTL_SECONDS}&`));
  const onlyPresigned = {
    id: raw.id,
    state: "completed",
    video: { download_url: presigned, width: 1168, height: 864 },
    thumbnail: raw.thumbnail,
    last_frame: raw.last_frame,
  };
  await store.updateGeneration(created.id, { rawUpstream: JSON.stringify(onlyPresigned), videoUrl: presigned });
  await new Promise((resolve) => setTimeout(resolve, LINK_TTL_SECONDS * 1000 + 500));
  expect((await fetch(presigned)).status).toBe(403);

  const before = h.sim.stats().downloadUrls;
  const archived = await archiveGeneration((await store.getGenerationById(created.id))!);
  expect(archived?.archiveState).toBe("done");
  expect(h.sim.stats().downloadUrls).toBe(before + 1);
  const video = await h.media(created.id, "video", { range: "bytes=0-15" });
  expect(video.status).toBe(206);
});

it("retries a failed copy later instead of giving up", async () => {
  const store = (await import("@/lib/db/store")).getStore();
  const { checkGeneration } = await import("@/lib/generations/refresh");
  const { archiveGeneration } = await import("@/lib/generations/archive");
  const created = await (await h.create({ prompt: "unreachable media", aspectRatio: "1:1" })).json();
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await checkGeneration((await store.getGenerationById(created.id))!);
  await store.updateGeneration(created.id, { thumbnailUrl: `${h.sim.url}/media/does-not-exist/thumb.jpg` });
  const first = await archiveGeneration((await store.getGenerationById(created.id))!);
  expect(first).toMatchObject({ archiveState: "pending", archiveAttempts: 1 });
  expect(first?.videoKey).toBeTruthy(); // what could be copied is kept
  expect(first!.archiveNextAt!).toBeGreaterThan(Date.now());
});
