"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import { useSWRConfig } from "swr";
import type { Generation, UpstreamStatus } from "@/lib/generations/types";
import { openLiveLink, type LiveEvent, type LiveState } from "@/lib/client/live-link";
import { parseListKey, removeFromPage, upsertIntoPage } from "@/lib/client/generation-cache";
import { STATUS_PATH, type GenerationPage } from "@/lib/client/generations-api";

export type StatusResponse = { demo: boolean; upstream: UpstreamStatus };
export type { LiveEvent, LiveState };

type Listener = (event: LiveEvent) => void;

type LiveEventsValue = {
  /** "open" while pushed events arrive; otherwise lists poll (see `listRefreshInterval`). */
  connection: LiveState;
  /** Whether this tab, of all the browser's tabs, tells the person about finished jobs. Read it when one ends. */
  isAnnouncer: () => boolean;
  subscribe: (listener: Listener) => () => void;
  /** Apply a generation this tab learned of itself (e.g. the answer to its own POST) as if it had been pushed. */
  publishGeneration: (generation: Generation) => void;
  /** Apply this tab's own delete at once; the pushed event that follows is then a no-op. */
  publishDeleted: (id: string) => void;
};

const LiveEventsContext = createContext<LiveEventsValue | null>(null);

/**
 * The tab's end of the browser's live connection (one stream shared by all tabs, see `openLiveLink`). Plain
 * list keys in the SWR cache are patched here; infinite lists (whose cache entries SWR hides from key filters)
 * subscribe and patch their own pages.
 */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const { cache, mutate } = useSWRConfig();
  const listeners = useRef(new Set<Listener>());
  const announcer = useRef(false);
  const [connection, setConnection] = useState<LiveState>("connecting");
  // Signed out, the stream answers 401: retrying it would only report a lost connection on the sign-in page.
  const isSignIn = usePathname() === "/login";

  const patchLists = useCallback(
    (update: (page: GenerationPage, key: string) => GenerationPage) => {
      for (const key of cache.keys()) {
        if (!parseListKey(key)) continue;
        void mutate<GenerationPage>(key, (page) => (page ? update(page, key) : page), { revalidate: false });
      }
    },
    [cache, mutate],
  );

  const dispatch = useCallback(
    (event: LiveEvent) => {
      if (event.type === "generation") {
        patchLists((page, key) => {
          const position = parseListKey(key);
          return position ? upsertIntoPage(page, event.generation, position) : page;
        });
      } else if (event.type === "deleted") {
        patchLists((page) => removeFromPage(page, event.id));
      } else if (event.type === "upstream") {
        void mutate<StatusResponse>(STATUS_PATH, (current) => (current ? { ...current, upstream: event.status } : current), {
          revalidate: !cache.get(STATUS_PATH)?.data,
        });
      } else {
        void mutate((key) => typeof key === "string" && (parseListKey(key) !== null || key === STATUS_PATH));
      }
      for (const listener of listeners.current) listener(event);
    },
    [cache, mutate, patchLists],
  );

  useEffect(() => {
    if (isSignIn) return;
    return openLiveLink({
      onEvent: dispatch,
      onState: setConnection,
      onAnnouncer: (isAnnouncer) => {
        announcer.current = isAnnouncer;
      },
    });
  }, [dispatch, isSignIn]);

  const value = useMemo<LiveEventsValue>(
    () => ({
      connection,
      isAnnouncer: () => announcer.current,
      subscribe: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
      publishGeneration: (generation) => dispatch({ type: "generation", generation }),
      publishDeleted: (id) => dispatch({ type: "deleted", id }),
    }),
    [connection, dispatch],
  );

  return <LiveEventsContext value={value}>{children}</LiveEventsContext>;
}

export function useLiveEvents(): LiveEventsValue {
  const value = useContext(LiveEventsContext);
  if (!value) throw new Error("useLiveEvents() needs a <LiveEventsProvider> above it");
  return value;
}

/** How often lists poll while pushed events are not arriving. */
const FALLBACK_REFRESH_MS = 5_000;

/**
 * SWR's refresh interval for anything kept live by pushed events: nothing polls while the stream is open (events
 * carry every change, and a reconnect refetches); while it is down or stalled, poll so a page is never more than
 * a few seconds behind.
 */
export function liveRefreshInterval(connection: LiveState): number {
  return connection === "open" ? 0 : FALLBACK_REFRESH_MS;
}
