"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { ChevronDownIcon, GlobeIcon } from "@/components/ui/icons";
import { LOCALE_COOKIE, LOCALES, isLocale } from "@/lib/i18n/locale";
import { useLocale, useT } from "@/lib/i18n/provider";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/**
 * Stores the choice in the cookie the server reads (document.cookie: Next's cookie API is server-only), then
 * re-renders the server components in the new language.
 */
export function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const [isPending, startTransition] = useTransition();

  return (
    <div className="relative flex items-center">
      <GlobeIcon className="pointer-events-none absolute left-2.5 hidden size-4 text-fg-subtle sm:block" />
      <select
        aria-label={t("language.label")}
        value={locale}
        disabled={isPending}
        onChange={(event) => {
          const next = event.target.value;
          if (!isLocale(next)) return;
          document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${ONE_YEAR_SECONDS}; samesite=lax`;
          startTransition(() => router.refresh());
        }}
        className="h-8 cursor-pointer appearance-none rounded-lg border border-line bg-surface pr-7 pl-2.5 text-[13px] font-medium text-fg transition-colors outline-none hover:border-line-strong focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-60 sm:pl-8"
      >
        {LOCALES.map((option) => (
          <option key={option} value={option} lang={option === "zh" ? "zh-CN" : "en"}>
            {t(`language.${option}`)}
          </option>
        ))}
      </select>
      <ChevronDownIcon className="pointer-events-none absolute right-2 size-3.5 text-fg-subtle" />
    </div>
  );
}
