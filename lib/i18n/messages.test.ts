import { describe, expect, it } from "vitest";
import { createFormatters } from "./format";
import { pickLocale } from "./locale";
import { en } from "./messages/en";
import { zh } from "./messages/zh";
import { createTranslator } from "./translate";

function leaves(node: unknown, prefix = ""): Array<[string, unknown]> {
  if (typeof node !== "object" || node === null) return [[prefix, node]];
  return Object.entries(node).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

describe("message catalogues", () => {
  it("zh has every key of en, each a non-empty string", () => {
    const zhLeaves = new Map(leaves(zh));
    for (const [key] of leaves(en)) {
      const value = zhLeaves.get(key);
      expect(typeof value, key).toBe("string");
      expect((value as string).trim().length, key).toBeGreaterThan(0);
    }
    expect(zhLeaves.size).toBe(leaves(en).length);
  });

  it("keeps the same placeholders in both languages", () => {
    const zhLeaves = new Map(leaves(zh));
    const names = (text: unknown) => [...String(text).matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const [key, value] of leaves(en)) expect(names(zhLeaves.get(key)), key).toEqual(names(value));
  });

  it("fills placeholders", () => {
    expect(createTranslator(en)("card.videoLabel", { prompt: "a cat" })).toBe("Video: a cat");
    expect(createTranslator(zh)("form.promptCount", { count: 3, max: 5000 })).toBe("3 / 5000 字符");
  });
});

describe("pickLocale", () => {
  it("prefers a valid cookie over the header", () => {
    expect(pickLocale("en-US,en;q=0.9", "zh")).toBe("zh");
    expect(pickLocale("zh-CN", "en")).toBe("en");
  });

  it("ignores an unknown cookie and negotiates the header by weight", () => {
    expect(pickLocale("zh-CN,zh;q=0.9,en;q=0.8", "fr")).toBe("zh");
    expect(pickLocale("fr-FR,en;q=0.5,zh;q=0.7", undefined)).toBe("zh");
    expect(pickLocale("de,en-GB;q=0.8", undefined)).toBe("en");
    expect(pickLocale("zh-Hans-CN;q=0", undefined)).toBe("en");
  });

  it("falls back to English", () => {
    expect(pickLocale(null, undefined)).toBe("en");
    expect(pickLocale("", undefined)).toBe("en");
    expect(pickLocale("fr,de;q=0.5", undefined)).toBe("en");
    expect(pickLocale("*", undefined)).toBe("en");
  });
});

describe("formatters", () => {
  it("formats durations per locale", () => {
    expect(createFormatters("en").duration(40)).toBe("40s");
    expect(createFormatters("en").duration(65)).toBe("1m 5s");
    expect(createFormatters("zh").duration(65)).toBe("1分钟5秒");
  });
});
