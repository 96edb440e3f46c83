"use client";

import { useEffect, useRef } from "react";
import useSWR from "swr";
import { useToast } from "@/components/ui/toast";
import type { ToastInput } from "@/lib/client/toast-input";
import { readNotificationsEnabled } from "@/lib/client/browser-notifications";
import { galleryHref } from "@/lib/client/gallery-query";
import { detailHref, listKey, type GenerationPage } from "@/lib/client/generations-api";
import { UNFINISHED_STATES, isUnfinished, type GenerationState } from "@/lib/constants";
import type { Generation } from "@/lib/generations/types";
import { useT } from "@/lib/i18n/provider";
import type { Translate } from "@/lib/i18n/translate";
import { liveRefreshInterval, useLiveEvents } from "@/components/layout/live-events";

const RUNNING_KEY = listKey({ limit: 100, query: { states: UNFINISHED_STATES } });
const TITLE_COUNT = /^\(\d+\+?\) /;
/** A finish this recent, for a job this tab never saw running, is news; anything older is a replay or an edit. */
const FRESH_MS = 30_000;
/** A group's toast names this many prompts (two lines show; screen readers hear them all); the rest are counted. */
const NAMED_IN_GROUP = 5;
/** Prompts run to thousands of characters; a toast quotes the start. */
const QUOTED_CHARS = 100;

type Ending = "completed" | "failed" | "timed_out";
/** Generations that ended the same way while their toast was on screen, newest first. */
type Group = { ending: Ending; items: Generation[] };

function finishedAt(generation: Generation): number {
  return Date.parse(generation.completedAt ?? generation.updatedAt);
}

function promptOf(generation: Generation, t: Translate): string {
  const prompt = generation.prompt.length > QUOTED_CHARS ? `${generation.prompt.slice(0, QUOTED_CHARS - 1).trimEnd()}…` : generation.prompt;
  return t("notify.body", { prompt: prompt || t("card.keyframesOnly") });
}

function describeGroup({ ending, items }: Group, t: Translate): { title: string; body: string; action: NonNullable<ToastInput["action"]> } {
  const [latest] = items;
  if (items.length === 1 && latest) {
    const title = ending === "completed" ? t("notify.completedTitle") : ending === "failed" ? t("notify.failedTitle") : t("notify.timedOutTitle");
    const body = promptOf(latest, t);
    return { title, body: latest.failureReason ? `${body} — ${latest.failureReason}` : body, action: { label: t("notify.open"), href: detailHref(latest.id) } };
  }
  const count = items.length;
  const title =
    ending === "completed"
      ? t("notify.completedGroupTitle", { count })
      : ending === "failed"
        ? t("notify.failedGroupTitle", { count })
        : t("notify.timedOutGroupTitle", { count });
  const named = items.slice(0, NAMED_IN_GROUP).map((item) => promptOf(item, t));
  const rest = count - named.length;
  const body = rest > 0 ? `${named.join(" · ")} ${t("notify.groupMore", { count: rest })}` : named.join(" · ");
  return { title, body, action: { label: t("notify.viewAll"), href: galleryHref({ filter: ending === "completed" ? "completed" : "failed" }) } };
}

/**
 * Tells the user when a generation ends, whichever tab or device started it: a toast, an opt-in system
 * notification while the tab is hidden, and the count of running jobs in the tab title. Of all the browser's
 * tabs, only the announcer (the one looked at last) speaks, and endings that come in a burst share one toast.
 */
export function GenerationNotifier() {
  const t = useT();
  const { showToast } = useToast();
  const { subscribe, isAnnouncer, connection } = useLiveEvents();
  const seen = useRef(new Map<string, GenerationState>());
  const groups = useRef(new Map<Ending, Group>());
  const { data } = useSWR<GenerationPage>(RUNNING_KEY, { refreshInterval: liveRefreshInterval(connection) });
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
        if (!isNews || !isAnnouncer()) return;
        const ending = generation.state as Ending;
        const earlier = groups.current.get(ending);
        const group: Group = { ending, items: [generation, ...(earlier?.items ?? []).filter((item) => item.id !== generation.id)] };
        groups.current.set(ending, group);
        const { title, body, action } = describeGroup(group, t);
        showToast({
          groupKey: `ended:${ending}`,
          tone: ending === "completed" ? "success" : "error",
          title,
          description: body,
          action,
          isDescriptionClamped: group.items.length > 1,
          onDismiss: () => {
            if (groups.current.get(ending) === group) groups.current.delete(ending);
          },
        });
        if (document.visibilityState === "hidden" && readNotificationsEnabled()) {
          try {
            // One system notification per kind of ending, replaced as its group grows.
            const notification = new Notification(title, { body, tag: `luma-studio:${ending}` });
            notification.onclick = () => {
              window.focus();
              window.location.assign(action.href);
            };
          } catch {
            // Some browsers only allow notifications from a service worker; the toast is still there.
          }
        }
      }),
    [isAnnouncer, showToast, subscribe, t],
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
