import { recheckGeneration } from "@/lib/generations/refresh";
import { parseOrThrow, withErrorHandling } from "@/lib/http";
import { generationIdSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

/** "Check again": asks the upstream now about a timed-out, stuck or unknown generation. */
export const POST = withErrorHandling(async (_request: Request, context: RouteContext<"/api/generations/[id]/refresh">) => {
  const id = parseOrThrow(generationIdSchema, (await context.params).id, "The generation id");
  return Response.json(await recheckGeneration(id));
});
