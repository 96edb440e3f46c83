import { deleteGenerations } from "@/lib/generations/manage";
import { BULK_BODY_MAX_BYTES, parseOrThrow, readJsonBody, withErrorHandling } from "@/lib/http";
import { bulkIdsSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

export const POST = withErrorHandling(async (request: Request) => {
  const { ids } = parseOrThrow(bulkIdsSchema, await readJsonBody(request, BULK_BODY_MAX_BYTES), "The selection");
  return Response.json(await deleteGenerations(ids));
});
