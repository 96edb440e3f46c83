import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerationRow, GenerationStore, ListGenerationsOptions, NewGenerationRow } from "@/lib/db/store-types";

/**
 * What every GenerationStore must do, whichever database it sits on; written against the interface only.
 * `connect()` opens another connection (as another app instance would) to one database the caller set up
 * for the suite; the suite empties it before each test through the store itself.
 */
export function describeStoreContract(name: string, connect: () => Promise<GenerationStore>): void {
  const T0 = Date.parse("2026-11-01T10:00:00Z");
  const HOUR = 3_600_000;
  let store: GenerationStore;

  const row = (id: string, fields: Partial<NewGenerationRow> = {}): NewGenerationRow => ({
    id,
    state: "completed",
    prompt: `prompt of ${id}`,
    aspectRatio: "16:9",
    expandPrompt: true,
    loop: false,
    createdAt: T0,
    updatedAt: fields.createdAt ?? T0,
    deadlineAt: T0 + HOUR,
    ...fields,
  });

  async function insertAll(rows: NewGenerationRow[]): Promise<void> {
    for (const each of rows) expect(await store.insertGeneration(each)).toBe(true);
  }

  const ids = async (options: ListGenerationsOptions) => (await store.listGenerations(options)).map((each) => each.id);
  const sortedIds = (rows: GenerationRow[]) => rows.map((each) => each.id).sort();

  describe(`GenerationStore contract: ${name}`, () => {
    beforeAll(async () => {
      store = await connect();
    });

    afterAll(async () => {
      await store.close();
    });

    beforeEach(async () => {
      for (let page = await store.listGenerations({ limit: 500 }); page.length; page = await store.listGenerations({ limit: 500 })) {
        for (const each of page) await store.deleteGenerationById(each.id);
      }
    });

    it("answers its dialect and a ping", async () => {
      expect(["sqlite", "postgres"]).toContain(store.dialect);
      expect(await store.ping()).toBe(true);
    });

    it("stores a row and reads it back with numbers, booleans, nulls and column defaults", async () => {
      await insertAll([row("gen-a", { idempotencyKey: "key-a", liked: true, videoDurationSeconds: 5.04, videoWidth: 1280, createdAt: T0 + 1 })]);
      const stored = await store.getGenerationById("gen-a");
      expect(stored).toMatchObject({
        id: "gen-a",
        idempotencyKey: "key-a",
        provider: "platform",
        kind: "video",
        archiveState: "none",
        expandPrompt: true,
        loop: false,
        hdr: false,
        liked: true,
        videoDurationSeconds: 5.04,
        videoWidth: 1280,
        createdAt: T0 + 1,
        deadlineAt: T0 + HOUR,
        checkAttempts: 0,
        videoUrl: null,
        leaseUntil: null,
      });
      expect(typeof stored?.createdAt).toBe("number");
      expect(await store.getGenerationByIdempotencyKey("key-a")).toEqual(stored);
      expect(await store.getGenerationById("gen-missing")).toBeUndefined();
      expect(await store.getGenerationByIdempotencyKey("key-missing")).toBeUndefined();
    });

    it("inserts once per idempotency key, also when two instances race", async () => {
      await insertAll([row("gen-first", { idempotencyKey: "key-1" })]);
      expect(await store.insertGeneration(row("gen-second", { idempotencyKey: "key-1" }))).toBe(false);
      expect(await store.getGenerationById("gen-second")).toBeUndefined();
      expect((await store.getGenerationByIdempotencyKey("key-1"))?.id).toBe("gen-first");

      // Rows without a key never conflict with each other.
      await insertAll([row("gen-nokey-1"), row("gen-nokey-2")]);

      const other = await connect();
      try {
        const attempts = Array.from({ length: 6 }, (_, i) => (i % 2 ? store : other).insertGeneration(row(`gen-race-${i}`, { idempotencyKey: "key-race" })));
        expect((await Promise.all(attempts)).filter(Boolean)).toHaveLength(1);
      } finally {
        await other.close();
      }
    });

    it("writes a row with its first event in one transaction: both, neither when the key is held, neither when the event fails", async () => {
      const first = { state: "submitting", upstreamState: null, note: null, at: T0 };
      expect(await store.insertGeneration(row("gen-w", { idempotencyKey: "key-w", state: "submitting" }), first)).toBe(true);
      expect((await store.listGenerationEvents("gen-w")).map((event) => [event.generationId, event.state, event.at])).toEqual([["gen-w", "submitting", T0]]);

      expect(await store.insertGeneration(row("gen-w-again", { idempotencyKey: "key-w", state: "submitting" }), first)).toBe(false);
      expect(await store.getGenerationById("gen-w-again")).toBeUndefined();
      expect(await store.listGenerationEvents("gen-w-again")).toEqual([]);
      expect(await store.listGenerationEvents("gen-w")).toHaveLength(1);

      // An event the database refuses (state is NOT NULL) takes the row back with it.
      const refused = { ...first, state: null as unknown as string };
      await expect(store.insertGeneration(row("gen-w-refused", { idempotencyKey: "key-w-refused" }), refused)).rejects.toThrow();
      expect(await store.getGenerationById("gen-w-refused")).toBeUndefined();
      expect(await store.getGenerationByIdempotencyKey("key-w-refused")).toBeUndefined();
    });

    it("moves a row conditionally with patches of different columns, booleans included", async () => {
      await insertAll([row("gen-p", { state: "running" }), row("gen-p-other", { state: "running", upstreamState: "queued" })]);
      expect(await store.updateGenerationIfState("gen-p", ["running"], { upstreamState: "dreaming", liked: true, updatedAt: T0 + 1 })).toMatchObject({
        state: "running",
        upstreamState: "dreaming",
        liked: true,
        updatedAt: T0 + 1,
      });
      expect(await store.updateGenerationIfState("gen-p", ["running"], { state: "failed", liked: false })).toMatchObject({
        state: "failed",
        upstreamState: "dreaming",
        liked: false,
        updatedAt: T0 + 1,
      });
      // A column left undefined is left alone, not cleared.
      expect(await store.updateGenerationIfState("gen-p-other", ["running"], { state: "completed", upstreamState: undefined })).toMatchObject({
        state: "completed",
        upstreamState: "queued",
      });
      expect(await store.updateGenerationIfState("gen-p-other", ["running"], { state: "failed" })).toBeUndefined();
    });

    it("moves a row together with its timeline entry, and writes no entry when the row did not move", async () => {
      await insertAll([row("gen-m", { state: "submitting" })]);
      const entry = { state: "queued", upstreamState: "pending", note: null, at: T0 + 3 };
      const moved = await store.updateGenerationIfState(
        "gen-m",
        ["submitting"],
        { state: "queued", upstreamState: "pending", estimateWaitSeconds: 40, updatedAt: T0 + 3 },
        entry,
      );
      expect(moved).toMatchObject({
        id: "gen-m",
        state: "queued",
        upstreamState: "pending",
        estimateWaitSeconds: 40,
        liked: false,
        createdAt: T0,
        updatedAt: T0 + 3,
      });
      // The same row, in the same shape, as a plain read answers it.
      expect(moved).toEqual(await store.getGenerationById("gen-m"));
      expect((await store.listGenerationEvents("gen-m")).map((event) => [event.generationId, event.state, event.upstreamState, event.at])).toEqual([
        ["gen-m", "queued", "pending", T0 + 3],
      ]);

      expect(await store.updateGenerationIfState("gen-m", ["submitting"], { state: "failed" }, { ...entry, state: "failed" })).toBeUndefined();
      expect(await store.updateGenerationIfState("gen-missing", ["submitting"], { state: "failed" }, { ...entry, state: "failed" })).toBeUndefined();
      expect(await store.listGenerationEvents("gen-m")).toHaveLength(1);
      expect(await store.listGenerationEvents("gen-missing")).toEqual([]);

      // An entry the database refuses (state is NOT NULL) takes the move back with it.
      const refused = { ...entry, state: null as unknown as string };
      await expect(store.updateGenerationIfState("gen-m", ["queued"], { state: "running" }, refused)).rejects.toThrow();
      expect((await store.getGenerationById("gen-m"))?.state).toBe("queued");
      expect(await store.listGenerationEvents("gen-m")).toHaveLength(1);
    });

    it("updates a row, and moves it conditionally only while it is in an expected state", async () => {
      await insertAll([row("gen-u", { state: "queued" })]);
      expect(await store.updateGeneration("gen-u", { upstreamState: "queued", updatedAt: T0 + 5 })).toMatchObject({
        upstreamState: "queued",
        updatedAt: T0 + 5,
      });
      expect(await store.updateGeneration("gen-missing", { upstreamState: "x" })).toBeUndefined();

      expect(await store.updateGenerationIfState("gen-u", ["queued", "running"], { state: "completed" })).toMatchObject({ state: "completed" });
      // A late "running" poll must not undo the completion.
      expect(await store.updateGenerationIfState("gen-u", ["queued", "running"], { state: "running" })).toBeUndefined();
      expect((await store.getGenerationById("gen-u"))?.state).toBe("completed");
    });

    it("deletes a row together with its events", async () => {
      await insertAll([row("gen-d")]);
      await store.insertGenerationEvent({ generationId: "gen-d", state: "queued", upstreamState: null, note: null, at: T0 });
      expect(await store.deleteGenerationById("gen-d")).toBe(true);
      expect(await store.deleteGenerationById("gen-d")).toBe(false);
      expect(await store.getGenerationById("gen-d")).toBeUndefined();
      expect(await store.listGenerationEvents("gen-d")).toEqual([]);
    });

    it("lists with every filter, newest or oldest first", async () => {
      const day = 24 * HOUR;
      await insertAll([
        row("gen-1", { state: "completed", aspectRatio: "16:9", liked: true, model: "ray-2", resolution: "720p", duration: "5s", createdAt: T0 }),
        row("gen-2", { state: "failed", aspectRatio: "9:16", model: null, resolution: "1080p", duration: "9s", createdAt: T0 + day }),
        row("gen-3", { state: "running", aspectRatio: "1:1", model: "ray-2", resolution: "720p", duration: "9s", createdAt: T0 + 2 * day }),
        row("gen-4", { state: "timed_out", aspectRatio: "9:16", liked: true, model: "ray-1", resolution: null, duration: null, createdAt: T0 + 3 * day }),
      ]);
      expect(await ids({ limit: 10 })).toEqual(["gen-4", "gen-3", "gen-2", "gen-1"]);
      expect(await ids({ limit: 10, sort: "oldest" })).toEqual(["gen-1", "gen-2", "gen-3", "gen-4"]);
      expect(await ids({ limit: 2 })).toEqual(["gen-4", "gen-3"]);
      expect(await ids({ limit: 10, states: ["failed"] })).toEqual(["gen-2"]);
      expect(await ids({ limit: 10, states: ["failed", "timed_out"] })).toEqual(["gen-4", "gen-2"]);
      expect(await ids({ limit: 1, states: ["failed", "timed_out", "completed"], sort: "oldest" })).toEqual(["gen-1"]);
      expect(await ids({ limit: 10, aspectRatios: ["9:16", "1:1"] })).toEqual(["gen-4", "gen-3", "gen-2"]);
      expect(await ids({ limit: 10, liked: true })).toEqual(["gen-4", "gen-1"]);
      expect(await ids({ limit: 10, liked: false })).toEqual(["gen-3", "gen-2"]);
      expect(await ids({ limit: 10, model: "ray-2" })).toEqual(["gen-3", "gen-1"]);
      expect(await ids({ limit: 10, resolutions: ["720p"] })).toEqual(["gen-3", "gen-1"]);
      expect(await ids({ limit: 10, durations: ["9s", "10s"] })).toEqual(["gen-3", "gen-2"]);
      expect(await ids({ limit: 10, createdFrom: T0 + day, createdBefore: T0 + 3 * day })).toEqual(["gen-3", "gen-2"]);
      expect(await ids({ limit: 10, states: ["completed", "running"], liked: false, resolutions: ["720p"] })).toEqual(["gen-3"]);
    });

    it("pages with a keyset cursor in both orders, ties on createdAt broken by id", async () => {
      // Pairs share a creation time, so a cursor on createdAt alone would skip or repeat rows.
      await insertAll(Array.from({ length: 11 }, (_, i) => row(`gen-k${String(i).padStart(2, "0")}`, { createdAt: T0 + Math.floor(i / 2) * 1000 })));
      for (const sort of ["newest", "oldest"] as const) {
        const all = await ids({ limit: 100, sort });
        expect(all).toHaveLength(11);
        const walked: string[] = [];
        let after: ListGenerationsOptions["after"];
        for (let pages = 0; pages < 10; pages++) {
          const page = await store.listGenerations({ limit: 3, sort, after });
          walked.push(...page.map((each) => each.id));
          const last = page.at(-1);
          if (!last) break;
          after = { createdAt: last.createdAt, id: last.id };
        }
        expect(walked).toEqual(all);
      }
      const newest = await ids({ limit: 100 });
      expect(newest.slice(0, 3)).toEqual(["gen-k10", "gen-k09", "gen-k08"]);
    });

    it("searches prompts: every word, any case, Chinese words short and long, wildcards literal", async () => {
      await insertAll([
        row("gen-s1", { prompt: "A Snow Leopard crossing a ridge", createdAt: T0 + 1 }),
        row("gen-s2", { prompt: "一只橘猫在月光下跳舞", createdAt: T0 + 2 }),
        row("gen-s3", { prompt: "snowy mountains, 100% cinematic_look", createdAt: T0 + 3, liked: true }),
        row("gen-s4", { prompt: "雨中的霓虹街道 neon 橘猫", createdAt: T0 + 4 }),
        row("gen-s5", { prompt: "100 percent cinematicXlook", createdAt: T0 + 5 }),
      ]);
      expect(await ids({ limit: 10, search: "snow" })).toEqual(["gen-s3", "gen-s1"]);
      expect(await ids({ limit: 10, search: "LEOPARD ridge" })).toEqual(["gen-s1"]);
      expect(await ids({ limit: 10, search: "leopard mountains" })).toEqual([]);
      expect(await ids({ limit: 10, search: "橘猫" })).toEqual(["gen-s4", "gen-s2"]);
      expect(await ids({ limit: 10, search: "月光下" })).toEqual(["gen-s2"]);
      expect(await ids({ limit: 10, search: "橘猫 neon" })).toEqual(["gen-s4"]);
      expect(await ids({ limit: 10, search: "100%" })).toEqual(["gen-s3"]);
      expect(await ids({ limit: 10, search: "cinematic_look" })).toEqual(["gen-s3"]);
      expect(await ids({ limit: 10, search: "  snow   ridge " })).toEqual(["gen-s1"]);
      expect(await ids({ limit: 10, search: "snow", liked: true })).toEqual(["gen-s3"]);
      expect(await ids({ limit: 1, search: "snow", sort: "oldest", after: { createdAt: T0 + 1, id: "gen-s1" } })).toEqual(["gen-s3"]);
    });

    it("claims due status checks with a lease, and skips leased rows until the lease expires", async () => {
      const now = T0 + HOUR;
      await insertAll([
        row("gen-due-late", { state: "running", nextCheckAt: now - 1000 }),
        row("gen-due-early", { state: "queued", nextCheckAt: now - 5000 }),
        row("gen-due-unknown", { state: "unknown", nextCheckAt: now }),
        row("gen-later", { state: "running", nextCheckAt: now + 10 * 60_000 }),
        row("gen-done", { state: "completed", nextCheckAt: now - 9000 }),
        row("gen-never", { state: "queued", nextCheckAt: null }),
      ]);
      const first = await store.claimDueGenerations(now, 2, 60_000, "instance-a");
      expect(sortedIds(first)).toEqual(["gen-due-early", "gen-due-late"]);
      for (const claimed of first) expect(claimed).toMatchObject({ leaseUntil: now + 60_000, leaseOwner: "instance-a" });

      expect(sortedIds(await store.claimDueGenerations(now, 10, 60_000, "instance-b"))).toEqual(["gen-due-unknown"]);
      expect(await store.claimDueGenerations(now + 59_000, 10, 60_000, "instance-b")).toEqual([]);

      // Instance A died: once its lease ran out, B takes the rows over.
      const taken = await store.claimDueGenerations(now + 60_001, 10, 60_000, "instance-b");
      expect(sortedIds(taken)).toEqual(["gen-due-early", "gen-due-late", "gen-due-unknown"]);
      for (const claimed of taken) expect(claimed).toMatchObject({ leaseUntil: now + 120_001, leaseOwner: "instance-b" });
    });

    it("never gives one row to two instances claiming at the same time", async () => {
      const now = T0 + HOUR;
      await insertAll(Array.from({ length: 40 }, (_, i) => row(`gen-c${String(i).padStart(2, "0")}`, { state: "running", nextCheckAt: now - i })));
      const other = await connect();
      try {
        const drain = async (claimer: GenerationStore, owner: string) => {
          const got: string[] = [];
          for (
            let batch = await claimer.claimDueGenerations(now, 3, 60_000, owner);
            batch.length;
            batch = await claimer.claimDueGenerations(now, 3, 60_000, owner)
          ) {
            got.push(...batch.map((each) => each.id));
          }
          return got;
        };
        const results = await Promise.all([drain(store, "a"), drain(other, "b"), drain(store, "c"), drain(other, "d")]);
        const all = results.flat();
        expect(new Set(all).size).toBe(all.length);
        expect(all).toHaveLength(40);
      } finally {
        await other.close();
      }
    });

    it("releases only the given owner's leases, so another instance takes that work at once", async () => {
      const now = T0 + HOUR;
      await insertAll([row("gen-r1", { state: "running", nextCheckAt: now - 2 }), row("gen-r2", { state: "running", nextCheckAt: now - 1 })]);
      expect(await store.claimDueGenerations(now, 1, 60_000, "owner-a")).toHaveLength(1);
      expect(await store.claimDueGenerations(now, 1, 60_000, "owner-b")).toHaveLength(1);

      expect(await store.releaseLeases("owner-a", [])).toBe(0);
      expect(await store.releaseLeases("owner-a", ["gen-r1", "gen-r2"])).toBe(1);
      expect(await store.getGenerationById("gen-r1")).toMatchObject({ leaseUntil: null });
      expect(await store.getGenerationById("gen-r2")).toMatchObject({ leaseUntil: now + 60_000, leaseOwner: "owner-b" });
      expect(sortedIds(await store.claimDueGenerations(now + 1, 10, 60_000, "owner-c"))).toEqual(["gen-r1"]);
    });

    it("renews only the given owner's leases, so long work keeps its row past the first lease", async () => {
      const now = T0 + HOUR;
      await insertAll([row("gen-n1", { state: "running", nextCheckAt: now - 2 }), row("gen-n2", { state: "running", nextCheckAt: now - 1 })]);
      expect(await store.claimDueGenerations(now, 1, 60_000, "owner-a")).toHaveLength(1);
      expect(await store.claimDueGenerations(now, 1, 60_000, "owner-b")).toHaveLength(1);

      expect(await store.renewLeases("owner-a", [], now + 120_000)).toBe(0);
      expect(await store.renewLeases("owner-a", ["gen-n1", "gen-n2"], now + 120_000)).toBe(1);
      expect(await store.getGenerationById("gen-n1")).toMatchObject({ leaseUntil: now + 120_000, leaseOwner: "owner-a" });
      expect(await store.getGenerationById("gen-n2")).toMatchObject({ leaseUntil: now + 60_000, leaseOwner: "owner-b" });
      // Past the first lease, the renewed row is still held; the other is free again.
      expect(sortedIds(await store.claimDueGenerations(now + 90_000, 10, 60_000, "owner-c"))).toEqual(["gen-n2"]);
    });

    it("claims due archives, clips with no video of ours first", async () => {
      const now = T0 + HOUR;
      await insertAll([
        row("gen-a-stand-in", { archiveState: "pending", archiveNextAt: now - 9000, videoKey: "gen/x/video.mp4", videoIsWatermarked: true }),
        row("gen-a-none-late", { archiveState: "pending", archiveNextAt: now - 1000 }),
        row("gen-a-none-early", { archiveState: "pending", archiveNextAt: now - 2000 }),
        row("gen-a-future", { archiveState: "pending", archiveNextAt: now + 1000 }),
        row("gen-a-done", { archiveState: "done", archiveNextAt: now - 9000 }),
        row("gen-a-running", { state: "running", archiveState: "pending", archiveNextAt: now - 9000 }),
      ]);
      expect(sortedIds(await store.claimDueArchives(now, 1, 60_000, "a"))).toEqual(["gen-a-none-early"]);
      expect(sortedIds(await store.claimDueArchives(now, 1, 60_000, "a"))).toEqual(["gen-a-none-late"]);
      const last = await store.claimDueArchives(now, 5, 60_000, "a");
      expect(sortedIds(last)).toEqual(["gen-a-stand-in"]);
      expect(last[0]).toMatchObject({ leaseUntil: now + 60_000, leaseOwner: "a" });
    });

    it("lists unfinished rows past their deadline", async () => {
      const now = T0 + HOUR;
      await insertAll([
        row("gen-o-queued", { state: "queued", deadlineAt: now - 1 }),
        row("gen-o-running", { state: "running", deadlineAt: now - 1 }),
        row("gen-o-in-time", { state: "running", deadlineAt: now + 1 }),
        row("gen-o-completed", { state: "completed", deadlineAt: now - 1 }),
      ]);
      expect(sortedIds(await store.listOverdueGenerations(now, 10))).toEqual(["gen-o-queued", "gen-o-running"]);
      expect(await store.listOverdueGenerations(now, 1)).toHaveLength(1);
    });

    it("marks creates abandoned long ago as of unknown outcome, and nothing else", async () => {
      const now = T0 + 24 * HOUR;
      await insertAll([
        row("gen-i-old", { state: "submitting", updatedAt: now - 2 * HOUR }),
        row("gen-i-queued", { state: "queued", updatedAt: now - 2 * HOUR }),
      ]);
      expect(await store.markInterruptedCreatesUnknown(now)).toBe(1);
      expect(await store.getGenerationById("gen-i-old")).toMatchObject({ state: "unknown", failureCode: "outcome_unknown", nextCheckAt: now, updatedAt: now });
      expect(await store.getGenerationById("gen-i-queued")).toMatchObject({ state: "queued" });
      expect(await store.markInterruptedCreatesUnknown(now)).toBe(0);
    });

    it("reports the oldest due work, the unfinished count and recent creation times", async () => {
      const now = T0 + HOUR;
      expect(await store.oldestDueWork(now)).toEqual({ statusCheck: null, archive: null });
      await insertAll([
        row("gen-w1", { state: "running", nextCheckAt: now - 3000, createdAt: T0 + 3 }),
        row("gen-w2", { state: "unknown", nextCheckAt: now - 1000, createdAt: T0 + 1 }),
        row("gen-w3", { state: "submitting", createdAt: T0 + 2 }),
        row("gen-w4", { state: "completed", archiveState: "pending", archiveNextAt: now - 500, createdAt: T0 - 1 }),
        row("gen-w5", { state: "completed", archiveState: "pending", archiveNextAt: now + 500, createdAt: T0 + 4 }),
      ]);
      expect(await store.oldestDueWork(now)).toEqual({ statusCheck: now - 3000, archive: now - 500 });
      expect(await store.countUnfinishedGenerations()).toBe(3);
      expect(await store.listCreationTimesSince(T0, 10)).toEqual([T0 + 1, T0 + 2, T0 + 3, T0 + 4]);
      expect(await store.listCreationTimesSince(T0, 2)).toEqual([T0 + 1, T0 + 2]);
    });

    it("keeps a generation's events in time order", async () => {
      await insertAll([row("gen-e"), row("gen-e-other")]);
      await store.insertGenerationEvent({ generationId: "gen-e", state: "running", upstreamState: "dreaming", note: null, at: T0 + 20 });
      await store.insertGenerationEvent({ generationId: "gen-e", state: "queued", upstreamState: null, note: "sent", at: T0 + 10 });
      await store.insertGenerationEvent({ generationId: "gen-e", state: "completed", upstreamState: null, note: null, at: T0 + 20 });
      await store.insertGenerationEvent({ generationId: "gen-e-other", state: "queued", upstreamState: null, note: null, at: T0 });
      const events = await store.listGenerationEvents("gen-e");
      expect(events.map((event) => [event.state, event.at])).toEqual([
        ["queued", T0 + 10],
        ["running", T0 + 20],
        ["completed", T0 + 20],
      ]);
      expect(events[0]).toMatchObject({ generationId: "gen-e", note: "sent", upstreamState: null });
      expect(typeof events[0]?.id).toBe("number");
    });

    it("knows whether an upload is still a start or end frame", async () => {
      await insertAll([row("gen-f1", { imageUrl: "/api/uploads/start.png" }), row("gen-f2", { imageEndUrl: "/api/uploads/end.png" })]);
      expect(await store.isFrameUrlInUse("/api/uploads/start.png")).toBe(true);
      expect(await store.isFrameUrlInUse("/api/uploads/end.png")).toBe(true);
      expect(await store.isFrameUrlInUse("/api/uploads/other.png")).toBe(false);
      await store.deleteGenerationById("gen-f1");
      expect(await store.isFrameUrlInUse("/api/uploads/start.png")).toBe(false);
    });
  });
}
