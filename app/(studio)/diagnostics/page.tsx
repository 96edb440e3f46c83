import type { Metadata } from "next";
import { DiagnosticsPanel } from "@/components/diagnostics/diagnostics-panel";
import { PageHeader } from "@/components/layout/page-header";
import { getTranslator } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: t("diagnostics.title") };
}

/** The checks run from the browser, so the page opens at once even when the upstream is slow to answer. */
export default async function DiagnosticsPage() {
  const t = await getTranslator();
  return (
    <>
      <PageHeader title={t("diagnostics.title")} description={t("diagnostics.intro")} />
      <DiagnosticsPanel />
    </>
  );
}
