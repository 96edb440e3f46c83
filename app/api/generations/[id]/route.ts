import { AppError } from "@/lib/errors";
import { getGenerationForApi } from "@/lib/generations/read";
import { parseOrThrow, withErrorHandling } from "@/lib/http";
import { generationIdSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

export const GET = withErrorHandling(async (_request: Request, context: RouteContext<"/api/generations/[id]">) => {
  const id = parseOrThrow(generationIdSchema, (await context.params).id, "The generation id");
  const generation = getGenerationForApi(id);
  if (!generation) throw new AppError("not_found", "No generation with this id");
  return Response.json(generation);
});
