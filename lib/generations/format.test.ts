import { describe, expect, it } from "vitest";
import { progressNote } from "./format";

const heardAt = Date.parse("2026-11-25T10:00:00Z");
const at = (seconds: number) => heardAt + seconds * 1000;
const queued = (estimateWaitSeconds: number | null) => ({ state: "queued" as const, estimateWaitSeconds, updatedAt: new Date(heardAt).toISOString() });

describe("progressNote", () => {
  it("counts Luma's queue estimate down from when we last heard, while it lasts", () => {
    expect(progressNote(queued(30), at(0))).toEqual({ kind: "startsIn", seconds: 30 });
    expect(progressNote(queued(30), at(12.5))).toEqual({ kind: "startsIn", seconds: 18 });
    expect(progressNote(queued(30), at(28.9))).toEqual({ kind: "startsIn", seconds: 2 });
  });

  it("never says 0 seconds while queued: past the estimate it says the queue is slower than estimated", () => {
    expect(progressNote(queued(30), at(29.5))).toEqual({ kind: "queuedLonger" });
    expect(progressNote(queued(30), at(600))).toEqual({ kind: "queuedLonger" });
    expect(progressNote(queued(0), at(0))).toEqual({ kind: "queuedLonger" });
  });

  it("says waiting in the queue when Luma gave no estimate", () => {
    expect(progressNote(queued(null), at(5))).toEqual({ kind: "queued" });
  });

  it("agrees with the other states: sending while submitting, nothing extra while rendering", () => {
    expect(progressNote({ state: "submitting", estimateWaitSeconds: null, updatedAt: new Date(heardAt).toISOString() }, at(1))).toEqual({ kind: "sending" });
    // A queue estimate left over from before the job started means nothing once it renders.
    expect(progressNote({ state: "running", estimateWaitSeconds: 30, updatedAt: new Date(heardAt).toISOString() }, at(1))).toBeNull();
  });
});
