import { AppError } from "@/lib/errors";
import { acceptCallback } from "@/lib/generations/callback";
import { withErrorHandling } from "@/lib/http";
import { generationIdSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

const MAX_HINT_BYTES = 1024 * 1024;

/** The gateway's notify_hook. Answers fast; the actual work happens in the reconciler. */
export const POST = withErrorHandling(async (request: Request, context: RouteContext<"/api/callbacks/luma/[id]/[secret]">) => {
  const { id, secret } = await context.params;
  const denied = new AppError("unauthorized", "Unknown callback");
  if (!generationIdSchema.safeParse(id).success || !/^[A-Za-z0-9_-]{16,128}$/.test(secret)) throw denied;
  const text = (await request.text()).slice(0, MAX_HINT_BYTES);
  let hint: unknown = null;
  try {
    hint = JSON.parse(text);
  } catch {
    // The body is only a hint; an unreadable one still triggers a re-check.
  }
  if (!acceptCallback(id, secret, hint)) throw denied;
  return Response.json({ ok: true });
});
