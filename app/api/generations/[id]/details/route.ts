import { getGenerationDetails } from "@/lib/generations/manage";
import { parseOrThrow, withErrorHandling } from "@/lib/http";
import { generationIdSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

/** The detail view: the generation, its parent, its state timeline and the last raw upstream JSON. */
export const GET = withErrorHandling(async (_request: Request, context: RouteContext<"/api/generations/[id]/details">) => {
  const id = parseOrThrow(generationIdSchema, (await context.params).id, "The generation id");
  return Response.json(await getGenerationDetails(id));
});
