import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { storeUploadedImage } from "@/lib/generations/frames";
import { IMAGE_MAX_BYTES } from "@/lib/validations/frame-rules";
import { readBodyBytes, withErrorHandling } from "@/lib/http";
import { behindFrontDoor } from "@/lib/security/front-door";
import { requesterFrom } from "@/lib/security/identity";
import { checkCreateAllowed } from "@/lib/security/limits";

export const dynamic = "force-dynamic";

/**
 * A start or end frame from the user's own device: the raw image bytes as the body. Not under proxy.ts (the body
 * is up to IMAGE_MAX_BYTES): the front door runs here, before the body is read.
 */
export const POST = behindFrontDoor(
  withErrorHandling(async (request: NextRequest) => {
    const type = request.headers.get("content-type") ?? "";
    if (!/^image\/(png|jpeg|webp)\b/i.test(type)) throw new AppError("unsupported_media_type", "Upload a PNG, JPEG or WebP image");
    // A frame is the first step of a generation: when the spending limits would refuse that, nothing is stored.
    await checkCreateAllowed(await requesterFrom(request));
    // Read as a stream and cut off at the cap, so a chunked body cannot grow past it either.
    const bytes = await readBodyBytes(request, IMAGE_MAX_BYTES);
    return Response.json(await storeUploadedImage(bytes), { status: 201 });
  }),
);
