import "server-only";
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { BULK_IDS_MAX } from "@/lib/constants";
import { JSON_BODY_MAX_BYTES } from "@/lib/security/baseline.mjs";
import { IMAGE_MAX_BYTES } from "@/lib/validations/frame-rules";

/**
 * Bodies listing a bulk selection: BULK_IDS_MAX ids of up to 64 characters, each quoted and comma-separated.
 * Their routes skip proxy.ts (as large bodies must) and check the front door themselves before reading.
 */
export const BULK_BODY_MAX_BYTES = BULK_IDS_MAX * 68 + 1024;
/** Bodies that may carry two inline frames (create) or one (extend), each up to IMAGE_MAX_BYTES decoded. */
export const FRAME_BODY_MAX_BYTES = 2 * Math.ceil((IMAGE_MAX_BYTES * 4) / 3) + JSON_BODY_MAX_BYTES;

function tooLarge(maxBytes: number): AppError {
  const size = maxBytes >= 1024 * 1024 ? `${Math.floor(maxBytes / 1024 / 1024)} MB` : `${Math.floor(maxBytes / 1024)} KB`;
  return new AppError("payload_too_large", `The body is larger than ${size}`);
}

/**
 * Reads at most `maxBytes` of the body and stops there: a client that declares nothing (chunked) or lies in
 * Content-Length still cannot make the server buffer more.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** Content type (415), then size (413), then JSON (400): in that order, before any validation. */
export async function readJsonBody(request: Request, maxBytes = JSON_BODY_MAX_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  const bytes = await readBodyBytes(request, maxBytes);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON");
  }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = "The request"): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const flat = z.flattenError(parsed.error);
  const fieldErrors: Record<string, string[]> = { ...(flat.fieldErrors as Record<string, string[]>) };
  if (flat.formErrors.length) fieldErrors._form = flat.formErrors;
  const first = Object.entries(fieldErrors)[0];
  const detail = first ? `${first[0] === "_form" ? "" : `${first[0]}: `}${first[1]?.[0] ?? "invalid"}` : "invalid input";
  throw new AppError("validation_failed", `${what} is invalid — ${detail}`, { fieldErrors });
}

/** Every route answers errors in one shape; unexpected errors are logged and answered without details. */
export function withErrorHandling<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isAppError(error)) {
        if (error.status >= 500) log.warn("request failed", { code: error.code, message: error.message, cause: error.cause });
        return error.toResponse();
      }
      log.error("unexpected error", { error });
      return new AppError("internal", "Something went wrong on the server. It has been logged.").toResponse();
    }
  };
}
