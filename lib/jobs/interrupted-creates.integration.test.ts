import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { GenerationStore } from "@/lib/db/store-types";
import { startHarness, type Harness } from "@/test/harness";

// PostgreSQL only: there an instance can die mid-create while the others stay up and never restart.
let h: Harness;
let store: GenerationStore;
let sweepEveryMs: number;

beforeAll(async () => {
  // The store takes a `submitting` row for abandoned after the create timeout plus its margin (30 s).
  h = await startHarness({ database: "postgres", env: { LUMA_CREATE_TIMEOUT_MS: "1000" } });
  store = (await import("@/lib/db/store")).getStore();
  sweepEveryMs = (await import("./reconciler")).INTERRUPTED_CREATE_SWEEP_EVERY_MS;
});
afterAll(() => h?.close());
afterEach(() => vi.restoreAllMocks());

const submitting = (id: string, updatedAt: number) =>
  store.insertGeneration({
    id,
    state: "submitting",
    prompt: id,
    aspectRatio: "16:9",
    expandPrompt: false,
    loop: false,
    createdAt: updatedAt,
    updatedAt,
    deadlineAt: updatedAt + 3_600_000,
  });

async function stateOf(id: string) {
  return (await store.getGenerationById(id))?.state;
}

describe("creates abandoned by another instance (PostgreSQL)", () => {
  it("are marked unknown by the running reconciler within a sweep, while creates still being sent are left alone", async () => {
    expect(h.database).toBe("postgres");
    const now = Date.now();
    // Left by an instance that died 40 s ago, after this one had booted (so boot's recovery never saw it).
    await submitting("abandoned", now - 40_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await stateOf("abandoned"), "not before the next sweep").toBe("submitting");

    const later = now + sweepEveryMs + 1000;
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + sweepEveryMs + 1000);
    await submitting("being-sent", later - 5_000);
    const deadline = realNow() + 5000;
    while ((await stateOf("abandoned")) === "submitting" && realNow() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));

    expect(await store.getGenerationById("abandoned")).toMatchObject({ failureCode: "outcome_unknown" });
    expect(await stateOf("abandoned")).not.toBe("submitting");
    expect(await stateOf("being-sent"), "another instance may still be sending it").toBe("submitting");
  });
});
