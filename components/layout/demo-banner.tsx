import { getTranslator } from "@/lib/i18n/server";

export async function DemoBanner() {
  const t = await getTranslator();
  return (
    <div className="border-b border-indigo-500/20 bg-indigo-500/[0.07] text-indigo-950 dark:text-indigo-100">
      <p className="mx-auto flex max-w-6xl items-start gap-2.5 px-4 py-2 text-[13px] leading-5 sm:items-center sm:px-6">
        <span className="shrink-0 rounded-full bg-indigo-600 px-2 py-px text-[11px] font-semibold tracking-wide text-white uppercase dark:bg-indigo-400 dark:text-indigo-950">
          {t("banner.demoLabel")}
        </span>
        <span>{t("banner.demo")}</span>
      </p>
    </div>
  );
}
