import { createBrand } from "@/lib/brand";

/** One error type for everything the API answers with; details go to the log, never the body. */
export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unsupported_media_type"
  | "payload_too_large"
  | "not_found"
  | "idempotency_conflict"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "upstream_auth"
  | "upstream_payment"
  | "upstream_rate_limited"
  | "upstream_rejected"
  | "upstream_unavailable"
  | "upstream_timeout"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  not_found: 404,
  idempotency_conflict: 422,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  upstream_auth: 502,
  upstream_payment: 402,
  upstream_rate_limited: 429,
  upstream_rejected: 422,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  internal: 500,
};

export type FieldErrors = Record<string, string[] | undefined>;

const appErrorBrand = createBrand<AppError>("AppError");

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fieldErrors?: FieldErrors;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: { fieldErrors?: FieldErrors; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    appErrorBrand.mark(this);
    this.code = code;
    this.status = STATUS[code];
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toResponse(): Response {
    const headers: HeadersInit = this.retryAfterSeconds ? { "Retry-After": String(Math.ceil(this.retryAfterSeconds)) } : {};
    return Response.json(
      { error: { code: this.code, message: this.message, ...(this.fieldErrors ? { fieldErrors: this.fieldErrors } : {}) } },
      { status: this.status, headers },
    );
  }
}

/** Recognises an AppError whichever module instance made it (see lib/brand.ts). */
export const isAppError = appErrorBrand.is;
