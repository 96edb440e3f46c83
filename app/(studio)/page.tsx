import { GenerationForm, type PrefillMode, type PrefillSource } from "@/components/create/generation-form";
import { RECENT_LIMIT } from "@/lib/client/generations-api";
import { PageHeader } from "@/components/layout/page-header";
import { RecentGenerations } from "@/components/create/recent-generations";
import { getGenerationForApi, listGenerationPage } from "@/lib/generations/read";
import { activeCapabilities } from "@/lib/luma/upstream";
import { getTranslator } from "@/lib/i18n/server";
import { generationIdSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const PREFILL_MODES: readonly PrefillMode[] = ["remix", "continue", "retry"];
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `/?from=<id>&mode=remix|continue|retry` (the gallery's actions) opens the form filled from that generation. */
async function prefillFrom(params: Record<string, string | string[] | undefined>): Promise<PrefillSource | undefined> {
  const from = first(params.from);
  if (!from) return undefined;
  const requested = first(params.mode);
  const mode = PREFILL_MODES.find((candidate) => candidate === requested) ?? "remix";
  const generation = generationIdSchema.safeParse(from).success ? await getGenerationForApi(from) : null;
  return { mode, generation };
}

export default async function CreatePage({ searchParams }: { searchParams: SearchParams }) {
  const t = await getTranslator();
  const [prefill, recent] = await Promise.all([prefillFrom(await searchParams), listGenerationPage({ limit: RECENT_LIMIT })]);
  return (
    <>
      <PageHeader title={t("create.title")} description={t("create.subtitle")} />
      <GenerationForm
        key={prefill ? `${prefill.mode}:${prefill.generation?.id ?? "missing"}` : "blank"}
        prefill={prefill}
        capabilities={activeCapabilities()}
      />
      <RecentGenerations fallbackPage={recent} />
    </>
  );
}
