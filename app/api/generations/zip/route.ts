import { issueZipTicket, zipArchivedVideos } from "@/lib/generations/zip";
import { BULK_BODY_MAX_BYTES, parseOrThrow, readJsonBody, withErrorHandling } from "@/lib/http";
import { bulkIdsSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

/** `?ids=a,b,c`: the archived, watermark-free MP4s of a few generations, streamed as one zip. */
export const GET = withErrorHandling(async (request: Request) => {
  const ids = (new URL(request.url).searchParams.get("ids") ?? "").split(",").filter(Boolean);
  const selection = parseOrThrow(bulkIdsSchema, { ids }, "The selection");
  return zipArchivedVideos(selection.ids);
});

/** Body `{ids}`, any selection size: answers where to download its zip (see `issueZipTicket`). */
export const POST = withErrorHandling(async (request: Request) => {
  const { ids } = parseOrThrow(bulkIdsSchema, await readJsonBody(request, BULK_BODY_MAX_BYTES), "The selection");
  return Response.json(issueZipTicket(ids), { status: 201, headers: { "Cache-Control": "no-store" } });
});
