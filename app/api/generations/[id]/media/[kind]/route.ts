import { AppError } from "@/lib/errors";
import { getStore } from "@/lib/db/store";
import { parseOrThrow, withErrorHandling } from "@/lib/http";
import { safeDownloadName, serveStoredMedia } from "@/lib/media/serve";
import { getMediaStorage } from "@/lib/storage";
import { generationIdSchema, mediaKindSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

/** Our archived copy of a generation's media, with Range support so players can seek. */
async function handle(request: Request, context: RouteContext<"/api/generations/[id]/media/[kind]">): Promise<Response> {
  const params = await context.params;
  const id = parseOrThrow(generationIdSchema, params.id, "The generation id");
  const kind = parseOrThrow(mediaKindSchema, params.kind, "The media kind");
  const row = await getStore().getGenerationById(id);
  const key = row && { video: row.videoKey, thumbnail: row.thumbnailKey, "last-frame": row.lastFrameKey }[kind];
  if (!row || !key) throw new AppError("not_found", "This media has not been archived yet");
  const isDownload = new URL(request.url).searchParams.get("download") === "1";
  // A download is the watermark-free file; the stand-in only plays until it arrives.
  if (isDownload && kind === "video" && row.videoIsWatermarked) throw new AppError("not_found", "The watermark-free copy has not been downloaded yet");
  return serveStoredMedia(request, getMediaStorage(), key, {
    downloadName: isDownload ? safeDownloadName(row.prompt, row.id, kind === "video" ? "mp4" : "jpg") : undefined,
  });
}

export const GET = withErrorHandling(handle);
export const HEAD = withErrorHandling(handle);
