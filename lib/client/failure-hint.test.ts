import { describe, expect, it } from "vitest";
import { failureHint } from "./failure-hint";

const failed = (failureReason: string | null) => ({ state: "failed" as const, failureReason, videoUrl: null });

describe("failureHint", () => {
  it("points prompt moderation at the words and frame trouble at the images", () => {
    expect(failureHint(failed("Advanced prompt moderation failed"))).toBe("moderation");
    expect(failureHint(failed("Contains blacklisted words"))).toBe("moderation");
    expect(failureHint(failed("Frame moderation failed"))).toBe("frames");
    expect(failureHint(failed("Failed to read user input frames"))).toBe("frames");
    expect(failureHint(failed(null))).toBe("generic");
  });

  it("asks to check again when the outcome is not known yet", () => {
    expect(failureHint({ state: "timed_out", failureReason: null, videoUrl: null })).toBe("checkAgain");
    expect(failureHint({ state: "completed", failureReason: null, videoUrl: null })).toBe("checkAgain");
    expect(failureHint({ state: "completed", failureReason: null, videoUrl: "/v" })).toBeNull();
  });
});
