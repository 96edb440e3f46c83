import type { GenerationEvent } from "@/lib/generations/types";
import { HEARTBEAT_MS, LIVE_EVENTS_PATH } from "@/lib/live-stream";
import { CONNECT_TIMEOUT_MS, SILENCE_TIMEOUT_MS, openEventStream, type StreamState } from "./event-stream";

/** What list views hear: every pushed event, plus a note that events were missed and lists may be stale. */
export type LiveEvent = GenerationEvent | { type: "reconnected" };
export type LiveState = StreamState;

type LiveLinkHandlers = {
  onEvent: (event: LiveEvent) => void;
  onState: (state: LiveState) => void;
  /** Whether this tab is the one that tells the person about finished jobs (toasts, system notifications). */
  onAnnouncer: (isAnnouncer: boolean) => void;
};

const CHANNEL_NAME = "luma-studio:live";
const LEADER_LOCK = "luma-studio:live-leader";
/** Without Web Locks: how long a new tab waits for a leader to answer before it leads itself. */
const LEADER_ANSWER_MS = 2_000;

/** Tabs talk over one BroadcastChannel; `leader` names the tab that holds the stream, `since` when it took it. */
type LinkMessage =
  | { kind: "state"; leader: string; since: number; state: LiveState }
  | { kind: "event"; leader: string; event: GenerationEvent }
  | { kind: "announcer"; leader: string; tab: string }
  | { kind: "hello"; tab: string; at: number }
  | { kind: "active"; tab: string; at: number }
  | { kind: "gone"; tab: string; successor?: string };

/** Web Locks elect the leader where they exist; plain http on a LAN is not a secure context and has none. */
type Election = "lock" | "lease";

function parseGenerationEvent(data: string): GenerationEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || !("type" in value)) return null;
  return value.type === "generation" || value.type === "deleted" || value.type === "upstream" ? (value as GenerationEvent) : null;
}

/**
 * The browser's live connection. A browser opens at most six connections per host, so every tab holding its own
 * stream hangs the seventh; instead one tab holds the stream and relays events and its state to the others over a
 * BroadcastChannel. The leader is the holder of a Web Lock (the next waiting tab takes over when it closes) or,
 * where Web Locks are missing (not a secure context), the tab that claimed last among those that heard no leader.
 * Without BroadcastChannel, the tab keeps its own stream and the lists' polling fallback covers the rest.
 */
export function openLiveLink(handlers: LiveLinkHandlers): () => void {
  if (typeof BroadcastChannel === "undefined") return openOwnLink(handlers);
  return openSharedLink(handlers, typeof navigator.locks?.request === "function" ? "lock" : "lease");
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

function openSharedLink(handlers: LiveLinkHandlers, election: Election): () => void {
  const tab = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  const post = (message: LinkMessage) => channel.postMessage(message);
  let isClosed = false;
  let isLeader = false;
  let leaderSince = 0;
  let state: LiveState = "connecting";
  /** The leader heard from last, and the one whose stream this tab last knew open. */
  let knownLeader: string | null = null;
  let openLeader: string | null = null;
  let lastActiveAt = document.visibilityState === "visible" ? Date.now() : 0;
  let silence: ReturnType<typeof setTimeout> | undefined;
  let beats: ReturnType<typeof setInterval> | undefined;
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

  // A follower that hears no leader for a while reports the stream lost; without Web Locks it leads instead.
  const expectLeaderWithin = (ms: number) => {
    clearTimeout(silence);
    if (isLeader || isClosed) return;
    silence = setTimeout(() => (election === "lease" ? lead() : applyState(knownLeader ?? "", "lost")), ms);
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

  const beat = () => post({ kind: "state", leader: tab, since: leaderSince, state });

  const lead = () => {
    if (isLeader || isClosed) return;
    isLeader = true;
    leaderSince = Date.now();
    clearTimeout(silence);
    knownLeader = tab;
    activity.clear();
    announcer = null;
    pickAnnouncer(true);
    // Without a lock, silence means "no leader": keep saying so during an outage too, not only on the server's beat.
    if (election === "lease") beats = setInterval(beat, HEARTBEAT_MS);
    stopStream = openEventStream(LIVE_EVENTS_PATH, {
      onMessage: (data) => {
        const event = parseGenerationEvent(data);
        if (!event) return;
        post({ kind: "event", leader: tab, event });
        handlers.onEvent(event);
      },
      onHeartbeat: beat,
      onState: (next) => {
        applyState(tab, next);
        beat();
      },
      onReopened: () => {},
    });
  };

  const stepDown = () => {
    isLeader = false;
    clearInterval(beats);
    stopStream();
    stopStream = () => {};
  };

  const follow = (data: Extract<LinkMessage, { leader: string }>) => {
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

  channel.onmessage = (message: MessageEvent<LinkMessage>) => {
    const data = message.data;
    if ("leader" in data) {
      if (isLeader) {
        // Two leaders happen only without a lock (two tabs claimed at once, or a leader the browser throttled in
        // the background was taken for gone): the later claim keeps the stream, the other follows it.
        if (data.kind !== "state") return;
        if (data.since < leaderSince || (data.since === leaderSince && data.leader < tab)) return beat();
        stepDown();
        // This tab named itself announcer when it claimed; the leader that stays names one again when it hears
        // from this tab (below), so until then nobody here speaks up twice.
        announcer = null;
        handlers.onAnnouncer(false);
      }
      follow(data);
      return;
    }
    if (isLeader) {
      // A tab heard for the first time may not know who announces (it led a moment ago, or just arrived): tell it.
      const isNew = !activity.has(data.tab);
      if (data.kind === "gone") activity.delete(data.tab);
      else activity.set(data.tab, data.at);
      if (data.kind === "hello") beat();
      pickAnnouncer(data.kind === "hello" || (data.kind === "active" && isNew));
    } else if (data.kind === "gone" && data.tab === knownLeader && election === "lease") {
      // The leader left and named who takes over; should that tab be gone too, another claims a little later.
      expectLeaderWithin(data.successor === tab ? 0 : 1_000 + Math.random() * 500);
    }
  };

  const markActive = () => {
    if (document.visibilityState !== "visible") return;
    lastActiveAt = Date.now();
    if (isLeader) pickAnnouncer(false);
    else post({ kind: "active", tab, at: lastActiveAt });
  };
  const onPageHide = () => {
    activity.delete(tab);
    const successor = isLeader ? [...activity].sort(([, a], [, b]) => b - a)[0]?.[0] : undefined;
    post({ kind: "gone", tab, successor });
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) post({ kind: "hello", tab, at: lastActiveAt });
  };
  window.addEventListener("focus", markActive);
  document.addEventListener("visibilitychange", markActive);
  window.addEventListener("pagehide", onPageHide);
  window.addEventListener("pageshow", onPageShow);

  handlers.onAnnouncer(false);
  handlers.onState("connecting");
  expectLeaderWithin(election === "lease" ? LEADER_ANSWER_MS : CONNECT_TIMEOUT_MS);
  post({ kind: "hello", tab, at: lastActiveAt });

  const abort = new AbortController();
  if (election === "lock") {
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
  }

  return () => {
    onPageHide();
    isClosed = true;
    abort.abort();
    releaseLock();
    stepDown();
    clearTimeout(silence);
    window.removeEventListener("focus", markActive);
    document.removeEventListener("visibilitychange", markActive);
    window.removeEventListener("pagehide", onPageHide);
    window.removeEventListener("pageshow", onPageShow);
    channel.close();
  };
}
