import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// The SQLite store against a real file with the committed migrations: the gallery's filters and prompt search, claims.
let q: import("./sqlite-store").SqliteStore;
const OWNER = "host-a:101:aaaa";
const OTHER = "host-b:202:bbbb";
const base = { idempotencyKey: null, requestHash: null, expandPrompt: true, loop: false, upstreamState: null, deadlineAt: 0 };

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luma-store-"));
  process.env.DATA_DIR = dir;
  const { SqliteStore } = await import("./sqlite-store");
  q = new SqliteStore(path.join(dir, "store.db"));
  const rows = [
    {
      id: "gen-00000001",
      prompt: "a snow leopard crossing a ridge",
      state: "completed",
      aspectRatio: "16:9",
      liked: true,
      model: "ray-v2",
      createdAt: Date.parse("2026-11-01T10:00:00Z"),
    },
    {
      id: "gen-00000002",
      prompt: "一只橘猫在月光下跳舞",
      state: "failed",
      aspectRatio: "9:16",
      liked: false,
      model: null,
      createdAt: Date.parse("2026-11-02T10:00:00Z"),
    },
    {
      id: "gen-00000003",
      prompt: "snowy mountains, 100% cinematic_look",
      state: "running",
      aspectRatio: "1:1",
      liked: false,
      model: "ray-v2",
      createdAt: Date.parse("2026-11-03T10:00:00Z"),
    },
    {
      id: "gen-00000004",
      prompt: "雨中的霓虹街道 neon",
      state: "timed_out",
      aspectRatio: "9:16",
      liked: true,
      model: "ray-v1",
      createdAt: Date.parse("2026-11-04T10:00:00Z"),
    },
  ] as const;
  for (const row of rows) await q.insertGeneration({ ...base, ...row, updatedAt: row.createdAt });
});

const ids = async (options: Parameters<typeof q.listGenerations>[0]) => (await q.listGenerations(options)).map((row) => row.id.slice(-1));

describe("listGenerations", () => {
  it("filters by state (one or several), aspect ratio, liked, model and dates, newest first", async () => {
    expect(await ids({ limit: 10 })).toEqual(["4", "3", "2", "1"]);
    expect(await ids({ limit: 10, states: ["failed", "timed_out"] })).toEqual(["4", "2"]);
    expect(await ids({ limit: 1, states: ["failed", "timed_out", "completed"] })).toEqual(["4"]);
    expect(await ids({ limit: 10, aspectRatios: ["9:16"] })).toEqual(["4", "2"]);
    expect(await ids({ limit: 10, liked: true })).toEqual(["4", "1"]);
    expect(await ids({ limit: 10, model: "ray-v2" })).toEqual(["3", "1"]);
    expect(await ids({ limit: 10, createdFrom: Date.parse("2026-11-02T00:00:00Z"), createdBefore: Date.parse("2026-11-04T00:00:00Z") })).toEqual(["3", "2"]);
    expect(await ids({ limit: 10, sort: "oldest" })).toEqual(["1", "2", "3", "4"]);
  });

  it("pages with a keyset cursor in either direction", async () => {
    const after = { createdAt: Date.parse("2026-11-03T10:00:00Z"), id: "gen-00000003" };
    expect(await ids({ limit: 10, after })).toEqual(["2", "1"]);
    expect(await ids({ limit: 10, after, sort: "oldest" })).toEqual(["4"]);
  });

  it("searches prompt words in English and Chinese, every word required", async () => {
    expect(await ids({ limit: 10, search: "snow" })).toEqual(["3", "1"]);
    expect(await ids({ limit: 10, search: "snow leopard" })).toEqual(["1"]);
    expect(await ids({ limit: 10, search: "橘猫" })).toEqual(["2"]);
    expect(await ids({ limit: 10, search: "月光下" })).toEqual(["2"]);
    expect(await ids({ limit: 10, search: "霓虹 neon" })).toEqual(["4"]);
    expect(await ids({ limit: 10, search: "leopard", states: ["failed"] })).toEqual([]);
  });

  it("treats search operators and LIKE wildcards in user input as plain text", async () => {
    expect(await ids({ limit: 10, search: "100%" })).toEqual(["3"]);
    expect(await ids({ limit: 10, search: "%" })).toEqual(["3"]);
    expect(await ids({ limit: 10, search: "_l" })).toEqual(["3"]);
    expect(await ids({ limit: 10, search: 'snow" OR "neon' })).toEqual([]);
    expect(await ids({ limit: 10, search: "NEAR(snow leopard)" })).toEqual([]);
  });

  it("keeps the search index in step with deletes", async () => {
    await q.deleteGenerationById("gen-00000001");
    expect(await ids({ limit: 10, search: "leopard" })).toEqual([]);
  });
});

