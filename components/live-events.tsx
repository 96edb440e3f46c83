"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useSWRConfig } from "swr";
import type { Generation, GenerationEvent, UpstreamStatus } from "@/lib/generations/types";
import { parseListKey, removeFromPage, upsertIntoPage } from "./generation-cache";
import { STATUS_PATH, type GenerationPage } from "@/lib/client/generations-api";

export type StatusResponse = { demo: boolean; upstream: UpstreamStatus };

/** What list views hear: every pushed event, plus a note that the stream came back and lists may be stale. */
export type LiveEvent = GenerationEvent | { type: "reconnected" };
type Listener = (event: LiveEvent) => void;

type LiveEventsValue = {
  isConnected: boolean;
  subscribe: (listener: Listener) => () => void;
  /** Apply a generation this tab learned of itself (e.g. the answer to its own POST) as if it had been pushed. */
  publishGeneration: (generation: Generation) => void;
  /** Apply this tab's own delete at once; the pushed event that follows is then a no-op. */
  publishDeleted: (id: string) => void;
};

const LiveEventsContext = createContext<LiveEventsValue | null>(null);

function isGenerationEvent(value: unknown): value is GenerationEvent {
  if (typeof value !== "object" || value === null || !("type" in value)) return false;
  return value.type === "generation" || value.type === "deleted" || value.type === "upstream";
}

/**
 * The tab's single EventSource. Plain list keys in the SWR cache are patched here; infinite lists (whose cache
 * entries SWR hides from key filters) subscribe and patch their own pages.
 */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const { cache, mutate } = useSWRConfig();
  const listeners = useRef(new Set<Listener>());
  const [isConnected, setConnected] = useState(false);

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
        void mutate<StatusResponse>(STATUS_PATH, (current) => (current ? { ...current, upstream: event.status } : current), { revalidate: !cache.get(STATUS_PATH)?.data });
      } else {
        void mutate((key) => typeof key === "string" && parseListKey(key) !== null);
      }
      for (const listener of listeners.current) listener(event);
    },
    [cache, mutate, patchLists],
  );

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/events");
    let hasDropped = false;
    source.onopen = () => {
      setConnected(true);
      // Events sent while the stream was down are gone; refetch so lists catch up.
      if (hasDropped) dispatch({ type: "reconnected" });
    };
    source.onerror = () => {
      hasDropped = true;
      setConnected(false);
    };
    source.onmessage = (message: MessageEvent<string>) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return;
      }
      if (isGenerationEvent(parsed)) dispatch(parsed);
    };
    return () => source.close();
  }, [dispatch]);

  const value = useMemo<LiveEventsValue>(
    () => ({
      isConnected,
      subscribe: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
      publishGeneration: (generation) => dispatch({ type: "generation", generation }),
      publishDeleted: (id) => dispatch({ type: "deleted", id }),
    }),
    [dispatch, isConnected],
  );

  return <LiveEventsContext value={value}>{children}</LiveEventsContext>;
}

export function useLiveEvents(): LiveEventsValue {
  const value = useContext(LiveEventsContext);
  if (!value) throw new Error("useLiveEvents() needs a <LiveEventsProvider> above it");
  return value;
}

/**
 * SWR's refresh interval for lists: poll every few seconds while something is unfinished, so a dropped or
 * silently stalled stream delays an update by seconds, not forever; nothing polls once all is finished.
 */
export function listRefreshInterval(hasUnfinished: boolean): number {
  return hasUnfinished ? 5_000 : 0;
}
