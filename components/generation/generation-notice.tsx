"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { AlertIcon, ClockIcon, RefreshIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";
import { errorLine, errorText } from "@/lib/client/error-text";
import { postRefresh } from "@/lib/client/generations-api";
import { useGenerationActions } from "@/components/generation/generation-actions";
import { useLiveEvents } from "@/components/layout/live-events";
import { MediaFrame } from "@/components/generation/media-frame";

type Tone = "danger" | "warning";

const TONES: Record<Tone, { panel: string; icon: string }> = {
  danger: { panel: "bg-red-500/[0.06] dark:bg-red-500/[0.08]", icon: "bg-red-500/10 text-red-600 dark:text-red-400" },
  warning: { panel: "bg-amber-500/[0.07] dark:bg-amber-500/[0.08]", icon: "bg-amber-500/12 text-amber-700 dark:text-amber-400" },
};

/** The media slot of a generation that has no video: why, in words, and what can be done. */
type NoticeProps = { tone: Tone; icon: ReactNode; title: string; body: string; detail?: string; action?: ReactNode; isBodyEmphasized?: boolean };

function NoticeFrame({ tone, icon, title, body, detail, action, isBodyEmphasized = false }: NoticeProps) {
  const style = TONES[tone];
  return (
    <MediaFrame tone="muted">
      <div className={`flex size-full flex-col items-center justify-center gap-1.5 px-5 text-center ${style.panel}`}>
        <span className={`flex size-7 shrink-0 items-center justify-center rounded-full ${style.icon}`}>{icon}</span>
        <p className="text-sm font-semibold text-fg">{title}</p>
        <p
          className={`line-clamp-3 max-w-sm text-[13px] leading-5 break-words ${isBodyEmphasized ? "font-medium text-red-700 dark:text-red-300" : "text-fg-muted"}`}
        >
          {body}
        </p>
        {detail ? (
          <p className="line-clamp-1 max-w-sm font-mono text-[11px] break-all text-fg-subtle" title={detail}>
            {detail}
          </p>
        ) : null}
        {action ? <div className="mt-1">{action}</div> : null}
      </div>
    </MediaFrame>
  );
}

function CheckAgainButton({ id }: { id: string }) {
  const t = useT();
  const format = useFormatters();
  const { showToast } = useToast();
  const { publishGeneration } = useLiveEvents();
  const [isChecking, setChecking] = useState(false);
  return (
    <Button
      size="sm"
      variant="secondary"
      isLoading={isChecking}
      icon={<RefreshIcon className="size-3.5" />}
      onClick={async () => {
        setChecking(true);
        try {
          publishGeneration(await postRefresh(id));
        } catch (error) {
          showToast({ tone: "error", title: t("toast.checkFailedTitle"), description: errorLine(errorText(error, t, format), t) });
        } finally {
          setChecking(false);
        }
      }}
    >
      {isChecking ? t("card.checking") : t("card.checkAgain")}
    </Button>
  );
}

export function FailedNotice({ generation }: { generation: Generation }) {
  const t = useT();
  if (generation.failureCode === "outcome_unknown") return <UnconfirmedNotice generation={generation} />;
  return (
    <NoticeFrame
      tone="danger"
      icon={<AlertIcon className="size-4" />}
      title={t("card.failedTitle")}
      body={generation.failureReason || t("card.failedFallback")}
      isBodyEmphasized={Boolean(generation.failureReason)}
    />
  );
}

export function TimedOutNotice({ generation }: { generation: Generation }) {
  const t = useT();
  return (
    <NoticeFrame
      tone="warning"
      icon={<ClockIcon className="size-4" />}
      title={t("card.timedOutTitle")}
      body={t("card.timedOutBody")}
      action={<CheckAgainButton id={generation.id} />}
    />
  );
}

/** Still waiting for a callback that may reveal the job; says what came back instead of an answer. */
export function UnknownNotice({ generation }: { generation: Generation }) {
  const t = useT();
  return (
    <NoticeFrame
      tone="warning"
      icon={<ClockIcon className="size-4" />}
      title={t("card.unknownTitle")}
      body={t("card.unknownBody")}
      detail={t("card.lostAnswer", { detail: generation.failureReason ?? t("card.noAnswer") })}
      action={<CheckAgainButton id={generation.id} />}
    />
  );
}

/** Settled without an answer: nothing can tell us whether the clip was made, so the person checks the usage log. */
function UnconfirmedNotice({ generation }: { generation: Generation }) {
  const t = useT();
  const actions = useGenerationActions();
  return (
    <NoticeFrame
      tone="warning"
      icon={<AlertIcon className="size-4" />}
      title={t("card.unconfirmedTitle")}
      body={t("card.unconfirmedBody")}
      detail={t("card.lostAnswer", { detail: generation.failureReason ?? t("card.noAnswer") })}
      action={
        <Button
          size="sm"
          variant="secondary"
          isLoading={actions.pendingIds.has(generation.id)}
          icon={<RefreshIcon className="size-3.5" />}
          onClick={() => void actions.retry(generation)}
        >
          {t("card.tryAgain")}
        </Button>
      }
    />
  );
}

export function MissingVideoNotice() {
  const t = useT();
  return <NoticeFrame tone="warning" icon={<AlertIcon className="size-4" />} title={t("card.noVideoTitle")} body={t("card.noVideoBody")} />;
}
