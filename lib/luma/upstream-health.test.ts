import { afterEach, describe, expect, it, vi } from "vitest";
import { getUpstreamStatus, markUpstreamOk, markUpstreamTrouble, upstreamPausedUntil } from "@/lib/luma/upstream-health";

afterEach(() => {
  vi.useRealTimers();
  markUpstreamOk();
});

describe("upstream health", () => {
  it("holds a 429 pause until Retry-After even when another call succeeds meanwhile", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    markUpstreamTrouble("rate_limited", "slow down", 10_000);
    markUpstreamOk(); // a check that was already in flight comes back fine
    expect(upstreamPausedUntil()).toBe(1_010_000);
    expect(getUpstreamStatus().health).toBe("rate_limited");
    vi.setSystemTime(1_010_001);
    markUpstreamOk();
    expect(upstreamPausedUntil()).toBe(0);
    expect(getUpstreamStatus().health).toBe("ok");
  });

  it("a shorter pause never cuts a longer one short", () => {
    vi.useFakeTimers({ now: 2_000_000 });
    markUpstreamTrouble("rate_limited", "slow down", 30_000);
    markUpstreamTrouble("rate_limited", "slow down", 2_000);
    expect(upstreamPausedUntil()).toBe(2_030_000);
  });

  it("a dead key pauses until a call succeeds (the probe), then everything resumes", () => {
    vi.useFakeTimers({ now: 3_000_000 });
    markUpstreamTrouble("auth_failed", "key rejected", 300_000);
    expect(upstreamPausedUntil()).toBe(3_300_000);
    markUpstreamOk();
    expect(upstreamPausedUntil()).toBe(0);
    expect(getUpstreamStatus()).toMatchObject({ health: "ok", message: null, retryAt: null });
  });

  it("an unreachable gateway is shown without pausing checks, with no retry time", () => {
    vi.useFakeTimers({ now: 4_000_000 });
    markUpstreamTrouble("unreachable", "could not connect", 0);
    expect(getUpstreamStatus()).toMatchObject({ health: "unreachable", retryAt: null });
    expect(upstreamPausedUntil()).toBeLessThanOrEqual(4_000_000);
  });
});
