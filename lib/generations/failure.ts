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
