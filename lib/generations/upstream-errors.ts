import "server-only";
import { AppError, type ErrorCode } from "@/lib/errors";
import { describeLumaError, type LumaError } from "@/lib/luma/errors";
import type { LumaErrorKind } from "@/lib/luma/types";
import { markUpstreamTrouble } from "./upstream-health";

const CODE_BY_KIND: Record<LumaErrorKind, ErrorCode> = {
  auth: "upstream_auth",
  payment: "upstream_payment",
  rate_limited: "upstream_rate_limited",
  rejected: "upstream_rejected",
  not_found: "upstream_rejected",
  upstream: "upstream_unavailable",
  network: "upstream_unavailable",
  timeout: "upstream_timeout",
  protocol: "upstream_unavailable",
};

/** An upstream refusal as our API answers it: a status and a sentence a person can act on. */
export function toAppError(error: LumaError): AppError {
  return new AppError(CODE_BY_KIND[error.kind], describeLumaError(error), {
    retryAfterSeconds: error.retryAfterSeconds ?? undefined,
    cause: error,
  });
}

/** Auth failures and rate limits concern every job, not one: they pause the shared status checks. */
export function noteUpstreamFailure(error: LumaError): void {
  if (error.kind === "auth") markUpstreamTrouble("auth_failed", describeLumaError(error), 5 * 60_000);
  else if (error.kind === "rate_limited") markUpstreamTrouble("rate_limited", describeLumaError(error), (error.retryAfterSeconds ?? 10) * 1000);
}
