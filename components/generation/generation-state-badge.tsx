"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { isUnfinished, type FailureCode, type GenerationState } from "@/lib/constants";
import { useT } from "@/lib/i18n/provider";

const TONE: Record<GenerationState, BadgeTone> = {
  submitting: "neutral",
  unknown: "warning",
  queued: "info",
  running: "progress",
  completed: "success",
  failed: "danger",
  timed_out: "warning",
};

/** `failureCode` tells a failure apart from a create whose answer was lost (it may exist, so: not confirmed). */
export function GenerationStateBadge({ state, failureCode = null }: { state: GenerationState; failureCode?: FailureCode | null }) {
  const t = useT();
  if (state === "failed" && failureCode === "outcome_unknown") return <Badge tone="warning">{t("state.unconfirmed")}</Badge>;
  return (
    <Badge tone={TONE[state]} isPulsing={isUnfinished(state)}>
      {t(`state.${state}`)}
    </Badge>
  );
}
