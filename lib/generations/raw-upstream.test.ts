import { describe, expect, it } from "vitest";
import type { GenerationRow } from "@/lib/db/schema";
import { parseGenerationResponse } from "@/lib/luma/parse";
import { applySnapshot } from "./lifecycle";
import { scrubRawUpstream, serializeRawUpstream } from "./raw-upstream";

const SECRET = "Zk3v9QmP2xW7rT5yB8nC1dF4gH6jK0lS";
const ID = "5b0f9a8e-3c2d-4e1f-9a7b-6c5d4e3f2a1b";
const HOOK = `https://studio.example/api/callbacks/luma/${ID}/${SECRET}`;
const PRESIGNED = "https://x.r2.cloudflarestorage.com/v.mp4?X-Amz-Signature=9f8e7d6c5b4a39281706f5e4d3c2b1a0&X-Amz-Expires=3600";

/** A gateway answer that echoes our request, notify_hook and all, the way Luma's own `request` field does. */
const echoing = {
  id: "job-1",
  state: "completed",
  video: { url: PRESIGNED },
  request: { prompt: "a koi pond", callback_url: HOOK, notify_hook: encodeURIComponent(HOOK) },
  headers: { authorization: "Bearer sk-live-echoed-key-0123456789" },
};

describe("the gateway's echo of our request", () => {
  it("loses the callback secret (plain or percent-encoded) and the key, and keeps everything else", () => {
    const text = serializeRawUpstream(echoing) ?? "";
    expect(text).not.toContain(SECRET);
    expect(text).toContain(`/api/callbacks/luma/${ID}/[redacted]`);
    expect(text).toContain(`%2Fapi%2Fcallbacks%2Fluma%2F${ID}%2F[redacted]`);
    expect(JSON.parse(text).video.url).toBe(PRESIGNED);
    expect(scrubRawUpstream(JSON.stringify(echoing), ["sk-live-echoed-key-0123456789"])).not.toContain("sk-live-echoed-key-0123456789");
  });

  it("is scrubbed when a status check stores it", () => {
    const snapshot = parseGenerationResponse(echoing);
    const row = {
      state: "running",
      createdAt: Date.now() - 60_000,
      completedAt: null,
      completedWithoutUrlSince: null,
      failureCode: null,
      upstreamState: "dreaming",
    } as unknown as GenerationRow;
    const { patch } = applySnapshot(row, snapshot, Date.now(), { completedWithoutUrlGraceMs: 120_000, timeoutMs: 900_000, checkIntervalMs: 2_000 });
    expect(patch.rawUpstream).not.toContain(SECRET);
    expect(JSON.parse(patch.rawUpstream ?? "null").request.prompt).toBe("a koi pond");
  });
});
