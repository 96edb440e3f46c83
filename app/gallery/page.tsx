import type { Metadata } from "next";
import { Gallery } from "@/components/gallery";
import { PageHeader } from "@/components/page-header";
import { galleryHref, parseGalleryQuery } from "@/lib/client/gallery-query";
import { GALLERY_PAGE_SIZE } from "@/lib/client/generations-api";
import { listGenerationPage } from "@/lib/generations/read";
import { getTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: t("gallery.title") };
}

export default async function GalleryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseGalleryQuery(await searchParams);
  const t = await getTranslator();
  const firstPage = listGenerationPage({
    limit: GALLERY_PAGE_SIZE,
    state: query.states,
    aspectRatio: query.aspectRatios.length > 0 ? [...query.aspectRatios] : undefined,
    liked: query.liked,
    model: query.model,
    q: query.q,
    from: query.from,
    to: query.to,
    sort: query.sort,
  });
  return (
    <>
      <PageHeader title={t("gallery.title")} description={t("gallery.subtitle")} />
      <Gallery key={galleryHref(query)} query={query} fallbackPage={firstPage} />
    </>
  );
}
