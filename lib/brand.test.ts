import { describe, expect, it, vi } from "vitest";

/**
 * Under `next start`, instrumentation and each route load their own instance of a module. vi.resetModules()
 * gives the same situation here: the second import is a separate instance with its own classes.
 */
async function twoInstances<M>(load: () => Promise<M>): Promise<[M, M]> {
  const first = await load();
  vi.resetModules();
  const second = await load();
  return [first, second];
}

describe("errors are recognised across module instances", () => {
  it("LumaError", async () => {
    const [a, b] = await twoInstances(() => import("@/lib/luma/errors"));
    const error = new a.LumaError({ kind: "payment", status: 403, mayHaveReachedUpstream: false });
    expect(error instanceof b.LumaError).toBe(false); // the trap this guards against
    expect(b.isLumaError(error)).toBe(true);
    expect(b.isLumaError(new Error("plain"))).toBe(false);
    expect(b.isLumaError({ kind: "payment" })).toBe(false);
  });

  it("AppError", async () => {
    const [a, b] = await twoInstances(() => import("@/lib/errors"));
    const error = new a.AppError("upstream_payment", "no balance");
    expect(error instanceof b.AppError).toBe(false);
    expect(b.isAppError(error)).toBe(true);
    expect(b.isAppError(null)).toBe(false);
  });

  it("storage and download errors", async () => {
    const [a, b] = await twoInstances(() => import("@/lib/storage/types"));
    expect(b.isInvalidKeyError(new a.InvalidKeyError("../x", "escapes"))).toBe(true);
    expect(b.isObjectNotFoundError(new a.ObjectNotFoundError("gen/x/video.mp4"))).toBe(true);
    expect(b.isObjectNotFoundError(new a.InvalidKeyError("../x", "escapes"))).toBe(false);
    const [c, d] = await twoInstances(() => import("@/lib/media/download"));
    expect(d.isMediaDownloadError(new c.MediaDownloadError("truncated", "cut"))).toBe(true);
  });
});
