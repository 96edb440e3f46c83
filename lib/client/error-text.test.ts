import { describe, expect, it } from "vitest";
import { createFormatters } from "@/lib/i18n/format";
import { en } from "@/lib/i18n/messages/en";
import { zh } from "@/lib/i18n/messages/zh";
import { createTranslator } from "@/lib/i18n/translate";
import { errorLine, errorText } from "./error-text";
import { ApiError, NetworkError } from "./generations-api";

const inEnglish = { t: createTranslator(en), format: createFormatters("en") };
const inChinese = { t: createTranslator(zh), format: createFormatters("zh") };

describe("errorText", () => {
  it("words a known code in the viewer's language and keeps the server's English as detail", () => {
    const refused = new ApiError(422, "idempotency_conflict", "This Idempotency-Key was already used with different options.");
    expect(errorText(refused, inChinese.t, inChinese.format)).toEqual({
      message: "这个请求之前已用不同的选项提交过。请刷新页面后重新提交。",
      detail: "This Idempotency-Key was already used with different options.",
    });
    expect(errorLine(errorText(refused, inChinese.t, inChinese.format), inChinese.t)).toBe(
      "这个请求之前已用不同的选项提交过。请刷新页面后重新提交。详情：This Idempotency-Key was already used with different options.",
    );
    expect(errorText(refused, inEnglish.t, inEnglish.format).message).toBe(
      "This request was already sent with other options. Reload the page and send it again.",
    );
  });

  it("says when to try again after a rate limit, in the viewer's units", () => {
    const limited = new ApiError(429, "rate_limited", "10 generations are already in flight (MAX_IN_FLIGHT)", undefined, 75);
    expect(errorText(limited, inEnglish.t, inEnglish.format).message).toBe("You've reached one of the studio's limits for now. Try again in 1m 15s.");
    expect(errorText(limited, inChinese.t, inChinese.format).message).toBe("已达到工作室当前的使用上限。请在 1分钟15秒后重试。");
    expect(errorText(new ApiError(429, "upstream_rate_limited", "Slow down"), inEnglish.t, inEnglish.format).message).toBe(
      "The gateway is limiting requests right now.",
    );
  });

  it("names the status of an answer in no known shape, and a request that never arrived", () => {
    expect(errorText(new ApiError(502, "unknown", "502 Bad Gateway"), inChinese.t, inChinese.format)).toEqual({
      message: "服务器返回了错误（502）。",
      detail: "502 Bad Gateway",
    });
    expect(errorText(new NetworkError(new TypeError("Failed to fetch")), inEnglish.t, inEnglish.format)).toEqual({
      message: "The request didn't reach the server. Check the connection and try again.",
      detail: null,
    });
    expect(errorLine({ message: "Only this.", detail: null }, inEnglish.t)).toBe("Only this.");
  });
});
