import type { FailureCode } from "@/lib/constants";

/**
 * Luma words its failures in free text; this turns the text into a code the UI can word in any language.
 * Frame problems come first: "Frame moderation failed" is about the images, not the words. Client-safe.
 */
export function classifyFailure(reason: string | null): FailureCode {
  const text = (reason ?? "").toLowerCase();
  if (/frame|image|keyframe/.test(text)) return "frames";
  if (/moderation|blacklist|prohibited|sensitive|unsafe|policy|违规|敏感/.test(text)) return "moderation";
  return "upstream_failed";
}

/** Luma's own API says why in `failure_code` (luma-api.md §5.2); the platform format only in words. */
const BY_UPSTREAM_CODE: Record<string, FailureCode> = {
  content_moderated: "moderation",
  generation_failed: "generation_failed",
  output_not_found: "output_not_found",
  budget_exhausted: "budget_exhausted",
  image_too_large: "input_too_large",
  unsupported_format: "input_unsupported",
  corrupt_input: "input_corrupt",
  invalid_request: "invalid_request",
  rate_limited: "rate_limited",
};

/** Our code for a failed job: the upstream's own code when it has one we know, otherwise read from its words. */
export function failureCodeFor(upstreamCode: string | null, reason: string | null): FailureCode {
  return (upstreamCode ? BY_UPSTREAM_CODE[upstreamCode] : undefined) ?? classifyFailure(reason);
}
