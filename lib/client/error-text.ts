import type { ErrorCode } from "@/lib/errors";
import type { Formatters } from "@/lib/i18n/format";
import type { MessageKey, Translate } from "@/lib/i18n/translate";
import { ApiError } from "./generations-api";

/**
 * The sentence a person reads for each error code the API answers with, in their language. The server's own
 * message is English and often more specific (which limit, what the gateway said), so it follows as detail.
 * A Record, so a new ErrorCode without a sentence fails to compile.
 */
const SENTENCES: Record<ErrorCode, MessageKey> = {
  bad_request: "errors.bad_request",
  validation_failed: "errors.validation_failed",
  unsupported_media_type: "errors.unsupported_media_type",
  payload_too_large: "errors.payload_too_large",
  not_found: "errors.not_found",
  idempotency_conflict: "errors.idempotency_conflict",
  unauthorized: "errors.unauthorized",
  forbidden: "errors.forbidden",
  rate_limited: "errors.rate_limited",
  upstream_auth: "errors.upstream_auth",
  upstream_payment: "errors.upstream_payment",
  upstream_rate_limited: "errors.upstream_rate_limited",
  upstream_rejected: "errors.upstream_rejected",
  upstream_unavailable: "errors.upstream_unavailable",
  upstream_timeout: "errors.upstream_timeout",
  internal: "errors.internal",
};

type ErrorText = {
  /** The catalogue's sentence, with when to try again if the server said. */
  message: string;
  /** The server's own words, when it sent any: shown smaller, or after "Details:". */
  detail: string | null;
};

function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(SENTENCES, code);
}

export function errorText(error: unknown, t: Translate, format: Pick<Formatters, "duration">): ErrorText {
  if (!(error instanceof ApiError)) return { message: t("errors.network"), detail: null };
  const sentence = isErrorCode(error.code) ? t(SENTENCES[error.code]) : t("errors.unknown", { status: error.status });
  const message = error.retryAfterSeconds
    ? t("errors.joined", { first: sentence, second: t("toast.retryAfter", { time: format.duration(error.retryAfterSeconds) }) })
    : sentence;
  const detail = error.message.trim();
  return { message, detail: detail && detail !== sentence ? detail : null };
}

/** Sentence and detail as one line, for places with room for a single text (toasts, a field's error line). */
export function errorLine({ message, detail }: ErrorText, t: Translate): string {
  return detail ? t("errors.joined", { first: message, second: t("errors.detail", { detail }) }) : message;
}
