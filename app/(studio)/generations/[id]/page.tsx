import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GenerationDetailPage } from "@/components/detail/generation-detail-page";
import { isAppError } from "@/lib/errors";
import { getGenerationDetails } from "@/lib/generations/manage";
import type { GenerationDetails } from "@/lib/generations/types";
import { getTranslator } from "@/lib/i18n/server";
import { generationIdSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function loadDetails(id: string): Promise<GenerationDetails | null> {
  if (!generationIdSchema.safeParse(id).success) return null;
  try {
    return await getGenerationDetails(id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslator();
  const details = await loadDetails((await params).id);
  const prompt = details?.generation.prompt;
  return { title: prompt ? (prompt.length > 60 ? `${prompt.slice(0, 59)}…` : prompt) : t("detail.title") };
}

export default async function GenerationPage({ params }: Props) {
  const { id } = await params;
  const details = await loadDetails(id);
  if (!details) notFound();
  return <GenerationDetailPage id={id} fallbackData={details} />;
}
