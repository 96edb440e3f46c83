import { AppError } from "@/lib/errors";
import { MAX_UPLOAD_BYTES, storeUploadedImage } from "@/lib/generations/frames";
import { withErrorHandling } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A start or end frame from the user's own device: the raw image bytes as the body. */
export const POST = withErrorHandling(async (request: Request) => {
  const type = request.headers.get("content-type") ?? "";
  if (!/^image\/(png|jpeg|webp)\b/i.test(type)) throw new AppError("unsupported_media_type", "Upload a PNG, JPEG or WebP image");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES) throw new AppError("bad_request", "Images must be under 10 MB");
  const bytes = new Uint8Array(await request.arrayBuffer());
  return Response.json(await storeUploadedImage(bytes), { status: 201 });
});
