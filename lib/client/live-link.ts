import type { GenerationEvent } from "@/lib/generations/types";
import { LIVE_EVENTS_PATH } from "@/lib/live-stream";
import { CONNECT_TIMEOUT_MS, SILENCE_TIMEOUT_MS, openEventStream, type StreamState } from "./event-stream";

/** What list views hear: every pushed event, plus a note that events were missed and lists may be stale. */
export type LiveEvent = GenerationEvent | { type: "reconnected" };
export type LiveState = StreamState;

export type LiveLinkHandlers = {
  onEvent: (event: LiveEvent) => void;
  onState: (state: LiveState) => void;
  /** Whether this tab is the one that tells the person about finished jobs (toasts, system notifications). */
  onAnnouncer: (isAnnouncer: boolean) => void;
};

const CHANNEL_NAME = "luma-studio:live";
const LEADER_LOCK = "luma-studio:live-leader";

/** Tabs talk over one BroadcastChannel; `leader` names the tab that holds the stream. */
export type LinkMessage =
  | { kind: "state"; leader: string; state: LiveState }
  | { kind: "event"; leader: string; event: GenerationEvent }
  | { kind: "announcer"; leader: string; tab: string }
  | { kind: "hello"; tab: string; at: number }
  | { kind: "active"; tab: string; at: number }
  | { kind: "gone"; tab: string };

export function parseGenerationEvent(data: string): GenerationEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || !("type" in value)) return null;
  return value.type === "generation" || value.type === "deleted" || value.type === "upstream" ? (value as GenerationEvent) : null;
}

function canShare(): boolean {
  return typeof BroadcastChannel !== "undefined" && typeof navigator !== "undefined" && typeof navigator.locks?.request === "function";
}

/**
 * The browser's live connection. A browser opens at most six connections per host, so every tab holding its own
 * stream hangs the seventh; instead one tab (the holder of a Web Lock; the next waiting tab takes over when it
 * closes) holds the stream and relays events and its state to the others over a BroadcastChannel. Where either
 * API is missing, the tab keeps its own stream and the lists' polling fallback covers the rest.
 */
export function openLiveLink(handlers: LiveLinkHandlers): () => void {
  return canShare() ? openSharedLink(handlers) : openOwnLink(handlers);
}

function openOwnLink(handlers: LiveLinkHandlers): () => void {
  handlers.onAnnouncer(true);
  return openEventStream(LIVE_EVENTS_PATH, {
    onMessage: (data) => {
      const event = parseGenerationEvent(data);
      if (event) handlers.onEvent(event);
    },
    onHeartbeat: () => {},
    onState: handlers.onState,
    onReopened: () => handlers.onEvent({ type: "reconnected" }),
  });
}

