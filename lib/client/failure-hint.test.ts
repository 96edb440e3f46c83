import { describe, expect, it } from "vitest";
import { failureHint } from "./failure-hint";

const failed = (failureReason: string | null) => ({ state: "failed" as const, failureCode: null, failureReason, videoUrl: null });

describe("failureHint", () => {
  it("points prompt moderation at the words and frame trouble at the images", () => {
    expect(failureHint(failed("Advanced prompt moderation failed"))).toBe("moderation");
    expect(failureHint(failed("Contains blacklisted words"))).toBe("moderation");
    expect(failureHint(failed("Frame moderation failed"))).toBe("frames");
    expect(failureHint(failed("Failed to read user input frames"))).toBe("frames");
    expect(failureHint(failed(null))).toBe("generic");
  });

  it("asks to check again when the outcome is not known yet", () => {
    const none = { failureCode: null, failureReason: null, videoUrl: null };
    expect(failureHint({ ...none, state: "timed_out" })).toBe("checkAgain");
    expect(failureHint({ ...none, state: "completed" })).toBe("checkAgain");
    expect(failureHint({ ...none, state: "completed", videoUrl: "/v" })).toBeNull();
    expect(failureHint({ ...none, state: "unknown", failureCode: "outcome_unknown" })).toBe("checkAgain");
  });

  it("sends a create whose answer was lost to the usage log, and trusts the server's code over the words", () => {
    expect(failureHint({ state: "failed", failureCode: "outcome_unknown", failureReason: "HTTP 502", videoUrl: null })).toBe("unconfirmed");
    expect(failureHint({ state: "failed", failureCode: "moderation", failureReason: "refused", videoUrl: null })).toBe("moderation");
  });
});
