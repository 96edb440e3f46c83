"use client";

import type { ReactNode } from "react";
import { SWRConfig } from "swr";
import { ToastProvider } from "@/components/ui/toast";
import { fetcher } from "@/lib/client/generations-api";
import { GenerationActionsProvider } from "@/components/generation/generation-actions";
import { GenerationNotifier } from "@/components/generation/generation-notifier";
import { LiveEventsProvider } from "@/components/layout/live-events";

/** Client-side context for the whole app: one SWR fetcher, the tab's end of the live stream, one list of toasts, one set of action dialogs. */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <SWRConfig value={{ fetcher, errorRetryCount: 3 }}>
      <LiveEventsProvider>
        <ToastProvider>
          <GenerationActionsProvider>
            <GenerationNotifier />
            {children}
          </GenerationActionsProvider>
        </ToastProvider>
      </LiveEventsProvider>
    </SWRConfig>
  );
}
