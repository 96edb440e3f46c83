import type { ReactNode } from "react";
import { getTranslator } from "@/lib/i18n/server";
import { BrandMark } from "@/components/layout/brand-mark";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { SkipLink } from "@/components/layout/skip-link";
import { ThemeToggle } from "@/components/layout/theme-toggle";

/**
 * The frame of the pages outside the studio (sign-in, an unknown address): the brand, the language and the
 * theme, and none of the studio's client code, which only a signed-in person needs.
 */
export async function PlainShell({ children }: { children: ReactNode }) {
  const t = await getTranslator();
  return (
    <>
      <SkipLink />
      <header className="border-b border-line bg-canvas">
        <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-2.5 sm:px-6">
          <span className="flex items-center gap-2.5 text-[15px] font-semibold tracking-tight text-fg">
            <BrandMark />
            {t("meta.title")}
          </span>
          <div className="ml-auto flex items-center gap-2">
            <LanguageSwitch />
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl px-4 pt-8 pb-24 sm:px-6 sm:pt-10">
        {children}
      </main>
    </>
  );
}
