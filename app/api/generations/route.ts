import type { NextRequest } from "next/server";
import { createGeneration } from "@/lib/generations/create";
import { activeCapabilities } from "@/lib/luma/upstream";
import { listGenerationPage } from "@/lib/generations/read";
import { FRAME_BODY_MAX_BYTES, parseOrThrow, readJsonBody, withErrorHandling } from "@/lib/http";
import { behindFrontDoor } from "@/lib/security/front-door";
import { ServerTiming } from "@/lib/server-timing";
import { requesterFrom } from "@/lib/security/identity";
import { assertFrameUrlsAllowed } from "@/lib/security/input";
import { admissionCheck, checkCreateAllowed } from "@/lib/security/limits";
import { createGenerationSchemaFor, idempotencyKeySchema, listGenerationsQuerySchema } from "@/lib/validations/generation";

export const dynamic = "force-dynamic";

// Not under proxy.ts (a create may carry two inline frames, ~27 MB): the front door runs here, before the body.
export const GET = behindFrontDoor(
  withErrorHandling(async (request: NextRequest) => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const query = parseOrThrow(listGenerationsQuerySchema, params, "The query");
    return Response.json(await listGenerationPage(query));
  }),
);

export const POST = behindFrontDoor(
  withErrorHandling(async (request: NextRequest) => {
    const timing = new ServerTiming();
    const key = parseOrThrow(idempotencyKeySchema, request.headers.get("idempotency-key") ?? undefined, "The Idempotency-Key header");
    const requester = await requesterFrom(request);
    // Before the body is read and its inline frames stored: a create the limits refuse costs nothing.
    await checkCreateAllowed({ ...requester, idempotencyKey: key });
    timing.step("checks");
    const input = parseOrThrow(createGenerationSchemaFor(activeCapabilities()), await readJsonBody(request, FRAME_BODY_MAX_BYTES));
    assertFrameUrlsAllowed(input);
    timing.step("input");
    const result = await createGeneration(input, { idempotencyKey: key, admit: admissionCheck({ ...requester, idempotencyKey: key }), timing });
    return Response.json(result.generation, {
      status: result.status,
      headers: { "Server-Timing": timing.header(), ...(result.replayed ? { "Idempotent-Replayed": "true" } : {}) },
    });
  }),
);
