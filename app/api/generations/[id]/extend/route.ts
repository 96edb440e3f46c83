import type { NextRequest } from "next/server";
import { extendGeneration } from "@/lib/generations/manage";
import { FRAME_BODY_MAX_BYTES, parseOrThrow, readJsonBody, withErrorHandling } from "@/lib/http";
import { behindFrontDoor } from "@/lib/security/front-door";
import { requesterFrom } from "@/lib/security/identity";
import { assertFrameUrlsAllowed } from "@/lib/security/input";
import { admissionCheck, checkCreateAllowed } from "@/lib/security/limits";
import { extendGenerationSchema, generationIdSchema, idempotencyKeySchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

/**
 * Extends a finished video by about five seconds; answers the new, linked generation. Not under proxy.ts (the
 * body may carry an inline frame): the front door runs here, before the body is read.
 */
export const POST = behindFrontDoor(
  withErrorHandling(async (request: NextRequest, context: RouteContext<"/api/generations/[id]/extend">) => {
    const id = parseOrThrow(generationIdSchema, (await context.params).id, "The generation id");
    const key = parseOrThrow(idempotencyKeySchema, request.headers.get("idempotency-key") ?? undefined, "The Idempotency-Key header");
    const requester = await requesterFrom(request);
    // Before the body is read and its inline frame stored: an extend the limits refuse costs nothing.
    await checkCreateAllowed({ ...requester, idempotencyKey: key });
    const input = parseOrThrow(extendGenerationSchema, await readJsonBody(request, FRAME_BODY_MAX_BYTES));
    assertFrameUrlsAllowed(input);
    const result = await extendGeneration(id, input, key, admissionCheck({ ...requester, idempotencyKey: key }));
    return Response.json(result.generation, { status: result.status, headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} });
  }),
);