function openSharedLink(handlers: LiveLinkHandlers): () => void {
  const tab = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  const post = (message: LinkMessage) => channel.postMessage(message);
  let isClosed = false;
  let isLeader = false;
  let state: LiveState = "connecting";
  /** The leader heard from last, and the one whose stream this tab last knew open. */
  let knownLeader: string | null = null;
  let openLeader: string | null = null;
  let lastActiveAt = document.visibilityState === "visible" ? Date.now() : 0;
  let silence: ReturnType<typeof setTimeout> | undefined;
  let stopStream = () => {};
  let releaseLock = () => {};

  // Every tab, the leader included, moves through the same states; whatever made it miss events (a loss, or a
  // hand-off to a new leader that could not hear what was pushed before it connected) makes its lists catch up.
  const applyState = (leader: string, next: LiveState) => {
    const hasMissed = next === "open" && (state === "lost" || (openLeader !== null && openLeader !== leader));
    if (next === "open") openLeader = leader;
    if (next !== state) {
      state = next;
      handlers.onState(next);
    }
    if (hasMissed) handlers.onEvent({ type: "reconnected" });
  };

  const expectLeaderWithin = (ms: number) => {
    clearTimeout(silence);
    if (isLeader) return;
    silence = setTimeout(() => applyState(knownLeader ?? "", "lost"), ms);
  };

  // The leader picks the announcer: the tab the person looked at last, so exactly one tab speaks up.
  const activity = new Map<string, number>();
  let announcer: string | null = null;
  const pickAnnouncer = (mustTell: boolean) => {
    activity.set(tab, lastActiveAt);
    let best = tab;
    for (const [candidate, at] of activity) {
      const bestAt = activity.get(best) ?? 0;
      if (at > bestAt || (at === bestAt && candidate < best)) best = candidate;
    }
    if (best === announcer && !mustTell) return;
    announcer = best;
    post({ kind: "announcer", leader: tab, tab: best });
    handlers.onAnnouncer(best === tab);
  };

  const lead = () => {
    isLeader = true;
    clearTimeout(silence);
    knownLeader = tab;
    activity.clear();
    pickAnnouncer(true);
    stopStream = openEventStream(LIVE_EVENTS_PATH, {
      onMessage: (data) => {
        const event = parseGenerationEvent(data);
        if (!event) return;
        post({ kind: "event", leader: tab, event });
        handlers.onEvent(event);
      },
      onHeartbeat: () => post({ kind: "state", leader: tab, state }),
      onState: (next) => {
        post({ kind: "state", leader: tab, state: next });
        applyState(tab, next);
      },
      onReopened: () => {},
    });
  };

  channel.onmessage = (message: MessageEvent<LinkMessage>) => {
    const data = message.data;
    if (isLeader) {
      if (data.kind === "hello" || data.kind === "active") activity.set(data.tab, data.at);
      else if (data.kind === "gone") activity.delete(data.tab);
      else return;
      if (data.kind === "hello") post({ kind: "state", leader: tab, state });
      pickAnnouncer(data.kind === "hello");
      return;
    }
    if (!("leader" in data)) return;
    expectLeaderWithin(SILENCE_TIMEOUT_MS);
    if (data.leader !== knownLeader) {
      knownLeader = data.leader;
      // A new leader knows nothing of this tab yet: tell it when the person last looked here.
      post({ kind: "active", tab, at: lastActiveAt });
    }
    if (data.kind === "state") applyState(data.leader, data.state);
    else if (data.kind === "event") handlers.onEvent(data.event);
    else handlers.onAnnouncer(data.tab === tab);
  };

  const markActive = () => {
    if (document.visibilityState !== "visible") return;
    lastActiveAt = Date.now();
    if (isLeader) pickAnnouncer(false);
    else post({ kind: "active", tab, at: lastActiveAt });
  };
  const onPageHide = () => post({ kind: "gone", tab });
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) post({ kind: "hello", tab, at: lastActiveAt });
  };
  window.addEventListener("focus", markActive);
  document.addEventListener("visibilitychange", markActive);
  window.addEventListener("pagehide", onPageHide);
  window.addEventListener("pageshow", onPageShow);

  handlers.onAnnouncer(false);
  handlers.onState("connecting");
  expectLeaderWithin(CONNECT_TIMEOUT_MS);
  post({ kind: "hello", tab, at: lastActiveAt });

  const abort = new AbortController();
  navigator.locks
    .request(LEADER_LOCK, { signal: abort.signal }, () => {
      if (isClosed) return;
      lead();
      // Held until this tab closes; the browser then grants it to the next waiting tab.
      return new Promise<void>((resolve) => {
        releaseLock = resolve;
      });
    })
    .catch(() => {
      // Aborted: the tab closed while another one led.
    });

  return () => {
    isClosed = true;
    onPageHide();
    abort.abort();
    releaseLock();
    stopStream();
    clearTimeout(silence);
    window.removeEventListener("focus", markActive);
    document.removeEventListener("visibilitychange", markActive);
    window.removeEventListener("pagehide", onPageHide);
    window.removeEventListener("pageshow", onPageShow);
    channel.close();
  };
}
