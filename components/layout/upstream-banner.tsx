"use client";

import useSWR from "swr";
import { AlertIcon } from "@/components/ui/icons";
import type { MessageKey } from "@/lib/i18n/translate";
import { useFormatters, useT } from "@/lib/i18n/provider";
import type { UpstreamStatus } from "@/lib/generations/types";
import { STATUS_PATH } from "@/lib/client/generations-api";
import type { StatusResponse } from "@/components/layout/live-events";
import { useNow } from "@/hooks/use-now";

const MESSAGE: Record<Exclude<UpstreamStatus["health"], "ok">, MessageKey> = {
  auth_failed: "banner.authFailed",
  rate_limited: "banner.rateLimited",
  unreachable: "banner.unreachable",
};

/** The live region is always rendered, so the banner appearing later is announced. */
export function UpstreamBanner() {
  const t = useT();
  const format = useFormatters();
  const now = useNow();
  const { data } = useSWR<StatusResponse>(STATUS_PATH, { refreshInterval: (latest) => (latest && latest.upstream.health !== "ok" ? 30_000 : 0) });
  const upstream = data?.upstream;
  const messageKey = upstream && upstream.health !== "ok" ? MESSAGE[upstream.health] : null;
  const retryAt = upstream?.retryAt && now !== null && Date.parse(upstream.retryAt) > now ? upstream.retryAt : null;

  return (
    <div role="status" aria-live="polite">
      {messageKey ? (
        <div className="border-b border-amber-500/30 bg-amber-500/10 text-amber-950 dark:text-amber-100">
          <p className="mx-auto flex max-w-6xl items-start gap-2.5 px-4 py-2 text-[13px] leading-5 sm:px-6">
            <AlertIcon className="mt-0.5 size-4 shrink-0 text-amber-600 dark:text-amber-400" />
            <span>
              {t(messageKey)}
              {retryAt && now !== null ? ` ${t("banner.retryAt", { time: format.relative(retryAt, now) })}` : null}
            </span>
          </p>
        </div>
      ) : null}
    </div>
  );
}
