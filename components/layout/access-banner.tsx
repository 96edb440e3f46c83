import { getTranslator } from "@/lib/i18n/server";
import { securityConfig } from "@/lib/security/config";

/** Shown on every page when ALLOW_OPEN_ACCESS serves the studio beyond loopback without a password. */
export async function AccessBanner() {
  if (!securityConfig.isOpenAccess) return null;
  const t = await getTranslator();
  return (
    <div role="alert" className="border-b border-red-500/30 bg-red-500/10 text-red-950 dark:text-red-100">
      <p className="mx-auto flex max-w-6xl items-start gap-2.5 px-4 py-2 text-[13px] leading-5 sm:items-center sm:px-6">
        <span className="shrink-0 rounded-full bg-red-600 px-2 py-px text-[11px] font-semibold tracking-wide text-white uppercase dark:bg-red-400 dark:text-red-950">
          {t("auth.openAccessLabel")}
        </span>
        <span>{t("auth.openAccessBody")}</span>
      </p>
    </div>
  );
}
