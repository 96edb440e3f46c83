import type { Metadata } from "next";
import { cookies } from "next/headers";
import { Gallery } from "@/components/gallery";
import { PageHeader } from "@/components/page-header";
import { galleryHref, parseGalleryQuery } from "@/lib/client/gallery-query";
import { GALLERY_PAGE_SIZE } from "@/lib/client/generations-api";
import { listGenerationPage } from "@/lib/generations/read";
import { getTranslator } from "@/lib/i18n/server";
import { isTimeZone, TIME_ZONE_COOKIE } from "@/lib/i18n/time-zone";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: t("gallery.title") };
}

export default async function GalleryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseGalleryQuery(await searchParams);
  const t = await getTranslator();
  // Date filters mean the viewer's days. The browser reports its zone in a cookie; before it has (a first visit
  // straight to a dated link), the page renders no list rather than one cut at the wrong hours.
  const cookieZone = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  const timeZone = isTimeZone(cookieZone) ? cookieZone : undefined;
  const isDated = query.from !== undefined || query.to !== undefined;
  const firstPage = isDated && !timeZone ? null : await listGenerationPage({
    limit: GALLERY_PAGE_SIZE,
    state: query.states,
    aspectRatio: query.aspectRatios.length > 0 ? [...query.aspectRatios] : undefined,
    liked: query.liked,
    model: query.model,
    resolution: query.resolutions.length > 0 ? [...query.resolutions] : undefined,
    duration: query.durations.length > 0 ? [...query.durations] : undefined,
    q: query.q,
    from: query.from,
    to: query.to,
    tz: timeZone,
    sort: query.sort,
  });
  return (
    <>
      <PageHeader title={t("gallery.title")} description={t("gallery.subtitle")} />
      <Gallery key={galleryHref(query)} query={query} fallbackPage={firstPage} />
    </>
  );
}
