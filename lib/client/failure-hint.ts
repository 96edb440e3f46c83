import { classifyFailure } from "@/lib/generations/failure";
import type { Generation } from "@/lib/generations/types";

export type FailureHint = "moderation" | "frames" | "checkAgain" | "unconfirmed" | "generic";

/** What to change after a generation ends without a video; rows from before failure codes are classified here. */
export function failureHint(generation: Pick<Generation, "state" | "failureCode" | "failureReason" | "videoUrl">): FailureHint | null {
  if (generation.failureCode === "outcome_unknown") return generation.state === "failed" ? "unconfirmed" : "checkAgain";
  if (generation.state === "timed_out" || generation.state === "unknown") return "checkAgain";
  if (generation.state === "completed") return generation.videoUrl ? null : "checkAgain";
  if (generation.state !== "failed") return null;
  const code = generation.failureCode ?? classifyFailure(generation.failureReason);
  return code === "frames" || code === "moderation" ? code : "generic";
}