describe("claimDueArchives", () => {
  it("claims clips with no video of ours before stand-ins waiting for their clean copy, and leases them", async () => {
    const now = Date.parse("2026-11-10T10:00:00Z");
    const archive = (id: string, dueAt: number, videoKey: string | null) =>
      q.insertGeneration({
        ...base,
        id,
        prompt: id,
        state: "completed",
        aspectRatio: "16:9",
        createdAt: dueAt,
        updatedAt: dueAt,
        archiveState: "pending",
        archiveNextAt: dueAt,
        videoKey,
        videoIsWatermarked: videoKey !== null,
      });
    await archive("arc-standin1", now - 60_000, "gen/arc-standin1/video.mp4");
    await archive("arc-novideo1", now - 1_000, null);
    await archive("arc-notdue01", now + 60_000, null);

    const claimed = await q.claimDueArchives(now, 1, 30_000, OWNER);
    expect(claimed.map((row) => [row.id, row.leaseOwner, row.leaseUntil])).toEqual([["arc-novideo1", OWNER, now + 30_000]]);
    expect((await q.claimDueArchives(now, 5, 30_000, OTHER)).map((row) => row.id)).toEqual(["arc-standin1"]);
    expect(await q.claimDueArchives(now, 5, 30_000, OWNER)).toEqual([]);
  });
});

describe("leases", () => {
  const now = Date.parse("2026-11-20T10:00:00Z");
  const due = (id: string) =>
    q.insertGeneration({
      ...base,
      id,
      upstreamId: `up-${id}`,
      prompt: id,
      state: "running",
      aspectRatio: "16:9",
      createdAt: now,
      updatedAt: now,
      deadlineAt: now + 60_000,
      nextCheckAt: now - 1_000,
    });

  it("a claim skips rows another owner leased until the lease expires", async () => {
    await due("lease-expiry");
    expect((await q.claimDueGenerations(now, 10, 30_000, OWNER)).map((row) => row.id)).toContain("lease-expiry");
    expect((await q.claimDueGenerations(now + 29_000, 10, 30_000, OTHER)).map((row) => row.id)).not.toContain("lease-expiry");
    const taken = await q.claimDueGenerations(now + 31_000, 10, 30_000, OTHER);
    expect(taken.find((row) => row.id === "lease-expiry")?.leaseOwner).toBe(OTHER);
  });

  it("releaseLeases hands back only the caller's own leases", async () => {
    await due("lease-mine01");
    await due("lease-theirs");
    await q.claimDueGenerations(now, 10, 30_000, OWNER);
    await q.updateGeneration("lease-theirs", { leaseOwner: OTHER });
    expect(await q.releaseLeases(OWNER, ["lease-mine01", "lease-theirs"])).toBe(1);
    expect(await q.getGenerationById("lease-mine01")).toMatchObject({ leaseUntil: null, leaseOwner: null });
    expect(await q.getGenerationById("lease-theirs")).toMatchObject({ leaseUntil: now + 30_000, leaseOwner: OTHER });
    expect(await q.releaseLeases(OWNER, [])).toBe(0);
  });

  it("releaseAllLeases (SQLite's boot step) frees every lease, whoever held it", async () => {
    await due("lease-boot01");
    await q.claimDueGenerations(now, 10, 30_000, OTHER);
    expect(await q.releaseAllLeases()).toBeGreaterThan(0);
    expect((await q.claimDueGenerations(now, 10, 30_000, OWNER)).map((row) => row.id)).toContain("lease-boot01");
  });
});
