import { GenerationForm } from "@/components/generation-form";
import { RECENT_LIMIT } from "@/lib/client/generations-api";
import { PageHeader } from "@/components/page-header";
import { RecentGenerations } from "@/components/recent-generations";
import { listGenerationPage } from "@/lib/generations/read";
import { getTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export default async function CreatePage() {
  const t = await getTranslator();
  const recent = listGenerationPage({ limit: RECENT_LIMIT });
  return (
    <>
      <PageHeader title={t("create.title")} description={t("create.subtitle")} />
      <GenerationForm />
      <RecentGenerations fallbackPage={recent} />
    </>
  );
}
