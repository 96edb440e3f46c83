/**
 * Calendar days in the viewer's time zone. The gallery shows times in the browser's zone, so its date filters
 * must mean the viewer's days too: "today" at UTC+8 starts at 16:00 UTC the evening before. Client-safe and
 * pure; the server gets the zone as an IANA name (`tz` on the list API, the `tz` cookie for its first render).
 */

export const TIME_ZONE_COOKIE = "tz";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An IANA zone name this runtime knows (`Asia/Shanghai`, `UTC`); `Intl` is the authority. */
export function isTimeZone(value: string | undefined | null): value is string {
  if (!value || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The browser's own zone; UTC where the runtime cannot say. */
export function viewerTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isTimeZone(zone) ? zone : "UTC";
}

/**
 * Tells the server the browser's zone (IANA names are cookie-safe as they are), so the pages it renders filter
 * by the same days as the browser's own requests. Only rewritten when it changed, e.g. after travelling. Written by
 * hand through document.cookie: Next's cookie API exists only on the server, and a round trip for this would be waste.
 */
export function rememberViewerTimeZone(): void {
  const zone = viewerTimeZone();
  if (document.cookie.split("; ").includes(`${TIME_ZONE_COOKIE}=${zone}`)) return;
  document.cookie = `${TIME_ZONE_COOKIE}=${zone}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(timeZone: string, epochMs: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(epochMs).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms (UTC+8 → 8 h). */
function offsetAt(timeZone: string, epochMs: number): number {
  const p = partsIn(timeZone, epochMs);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(epochMs / 1000) * 1000;
}

/** "2026-11-25" in that zone, for an instant. */
export function dayIn(timeZone: string, epochMs: number): string {
  const p = partsIn(timeZone, epochMs);
  return `${String(p.year).padStart(4, "0")}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/**
 * The first instant of a calendar day in a zone. Usually local midnight; where a DST change skips midnight
 * (America/Santiago in September) the day starts at the first minute that exists, 01:00.
 */
export function dayStartIn(timeZone: string, day: string): number {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`Not a day: ${day}`);
  const wallMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // The offset at UTC midnight and the offset at the guess it gives differ only around a DST change; the
  // earliest of the two candidates that still falls on `day` is where the day begins.
  const first = wallMidnight - offsetAt(timeZone, wallMidnight);
  const second = wallMidnight - offsetAt(timeZone, first);
  const candidates = [first, second].filter((instant) => dayIn(timeZone, instant) === day).sort((a, b) => a - b);
  return candidates[0] ?? Math.max(first, second);
}

/** The calendar day after `day` ("2026-02-28" → "2026-03-01"), zone-free. */
export function nextDay(day: string): string {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`Not a day: ${day}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1)).toISOString().slice(0, 10);
}

/**
 * A list filter's `from`/`to` as epoch-ms bounds: a day means the whole day in `timeZone` (`to` includes its
 * day), and anything else is an instant taken as written.
 */
export function createdBounds(timeZone: string, from: string | undefined, to: string | undefined): { createdFrom?: number; createdBefore?: number } {
  const bound = (value: string | undefined, isEnd: boolean) => {
    if (!value) return undefined;
    if (!DAY.test(value)) return Date.parse(value);
    return dayStartIn(timeZone, isEnd ? nextDay(value) : value);
  };
  return { createdFrom: bound(from, false), createdBefore: bound(to, true) };
}
