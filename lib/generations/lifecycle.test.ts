import { describe, expect, it } from "vitest";
import { errorBackoffMs, nextCheckDelayMs } from "./lifecycle";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

describe("status check pacing", () => {
  it("with the default 2 s interval: 2 s for the first half minute, then 4 s, 8 s, and 15 s after five minutes", () => {
    expect([0, 29 * SECOND, 30 * SECOND, 2 * MINUTE, 5 * MINUTE, 60 * MINUTE].map((age) => nextCheckDelayMs(age, 2_000))).toEqual([
      2_000, 2_000, 4_000, 8_000, 15_000, 15_000,
    ]);
  });

  it("backs off 5 s, 10 s, 20 s … after failed checks, capped at two minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((errors) => errorBackoffMs(errors, 2_000))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 120_000, 120_000]);
  });

  it("scales every wait with the interval (STATUS_CHECK_INTERVAL_MS), the job's age thresholds staying the same", () => {
    expect(nextCheckDelayMs(0, 250)).toBe(250);
    expect(nextCheckDelayMs(10 * MINUTE, 250)).toBe(1_875);
    expect([1, 2, 3].map((errors) => errorBackoffMs(errors, 250))).toEqual([625, 1_250, 2_500]);
    expect(errorBackoffMs(50, 250)).toBe(15_000);
  });
});
