import { AppError } from "@/lib/errors";
import { uploadKeyFromName } from "@/lib/generations/frames";
import { withErrorHandling } from "@/lib/http";
import { serveStoredMedia } from "@/lib/media/serve";
import { getMediaStorage } from "@/lib/storage";

export const dynamic = "force-dynamic";

export const GET = withErrorHandling(async (request: Request, context: RouteContext<"/api/uploads/[name]">) => {
  const key = uploadKeyFromName((await context.params).name);
  if (!key) throw new AppError("not_found", "No such image");
  return serveStoredMedia(request, getMediaStorage(), key);
});
