import type { Metadata } from "next";
import { Gallery } from "@/components/gallery";
import { GalleryFilter } from "@/components/gallery-filter";
import { GALLERY_PAGE_SIZE } from "@/lib/client/generations-api";
import { PageHeader } from "@/components/page-header";
import { STATE_FILTERS, isStateFilter } from "@/lib/generations/format";
import { listGenerationPage } from "@/lib/generations/read";
import { getTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: t("gallery.title") };
}

export default async function GalleryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { filter: requested } = await searchParams;
  const filter = typeof requested === "string" && isStateFilter(requested) ? requested : "all";
  const t = await getTranslator();
  const firstPage = listGenerationPage({ limit: GALLERY_PAGE_SIZE, state: STATE_FILTERS[filter] });
  return (
    <>
      <PageHeader title={t("gallery.title")} description={t("gallery.subtitle")}>
        <GalleryFilter current={filter} t={t} />
      </PageHeader>
      <Gallery key={filter} filter={filter} fallbackPage={firstPage} />
    </>
  );
}
