import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

let h: Harness;
const word = "morningclip";
// 07:30 on 25 November in Shanghai (UTC+8), which is still 24 November in UTC.
const morningInShanghai = Date.parse("2026-11-24T23:30:00Z");

beforeAll(async () => {
  h = await startHarness({ reconciler: false });
  const { getStore } = await import("@/lib/db/store");
  await getStore().insertGeneration({
    id: randomUUID(),
    state: "failed",
    prompt: `a clip made this morning ${word}`,
    aspectRatio: "16:9",
    expandPrompt: true,
    loop: false,
    liked: false,
    archiveState: "none",
    createdAt: morningInShanghai,
    updatedAt: morningInShanghai,
    deadlineAt: morningInShanghai,
  });
});
afterAll(() => h.close());

const count = async (query: string) => {
  const response = await h.list(`?q=${word}&${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: unknown[] }).items.length;
};

describe("date filters in the viewer's time zone", () => {
  it("finds a Shanghai morning under that day in Shanghai, and under the day before in UTC", async () => {
    expect(await count("from=2026-11-25&to=2026-11-25&tz=Asia%2FShanghai")).toBe(1);
    expect(await count("from=2026-11-24&to=2026-11-24&tz=Asia%2FShanghai")).toBe(0);
    expect(await count("from=2026-11-25&to=2026-11-25")).toBe(0);
    expect(await count("from=2026-11-24&to=2026-11-24&tz=UTC")).toBe(1);
    // In New York (UTC-5) that instant is 18:30 on the 24th.
    expect(await count("to=2026-11-24&tz=America%2FNew_York")).toBe(1);
    expect(await count("from=2026-11-25&tz=America%2FNew_York")).toBe(0);
  });

  it("refuses a zone that is not an IANA name", async () => {
    const response = await h.list(`?from=2026-11-25&tz=${encodeURIComponent("UTC+8")}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error.fieldErrors.tz).toBeTruthy();
  });
});
