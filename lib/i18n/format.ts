import { LOCALE_TAGS, type Locale } from "./locale";

/** Locale-aware formatting through `Intl`; formatter instances are cached because cards re-render every second. */
const cache = new Map<string, Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  const hit = cache.get(key);
  if (hit) return hit as T;
  const made = make();
  cache.set(key, made);
  return made;
}

export type Formatters = {
  number: (value: number) => string;
  /** A span of time, e.g. "1 min 05 s" / "1分钟 5秒". */
  duration: (seconds: number) => string;
  /** "3 minutes ago", "in 20 seconds". */
  relative: (date: Date | string, now: number) => string;
  dateTime: (date: Date | string) => string;
};

export function createFormatters(locale: Locale): Formatters {
  const tag = LOCALE_TAGS[locale];
  const unit = (name: "second" | "minute" | "hour") =>
    cached(`unit:${tag}:${name}`, () => new Intl.NumberFormat(tag, { style: "unit", unit: name, unitDisplay: "narrow" }));
  return {
    number: (value) => cached(`number:${tag}`, () => new Intl.NumberFormat(tag)).format(value),
    duration: (totalSeconds) => {
      const seconds = Math.max(0, Math.round(totalSeconds));
      const hours = Math.floor(seconds / 3600);
      const minutes = Math.floor((seconds % 3600) / 60);
      const rest = seconds % 60;
      const parts: string[] = [];
      if (hours > 0) parts.push(unit("hour").format(hours));
      if (hours > 0 || minutes > 0) parts.push(unit("minute").format(minutes));
      if (hours === 0) parts.push(unit("second").format(rest));
      return parts.join(locale === "zh" ? "" : " ");
    },
    relative: (date, now) => {
      const format = cached(`relative:${tag}`, () => new Intl.RelativeTimeFormat(tag, { numeric: "auto" }));
      const seconds = Math.round((new Date(date).getTime() - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 45) return format.format(0, "second");
      if (abs < 45 * 60) return format.format(Math.round(seconds / 60), "minute");
      if (abs < 22 * 3600) return format.format(Math.round(seconds / 3600), "hour");
      if (abs < 30 * 86400) return format.format(Math.round(seconds / 86400), "day");
      return cached(`date:${tag}`, () => new Intl.DateTimeFormat(tag, { dateStyle: "medium" })).format(new Date(date));
    },
    dateTime: (date) => cached(`datetime:${tag}`, () => new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" })).format(new Date(date)),
  };
}
