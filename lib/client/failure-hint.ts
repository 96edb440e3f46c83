import type { Generation } from "@/lib/generations/types";

export type FailureHint = "moderation" | "frames" | "checkAgain" | "generic";

/**
 * What to change after a generation ends without a video, from Luma's own reason text. Frame problems are
 * checked first: "Frame moderation failed" is about the images, not the words.
 */
export function failureHint(generation: Pick<Generation, "state" | "failureReason" | "videoUrl">): FailureHint | null {
  if (generation.state === "timed_out" || generation.state === "unknown") return "checkAgain";
  if (generation.state === "completed") return generation.videoUrl ? null : "checkAgain";
  if (generation.state !== "failed") return null;
  const reason = (generation.failureReason ?? "").toLowerCase();
  if (/frame|image|keyframe/.test(reason)) return "frames";
  if (/moderation|blacklist|prohibited|sensitive|unsafe|policy|违规|敏感/.test(reason)) return "moderation";
  return "generic";
}
