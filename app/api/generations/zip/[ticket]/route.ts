import { zipArchivedVideos, zipTicketIds } from "@/lib/generations/zip";
import { withErrorHandling } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The zip of a selection posted to `POST /api/generations/zip`, while its ticket lasts. */
export const GET = withErrorHandling(async (_request: Request, context: RouteContext<"/api/generations/zip/[ticket]">) => {
  const { ticket } = await context.params;
  return zipArchivedVideos(zipTicketIds(ticket));
});
