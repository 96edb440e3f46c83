import "server-only";
import { AppError, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { describeLumaError, isLumaError, type LumaError } from "@/lib/luma/errors";
import type { LumaErrorKind } from "@/lib/luma/types";
import { markUpstreamTrouble } from "@/lib/luma/upstream-health";

const CODE_BY_KIND: Record<LumaErrorKind, ErrorCode> = {
  auth: "upstream_auth",
  model: "upstream_rejected",
  // Never sent: the request asked for something this upstream cannot do, which is the caller's input to fix.
  unsupported: "validation_failed",
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
    fieldErrors: fieldErrorsOf(error),
    cause: error,
  });
}

/** Refusals about one option land under that option's field in the form. */
function fieldErrorsOf(error: LumaError): FieldErrors | undefined {
  if (error.kind === "model") return { model: [describeLumaError(error)] };
  if (error.kind !== "unsupported" || error.issues.length === 0) return undefined;
  const fields: FieldErrors = {};
  for (const issue of error.issues) (fields[issue.field] ??= []).push(issue.message);
  return fields;
}

/**
 * Auth failures and rate limits concern every job, not one: they pause the shared status checks. A gateway
 * that cannot be reached pauses nothing (each job backs off on its own) but is shown on every page.
 */
export function noteUpstreamFailure(error: LumaError): void {
  if (error.kind === "auth") markUpstreamTrouble("auth_failed", describeLumaError(error), 5 * 60_000);
  else if (error.kind === "rate_limited") markUpstreamTrouble("rate_limited", describeLumaError(error), (error.retryAfterSeconds ?? 10) * 1000);
  else if (error.kind === "network" || (error.kind === "timeout" && error.status === null)) markUpstreamTrouble("unreachable", describeLumaError(error), 0);
}

/**
 * What came back instead of an answer to a create, in a few words for the card ("HTTP 502: Bad gateway",
 * "no answer within 60 s"): the person needs it to match the attempt against the gateway's usage log.
 */
export function describeLostAnswer(error: unknown, createTimeoutMs: number): string {
  if (!isLumaError(error)) return "the request failed in an unexpected way";
  const said = error.upstreamMessage ? `: "${error.upstreamMessage}"` : "";
  switch (error.kind) {
    case "timeout":
      return error.status === null ? `no answer within ${Math.round(createTimeoutMs / 1000)} s` : `HTTP ${error.status} (timed out)${said}`;
    case "network":
      return `the connection broke before the answer arrived${error.detail ? ` (${error.detail})` : ""}`;
    case "protocol":
      return `${error.status === null ? "an answer" : `HTTP ${error.status}`} the studio could not read${error.detail ? ` (${error.detail})` : ""}`;
    default:
      return `HTTP ${error.status ?? "error"}${said}`;
  }
}
