"use client";

import { useEffect, useRef } from "react";
import useSWR from "swr";
import { useToast } from "@/components/ui/toast";
import { readNotificationsEnabled } from "@/lib/client/browser-notifications";
import { detailHref, listKey, type GenerationPage } from "@/lib/client/generations-api";
import { UNFINISHED_STATES, isUnfinished, type GenerationState } from "@/lib/constants";
import type { Generation } from "@/lib/generations/types";
import { useT } from "@/lib/i18n/provider";
import { useLiveEvents } from "./live-events";

const RUNNING_KEY = listKey({ limit: 100, states: UNFINISHED_STATES });
const TITLE_COUNT = /^\(\d+\+?\) /;
/** A finish this recent, for a job this tab never saw running, is news; anything older is a replay or an edit. */
const FRESH_MS = 30_000;

function finishedAt(generation: Generation): number {
  return Date.parse(generation.completedAt ?? generation.updatedAt);
}

/**
 * Tells the user when a generation ends, whichever tab or device started it: a toast, an opt-in system
 * notification while the tab is hidden, and the count of running jobs in the tab title.
 */
export function GenerationNotifier() {
  const t = useT();
  const { showToast } = useToast();
  const { subscribe } = useLiveEvents();
  const seen = useRef(new Map<string, GenerationState>());
  const { data } = useSWR<GenerationPage>(RUNNING_KEY, {
    refreshInterval: (latest) => ((latest?.items ?? []).some((item) => isUnfinished(item.state)) ? 10_000 : 0),
  });
  const running = (data?.items ?? []).filter((item) => isUnfinished(item.state)).length;
  const countText = data?.nextCursor ? `${running}+` : String(running);

  useEffect(() => {
    for (const item of data?.items ?? []) if (!seen.current.has(item.id)) seen.current.set(item.id, item.state);
  }, [data]);

  useEffect(
    () =>
      subscribe((event) => {
        if (event.type !== "generation") return;
        const generation = event.generation;
        const previous = seen.current.get(generation.id);
        seen.current.set(generation.id, generation.state);
        if (isUnfinished(generation.state) || previous === generation.state) return;
        const isNews = previous !== undefined ? isUnfinished(previous) : Date.now() - finishedAt(generation) < FRESH_MS;
        if (!isNews) return;
        const title = generation.state === "completed" ? t("notify.completedTitle") : generation.state === "failed" ? t("notify.failedTitle") : t("notify.timedOutTitle");
        const body = t("notify.body", { prompt: generation.prompt || t("card.keyframesOnly") });
        showToast({ tone: generation.state === "completed" ? "success" : "error", title, description: generation.failureReason ? `${body} — ${generation.failureReason}` : body });
        if (document.visibilityState === "hidden" && readNotificationsEnabled()) {
          try {
            const notification = new Notification(title, { body, tag: generation.id });
            notification.onclick = () => {
              window.focus();
              window.location.assign(detailHref(generation.id));
            };
          } catch {
            // Some browsers only allow notifications from a service worker; the toast is still there.
          }
        }
      }),
    [showToast, subscribe, t],
  );

  // Next writes <title> on every navigation; keep the count in front of whatever it wrote.
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(TITLE_COUNT, "");
      const next = running > 0 ? t("notify.tabTitle", { count: countText, title: base }) : base;
      if (document.title !== next) document.title = next;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [countText, running, t]);

  return null;
}
