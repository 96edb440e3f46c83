import { AppError } from "@/lib/errors";
import { MAX_UPLOAD_BYTES, storeUploadedImage } from "@/lib/generations/frames";
import { readBodyBytes, withErrorHandling } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A start or end frame from the user's own device: the raw image bytes as the body. */
export const POST = withErrorHandling(async (request: Request) => {
  const type = request.headers.get("content-type") ?? "";
  if (!/^image\/(png|jpeg|webp)\b/i.test(type)) throw new AppError("unsupported_media_type", "Upload a PNG, JPEG or WebP image");
  // Read as a stream and cut off at the cap, so a chunked body cannot grow past it either.
  const bytes = await readBodyBytes(request, MAX_UPLOAD_BYTES);
  return Response.json(await storeUploadedImage(bytes), { status: 201 });
});
