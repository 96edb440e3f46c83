import type { EditStrength, VideoDuration } from "@/lib/constants";
import type { Capabilities, CombinationIssue } from "@/lib/luma/capabilities";
import type { Translate } from "@/lib/i18n/translate";

/** "5 s" / "5 秒": a duration in our spelling (`5s`), as the viewer reads it. */
export function durationText(duration: string, t: Translate): string {
  return t("options.seconds", { count: duration.replace(/s$/, "") });
}

/** The upstream's name in a sentence: gateways by their own names, Luma's API in the viewer's language. */
function upstreamLabel(capabilities: Capabilities, t: Translate): string {
  return capabilities.provider === "official" ? t("combination.officialLabel") : capabilities.label;
}

/**
 * A refusal from `checkCombination` in the viewer's language, worded from its code and the capabilities (the
 * issue's own `message` is the English the route answers with). Null for codes the form cannot produce by itself,
 * so the caller falls back to its generic sentence.
 */
export function combinationText(issue: CombinationIssue, request: { duration?: string | null }, capabilities: Capabilities, t: Translate): string | null {
  const label = upstreamLabel(capabilities, t);
  const { rules } = capabilities;
  const duration = durationText(request.duration ?? capabilities.defaultDuration ?? "", t);
  const shorter = capabilities.durations
    .filter((other) => !rules.textOnlyDurations.includes(other as VideoDuration))
    .map((other) => durationText(other, t))
    .join(", ");
  switch (issue.code) {
    case "prompt_required":
      return t("combination.promptRequired", { label });
    case "text_only_duration":
      if (issue.field === "loop") return t("combination.textOnlyLoop", { duration, shorter });
      if (issue.field === "hdr") return t("combination.textOnlyHdr", { duration, shorter });
      return t("combination.textOnlyFrames", { duration, shorter });
    case "loop_with_hdr":
      return t("combination.loopWithHdr");
    case "loop_with_end_frame":
      return t("combination.loopWithEndFrame", { label });
    case "hdr_resolution":
      return t("combination.hdrResolution", { resolutions: rules.hdrResolutions.join(", ") });
    case "hdr_duration":
      return t("combination.hdrDuration", { durations: rules.hdrDurations.map((value) => durationText(value, t)).join(", ") });
    default:
      return null;
  }
}

/** A restyle strength in words ("Flexible 1"); shared by the derive dialog and the lineage of a restyled clip. */
export function strengthLabel(strength: EditStrength, t: Translate): string {
  const [family, level] = strength.split("_") as ["adhere" | "flex" | "reimagine", string];
  return t("derive.strengthOption", { family: t(`derive.${family}`), level });
}
