import type { NextRequest } from "next/server";
import { acceptCallbackProbe, CALLBACK_PROBE_ID } from "@/lib/diagnostics/callback-probe";
import { AppError } from "@/lib/errors";
import { applyCallback, verifyCallback } from "@/lib/generations/callback";
import { readBodyBytes, withErrorHandling } from "@/lib/http";
import { behindFrontDoor } from "@/lib/security/front-door";
import { generationIdSchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

/** A callback is a few hundred bytes of JSON naming the job; more than this is not read. */
const MAX_HINT_BYTES = 64 * 1024;

/**
 * The gateway's notify_hook. Answers fast; the actual work happens in the reconciler. Not under proxy.ts, so
 * nothing is read before the secret matches (Next buffers a body for proxy.ts before it runs).
 */
export const POST = behindFrontDoor(
  withErrorHandling(async (request: NextRequest, context: RouteContext<"/api/callbacks/luma/[id]/[secret]">) => {
    const { id, secret } = await context.params;
    const denied = new AppError("unauthorized", "Unknown callback");
    if (!generationIdSchema.safeParse(id).success || !/^[A-Za-z0-9_-]{16,128}$/.test(secret)) throw denied;
    // The diagnostics page's round trip: the same route an upstream calls, with a one-time secret and no generation.
    if (id === CALLBACK_PROBE_ID) {
      if (!acceptCallbackProbe(secret)) throw denied;
      return Response.json({ ok: true });
    }
    const row = await verifyCallback(id, secret);
    if (!row) throw denied;
    await applyCallback(row, await readHint(request));
    return Response.json({ ok: true });
  }),
);

/** The body is only a hint: an unreadable, cut-off or oversized one still triggers a re-check. */
async function readHint(request: Request): Promise<unknown> {
  try {
    return JSON.parse(new TextDecoder().decode(await readBodyBytes(request, MAX_HINT_BYTES)));
  } catch {
    return null;
  }
}
