import type { Metadata } from "next";
import { cookies } from "next/headers";
import { Gallery } from "@/components/gallery/gallery";
import { PageHeader } from "@/components/layout/page-header";
import { listParams, parseGalleryQuery } from "@/lib/client/gallery-query";
import { GALLERY_PAGE_SIZE } from "@/lib/client/generations-api";
import { listGenerationPage } from "@/lib/generations/read";
import { getTranslator } from "@/lib/i18n/server";
import { isTimeZone, TIME_ZONE_COOKIE } from "@/lib/i18n/time-zone";
import { listGenerationsQuerySchema } from "@/lib/validations/generation";

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
  // The route's own schema: what the page renders first is what the browser's next fetch of the same view answers.
  // A view the route refuses (an impossible date) renders no list; the browser's fetch then shows the route's error.
  const listQuery = listGenerationsQuerySchema.safeParse({ ...listParams(query, timeZone), limit: String(GALLERY_PAGE_SIZE) });
  const firstPage = (isDated && !timeZone) || !listQuery.success ? null : await listGenerationPage(listQuery.data);
  return (
    <>
      <PageHeader title={t("gallery.title")} description={t("gallery.subtitle")} />
      <Gallery query={query} fallbackPage={firstPage} fallbackZone={timeZone} />
    </>
  );
}
