import { AppError } from "@/lib/errors";
import { deleteGenerations, setLiked } from "@/lib/generations/manage";
import { getGenerationForApi } from "@/lib/generations/read";
import { parseOrThrow, readJsonBody, withErrorHandling } from "@/lib/http";
import { generationIdSchema, updateGenerationSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

type Context = RouteContext<"/api/generations/[id]">;
const idFrom = async (context: Context) => parseOrThrow(generationIdSchema, (await context.params).id, "The generation id");

export const GET = withErrorHandling(async (_request: Request, context: Context) => {
  const generation = await getGenerationForApi(await idFrom(context));
  if (!generation) throw new AppError("not_found", "No generation with this id");
  return Response.json(generation);
});

/** Like or unlike. */
export const PATCH = withErrorHandling(async (request: Request, context: Context) => {
  const id = await idFrom(context);
  const { liked } = parseOrThrow(updateGenerationSchema, await readJsonBody(request));
  return Response.json(await setLiked(id, liked));
});

/** Deletes the row and our copies of its media. */
export const DELETE = withErrorHandling(async (_request: Request, context: Context) => {
  const { deleted } = await deleteGenerations([await idFrom(context)]);
  if (deleted.length === 0) throw new AppError("not_found", "No generation with this id");
  return new Response(null, { status: 204 });
});
