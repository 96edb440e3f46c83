import { zipArchivedVideos } from "@/lib/generations/zip";
import { parseOrThrow, withErrorHandling } from "@/lib/http";
import { bulkIdsSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

/** `?ids=a,b,c`: the archived, watermark-free MP4s of a selection, streamed as one zip. */
export const GET = withErrorHandling(async (request: Request) => {
  const ids = (new URL(request.url).searchParams.get("ids") ?? "").split(",").filter(Boolean);
  const selection = parseOrThrow(bulkIdsSchema, { ids }, "The selection");
  return zipArchivedVideos(selection.ids);
});
