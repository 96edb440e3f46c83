"use client";

import type { ReactNode } from "react";
import { SWRConfig } from "swr";
import { ToastProvider } from "@/components/ui/toast";
import { fetcher } from "@/lib/client/generations-api";
import { useT } from "@/lib/i18n/provider";
import { GenerationActionsProvider } from "./generation-actions";
import { GenerationNotifier } from "./generation-notifier";
import { LiveEventsProvider } from "./live-events";

/** Client-side context for the whole app: one SWR fetcher, one live event stream, one toast region, one set of action dialogs. */
export function AppProviders({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <SWRConfig value={{ fetcher, errorRetryCount: 3 }}>
      <LiveEventsProvider>
        <ToastProvider regionLabel={t("toast.regionLabel")} dismissLabel={t("toast.dismiss")}>
          <GenerationActionsProvider>
            <GenerationNotifier />
            {children}
          </GenerationActionsProvider>
        </ToastProvider>
      </LiveEventsProvider>
    </SWRConfig>
  );
}
