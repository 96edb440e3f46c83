import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

const MAX_JSON_BYTES = 12 * 1024 * 1024;

/** Content type (415), then JSON (400), then size: in that order, before any validation. */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("bad_request", `The body is larger than ${Math.floor(maxBytes / 1024 / 1024)} MB`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError("bad_request", `The body is larger than ${Math.floor(maxBytes / 1024 / 1024)} MB`);
  try {
    return JSON.parse(text) as unknown;
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
      if (error instanceof AppError) {
        if (error.status >= 500) log.warn("request failed", { code: error.code, message: error.message, cause: error.cause });
        return error.toResponse();
      }
      log.error("unexpected error", { error });
      return new AppError("internal", "Something went wrong on the server. It has been logged.").toResponse();
    }
  };
}
