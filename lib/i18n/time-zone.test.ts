import { describe, expect, it } from "vitest";
import { dayIn, dayStartIn, isTimeZone, nextDay } from "./time-zone";

const iso = (ms: number) => new Date(ms).toISOString();
const hours = (from: string, zone: string) => (dayStartIn(zone, nextDay(from)) - dayStartIn(zone, from)) / 3_600_000;

describe("dayStartIn", () => {
  it("starts a UTC+8 day at 16:00 UTC the evening before", () => {
    expect(iso(dayStartIn("Asia/Shanghai", "2026-11-25"))).toBe("2026-11-24T16:00:00.000Z");
    // Half past seven in the morning there is still the previous day in UTC: the case the filter missed.
    expect(dayIn("Asia/Shanghai", Date.parse("2026-11-24T23:30:00Z"))).toBe("2026-11-25");
    expect(dayIn("UTC", Date.parse("2026-11-24T23:30:00Z"))).toBe("2026-11-24");
  });

  it("starts a UTC-5 day at 05:00 UTC", () => {
    expect(iso(dayStartIn("America/New_York", "2026-01-15"))).toBe("2026-01-15T05:00:00.000Z");
    expect(iso(dayStartIn("America/Bogota", "2026-07-15"))).toBe("2026-07-15T05:00:00.000Z");
  });

  it("follows daylight saving: 23- and 25-hour days, and a day whose midnight never happens", () => {
    expect(iso(dayStartIn("America/New_York", "2026-03-08"))).toBe("2026-03-08T05:00:00.000Z");
    expect(hours("2026-03-08", "America/New_York")).toBe(23);
    expect(iso(dayStartIn("America/New_York", "2026-11-01"))).toBe("2026-11-01T04:00:00.000Z");
    expect(hours("2026-11-01", "America/New_York")).toBe(25);
    expect(hours("2026-03-29", "Europe/Berlin")).toBe(23);
    // Chile moves its clocks at midnight: 6 September 2026 begins at 01:00 local (-03), 04:00 UTC.
    expect(iso(dayStartIn("America/Santiago", "2026-09-06"))).toBe("2026-09-06T04:00:00.000Z");
    expect(hours("2026-09-06", "America/Santiago")).toBe(23);
  });

  it("is UTC midnight in UTC", () => {
    expect(iso(dayStartIn("UTC", "2026-02-28"))).toBe("2026-02-28T00:00:00.000Z");
    expect(nextDay("2026-02-28")).toBe("2026-03-01");
    expect(nextDay("2028-02-28")).toBe("2028-02-29");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
  });
});

describe("isTimeZone", () => {
  it("accepts IANA names and refuses anything else", () => {
    expect(isTimeZone("Asia/Shanghai")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone("x".repeat(65))).toBe(false);
  });
});
