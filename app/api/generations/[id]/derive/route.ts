import type { NextRequest } from "next/server";
import { deriveFromClip } from "@/lib/generations/derive";
import { parseOrThrow, readJsonBody, withErrorHandling } from "@/lib/http";
import { behindFrontDoor } from "@/lib/security/front-door";
import { requesterFrom } from "@/lib/security/identity";
import { admissionCheck, checkCreateAllowed } from "@/lib/security/limits";
import { deriveGenerationSchema } from "@/lib/validations/derive";
import { generationIdSchema, idempotencyKeySchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

/**
 * Makes a clip from this finished one: a lead-in before it, a bridge to a second clip, a restyle or another
 * aspect ratio; answers the new, linked generation. Beside extend, outside proxy.ts: the front door runs here,
 * before the body is read, and the spending limits before anything is stored.
 */
export const POST = behindFrontDoor(
  withErrorHandling(async (request: NextRequest, context: RouteContext<"/api/generations/[id]/derive">) => {
    const id = parseOrThrow(generationIdSchema, (await context.params).id, "The generation id");
    const key = parseOrThrow(idempotencyKeySchema, request.headers.get("idempotency-key") ?? undefined, "The Idempotency-Key header");
    const requester = await requesterFrom(request);
    await checkCreateAllowed({ ...requester, idempotencyKey: key });
    const input = parseOrThrow(deriveGenerationSchema, await readJsonBody(request));
    const result = await deriveFromClip(id, input, { idempotencyKey: key, admit: admissionCheck({ ...requester, idempotencyKey: key }) });
    return Response.json(result.generation, { status: result.status, headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} });
  }),
);
