import type { NextRequest } from "next/server";
import { deleteGenerations } from "@/lib/generations/manage";
import { BULK_BODY_MAX_BYTES, parseOrThrow, readJsonBody, withErrorHandling } from "@/lib/http";
import { behindFrontDoor } from "@/lib/security/front-door";
import { bulkIdsSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

// Large selections: outside proxy.ts (which would buffer the body first), so the front door is checked here.
export const POST = behindFrontDoor(
  withErrorHandling(async (request: NextRequest) => {
    const { ids } = parseOrThrow(bulkIdsSchema, await readJsonBody(request, BULK_BODY_MAX_BYTES), "The selection");
    return Response.json(await deleteGenerations(ids));
  }),
);
