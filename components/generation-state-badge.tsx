"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { isUnfinished, type GenerationState } from "@/lib/constants";
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

export function GenerationStateBadge({ state }: { state: GenerationState }) {
  const t = useT();
  return (
    <Badge tone={TONE[state]} isPulsing={isUnfinished(state)}>
      {t(`state.${state}`)}
    </Badge>
  );
}
