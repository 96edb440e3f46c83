import { getLocale } from "@/lib/i18n/server";
import { securityConfig } from "@/lib/security/config";

const WORDS = {
  en: { label: "Open access", body: "This studio has no password and accepts anyone who can reach it: they can spend the API key and see every generation. Set APP_PASSWORD to protect it." },
  zh: { label: "公开访问", body: "此工作室没有设置密码，任何能访问到它的人都可以使用 API 密钥并查看所有生成内容。设置 APP_PASSWORD 以保护它。" },
} as const;

/** Shown on every page when ALLOW_OPEN_ACCESS serves the studio beyond loopback without a password. */
export async function AccessBanner() {
  if (!securityConfig.isOpenAccess) return null;
  const words = WORDS[await getLocale()];
  return (
    <div role="alert" className="border-b border-red-500/30 bg-red-500/10 text-red-950 dark:text-red-100">
      <p className="mx-auto flex max-w-6xl items-start gap-2.5 px-4 py-2 text-[13px] leading-5 sm:items-center sm:px-6">
        <span className="shrink-0 rounded-full bg-red-600 px-2 py-px text-[11px] font-semibold tracking-wide text-white uppercase dark:bg-red-400 dark:text-red-950">
          {words.label}
        </span>
        <span>{words.body}</span>
      </p>
    </div>
  );
}
