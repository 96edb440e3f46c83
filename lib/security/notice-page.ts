import { createHash } from "node:crypto";
import { en } from "@/lib/i18n/messages/en";
import { zh } from "@/lib/i18n/messages/zh";
import { BASELINE_HEADERS } from "./baseline.mjs";

/**
 * The pages the front door answers by itself when it refuses a browser without a password: one self-contained
 * HTML document in English and Chinese (the visitor's language is not known yet, and this must not depend on
 * the app rendering), styled by one inline stylesheet that the page's own CSP allows by hash.
 */
type Notice = "relayed" | "token";

const PARAGRAPHS: Record<Notice, ReadonlyArray<keyof typeof en.access>> = {
  relayed: ["relayedBody", "relayedFix"],
  token: ["tokenBody", "tokenFile", "tokenFix"],
};
const TITLES: Record<Notice, keyof typeof en.access> = { relayed: "relayedTitle", token: "tokenTitle" };

const STYLE = `
:root{color-scheme:light dark;--bg:#fafafa;--card:#fff;--line:#e4e4e7;--fg:#18181b;--muted:#52525b;--code:#f4f4f5}
@media (prefers-color-scheme:dark){:root{--bg:#0b0b0d;--card:#131316;--line:#26262b;--fg:#ededef;--muted:#a1a1aa;--code:#232328}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:24px 16px;background:var(--bg);color:var(--fg);
font:15px/1.6 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
main{width:100%;max-width:36rem;background:var(--card);border:1px solid var(--line);border-radius:16px;padding:4px 28px 8px}
section{padding:16px 0 20px}
section+section{border-top:1px solid var(--line)}
header{padding:20px 0 0;font-size:13px;font-weight:600;letter-spacing:.02em;color:var(--muted)}
h1{margin:0 0 8px;font-size:19px;line-height:1.4;font-weight:600;letter-spacing:-.01em;text-wrap:balance}
p{margin:8px 0 0;color:var(--muted)}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);border-radius:4px;padding:1px 5px;color:var(--fg);white-space:nowrap}
`.trim();

const STYLE_HASH = `'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`;
const NOTICE_CSP = `default-src 'none'; style-src ${STYLE_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Setting names, file names and the token hint read as code. */
const withCode = (text: string) =>
  escapeHtml(text).replace(/\b[A-Z][A-Z_]{3,}(?:=true)?\b|\.env\.local|\baccess-token\b|\?token=…/g, (match) => `<code>${match}</code>`);

function section(messages: typeof en, lang: string, notice: Notice): string {
  const paragraphs = PARAGRAPHS[notice].map((key) => `<p>${withCode(messages.access[key])}</p>`).join("");
  return `<section lang="${lang}"><h1>${escapeHtml(messages.access[TITLES[notice]])}</h1>${paragraphs}</section>`;
}

function noticeHtml(notice: Notice): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Luma Studio</title><style>${STYLE}</style></head><body><main><header>Luma Studio</header>${section(en, "en", notice)}${section(zh, "zh-CN", notice)}</main></body></html>`;
}

export function noticeResponse(notice: Notice, status: number): Response {
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": NOTICE_CSP });
  for (const [name, value] of Object.entries(BASELINE_HEADERS)) headers.set(name, value);
  return new Response(noticeHtml(notice), { status, headers });
}
