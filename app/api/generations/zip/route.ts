import type { NextRequest } from "next/server";
import { issueZipTicket, zipArchivedVideos } from "@/lib/generations/zip";
import { BULK_BODY_MAX_BYTES, parseOrThrow, readJsonBody, withErrorHandling } from "@/lib/http";
import { behindFrontDoor } from "@/lib/security/front-door";
import { bulkIdsSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

/** `?ids=a,b,c`: the archived, watermark-free MP4s of a few generations, streamed as one zip. */
export const GET = behindFrontDoor(
  withErrorHandling(async (request: NextRequest) => {
    const ids = (new URL(request.url).searchParams.get("ids") ?? "").split(",").filter(Boolean);
    const selection = parseOrThrow(bulkIdsSchema, { ids }, "The selection");
    return zipArchivedVideos(selection.ids);
  }),
);

/**
 * Body `{ids}`, any selection size: answers where to download its zip (see `issueZipTicket`). Outside proxy.ts
 * (which would buffer the body first), so this route checks the front door itself, as GET does.
 */
export const POST = behindFrontDoor(
  withErrorHandling(async (request: NextRequest) => {
    const { ids } = parseOrThrow(bulkIdsSchema, await readJsonBody(request, BULK_BODY_MAX_BYTES), "The selection");
    return Response.json(await issueZipTicket(ids), { status: 201, headers: { "Cache-Control": "no-store" } });
  }),
);
