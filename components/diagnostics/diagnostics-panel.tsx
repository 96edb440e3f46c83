"use client";

import type { ReactNode } from "react";
import useSWR from "swr";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RefreshIcon } from "@/components/ui/icons";
import type { CheckStatus, DiagnosticsReport, KeyCheckCode } from "@/lib/diagnostics/types";
import type { Capabilities } from "@/lib/luma/capabilities";
import { useT } from "@/lib/i18n/provider";
import type { MessageKey } from "@/lib/i18n/translate";

const DIAGNOSTICS_PATH = "/api/diagnostics";

const KEY_SENTENCES: Record<KeyCheckCode, MessageKey> = {
  ok: "diagnostics.keyOk",
  demo: "diagnostics.keyDemo",
  auth: "diagnostics.keyAuth",
  suspended: "diagnostics.keySuspended",
  payment: "diagnostics.keyPayment",
  rate_limited: "diagnostics.keyRateLimited",
  network: "diagnostics.keyNetwork",
  timeout: "diagnostics.keyTimeout",
  protocol: "diagnostics.keyProtocol",
  upstream: "diagnostics.keyUpstream",
  unavailable: "diagnostics.keyUnavailable",
};
const STATUS: Record<CheckStatus, { tone: BadgeTone; label: MessageKey }> = {
  passed: { tone: "success", label: "diagnostics.passed" },
  failed: { tone: "danger", label: "diagnostics.failed" },
  not_run: { tone: "neutral", label: "diagnostics.notRun" },
};
const ACTIONS: Array<[keyof Capabilities["actions"], MessageKey]> = [
  ["extend", "diagnostics.actionExtend"],
  ["extendBackward", "diagnostics.actionExtendBackward"],
  ["interpolate", "diagnostics.actionInterpolate"],
  ["edit", "diagnostics.actionEdit"],
  ["reframe", "diagnostics.actionReframe"],
];

/** Runs the checks once on open (never again by itself: each run calls the upstream) and on "Check again". */
export function DiagnosticsPanel() {
  const t = useT();
  const { data, error, isValidating, mutate } = useSWR<DiagnosticsReport>(DIAGNOSTICS_PATH, {
    revalidateOnFocus: false,
    revalidateOnReconnect: false,
    shouldRetryOnError: false,
  });
  return (
    <div className="flex flex-col gap-8" aria-busy={isValidating}>
      <div>
        <Button icon={<RefreshIcon className="size-4" />} isLoading={isValidating} onClick={() => void mutate()}>
          {isValidating ? t("diagnostics.checking") : t("diagnostics.runAgain")}
        </Button>
      </div>
      {error && !data ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {t("diagnostics.loadFailed")}
        </p>
      ) : null}
      {data ? (
        <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <Checks report={data} />
          <Setup setup={data.setup} />
        </div>
      ) : !error ? (
        <p role="status" className="text-sm text-fg-subtle">
          {t("diagnostics.checking")}
        </p>
      ) : null}
    </div>
  );
}

function Checks({ report }: { report: DiagnosticsReport }) {
  const t = useT();
  const { key, callback, setup } = report;
  // A gateway is called by its profile's name in any language; Luma's API has a name in each.
  const label = setup.provider === "official" ? t("diagnostics.lumaApi") : setup.label;
  const keySentence = t(KEY_SENTENCES[key.code], { label, detail: key.detail ?? "" });
  const callbackSentence =
    callback.code === "unset"
      ? t("diagnostics.callbackUnset")
      : callback.code === "ok"
        ? t("diagnostics.callbackOk", { url: callback.url ?? "" })
        : t("diagnostics.callbackFailed", { url: callback.url ?? "" });
  return (
    <section aria-labelledby="diagnostics-checks" className="min-w-0">
      <h2 id="diagnostics-checks" className="text-sm font-semibold text-fg">
        {t("diagnostics.checks")}
      </h2>
      <ul className="mt-2.5 divide-y divide-line rounded-xl border border-line bg-surface">
        <Check name={t("diagnostics.keyCheck")} status={key.status} sentence={keySentence} detail={key.code === "unavailable" ? null : key.detail} />
        <Check name={t("diagnostics.balanceCheck")} status={report.balance.status} sentence={t("diagnostics.balanceNone", { label })} />
        <Check
          name={t("diagnostics.callbackCheck")}
          status={callback.status}
          sentence={callbackSentence}
          detail={callback.detail}
          note={callback.code !== "unset" && !setup.callbacks ? t("diagnostics.callbackNotUsed", { label }) : null}
        />
      </ul>
    </section>
  );
}

function Check({
  name,
  status,
  sentence,
  detail = null,
  note = null,
}: {
  name: string;
  status: CheckStatus;
  sentence: string;
  detail?: string | null;
  note?: string | null;
}) {
  const t = useT();
  return (
    <li className="flex flex-col gap-1.5 px-4 py-3.5">
      <div className="flex items-center justify-between gap-3">
        <h3 className="text-sm font-medium text-fg">{name}</h3>
        <Badge tone={STATUS[status].tone}>{t(STATUS[status].label)}</Badge>
      </div>
      <p className={`text-[13px] leading-5 break-words ${status === "failed" ? "text-red-700 dark:text-red-300" : "text-fg-muted"}`}>{sentence}</p>
      {note ? <p className="text-[13px] leading-5 text-fg-muted">{note}</p> : null}
      {detail ? <p className="font-mono text-xs leading-5 break-words text-fg-subtle">{t("diagnostics.detail", { detail })}</p> : null}
    </li>
  );
}

function Setup({ setup }: { setup: DiagnosticsReport["setup"] }) {
  const t = useT();
  const actions = ACTIONS.filter(([flag]) => setup.actions[flag]).map(([, label]) => t(label));
  return (
    <section aria-labelledby="diagnostics-setup" className="min-w-0">
      <h2 id="diagnostics-setup" className="text-sm font-semibold text-fg">
        {t("diagnostics.setup")}
      </h2>
      <dl className="mt-2.5 divide-y divide-line rounded-xl border border-line bg-surface px-4">
        <Row label={t("diagnostics.provider")}>{setup.provider === "official" ? t("diagnostics.providerOfficial") : t("diagnostics.providerPlatform")}</Row>
        {setup.provider === "platform" ? (
          <Row label={t("diagnostics.profile")}>
            <span className="font-mono">{setup.profile}</span>
            {setup.route && setup.route !== "standard" ? <span className="text-fg-muted"> · {setup.route}</span> : null}
          </Row>
        ) : null}
        <Row label={t("diagnostics.address")}>{setup.address ? <span className="font-mono text-xs">{setup.address}</span> : t("diagnostics.addressDemo")}</Row>
        <Row label={t("diagnostics.key")}>{setup.isDemo ? t("diagnostics.keyUnset") : t("diagnostics.keySet")}</Row>
        <Row label={t("diagnostics.publicUrl")}>
          {setup.publicBaseUrl ? <span className="font-mono text-xs">{setup.publicBaseUrl}</span> : t("diagnostics.publicUrlUnset")}
        </Row>
        <Row label={t("diagnostics.actions")}>{actions.length > 0 ? actions.join(" · ") : t("diagnostics.actionsNone")}</Row>
      </dl>
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 py-2.5 text-[13px] sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
      <dt className="shrink-0 text-fg-muted">{label}</dt>
      <dd className="min-w-0 font-medium break-words text-fg sm:text-right">{children}</dd>
    </div>
  );
}
