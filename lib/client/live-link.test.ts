import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CONNECT_TIMEOUT_MS, SILENCE_TIMEOUT_MS, openEventStream } from "./event-stream";
import { openLiveLink, type LiveEvent, type LiveState } from "./live-link";

/** Stands in for the browser's EventSource: the test opens, feeds and breaks each connection by hand. */
class FakeEventSource {
  static all: FakeEventSource[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: MessageEvent<string>) => void) | null = null;
  onerror: (() => void) | null = null;
  isClosed = false;
  private named = new Map<string, () => void>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(name: string, listener: () => void) {
    this.named.set(name, listener);
  }
  close() {
    this.isClosed = true;
  }
  open() {
    this.onopen?.();
  }
  send(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
  beat() {
    this.named.get("heartbeat")?.();
  }
  static live(): FakeEventSource[] {
    return FakeEventSource.all.filter((source) => !source.isClosed);
  }
}

/** Web Locks, exclusive mode only: one holder per name, the others wait in order; a signal withdraws a request. */
class FakeLocks {
  private queues = new Map<string, Array<{ grant: () => void; signal?: AbortSignal }>>();
  private held = new Set<string>();
  request(name: string, options: { signal?: AbortSignal }, callback: () => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      const entry = {
        signal: options.signal,
        grant: () => {
          this.held.add(name);
          void Promise.resolve(callback()).then((value) => {
            this.held.delete(name);
            resolve(value);
            this.next(name);
          });
        },
      };
      options.signal?.addEventListener("abort", () => {
        const index = queue.indexOf(entry);
        if (index >= 0) queue.splice(index, 1);
        reject(new DOMException("aborted", "AbortError"));
      });
      queue.push(entry);
      this.next(name);
    });
  }
  private next(name: string) {
    if (this.held.has(name)) return;
    this.queues.get(name)?.shift()?.grant();
  }
}

function fakeDocument() {
  const target = new EventTarget();
  return Object.assign(target, { visibilityState: "visible" });
}

type Tab = { events: LiveEvent[]; states: LiveState[]; isAnnouncer: boolean; close: () => void };

function openTab(): Tab {
  const tab: Tab = { events: [], states: [], isAnnouncer: false, close: () => {} };
  tab.close = openLiveLink({
    onEvent: (event) => tab.events.push(event),
    onState: (state) => tab.states.push(state),
    onAnnouncer: (isAnnouncer) => {
      tab.isAnnouncer = isAnnouncer;
    },
  });
  return tab;
}

const generationEvent = { type: "deleted", id: "abc" } as const;
const reconnects = (tab: Tab) => tab.events.filter((event) => event.type === "reconnected").length;

beforeEach(() => {
  FakeEventSource.all = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  vi.stubGlobal("document", fakeDocument());
  vi.stubGlobal("window", new EventTarget());
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("openEventStream", () => {
  it("treats a stream that never answers, or goes quiet, as lost and opens a new one", () => {
    vi.useFakeTimers();
    const states: string[] = [];
    let reopened = 0;
    const close = openEventStream("/api/events", {
      onMessage: () => {},
      onHeartbeat: () => {},
      onState: (state) => states.push(state),
      onReopened: () => reopened++,
    });
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS);
    expect(states).toEqual(["connecting", "lost"]);
    expect(FakeEventSource.all[0]?.isClosed).toBe(true);
    vi.advanceTimersByTime(1_000);
    const second = FakeEventSource.live()[0];
    second?.open();
    expect(states.at(-1)).toBe("open");
    // Heartbeats keep it open; silence does not.
    vi.advanceTimersByTime(SILENCE_TIMEOUT_MS - 1);
    second?.beat();
    vi.advanceTimersByTime(SILENCE_TIMEOUT_MS - 1);
    expect(states.at(-1)).toBe("open");
    vi.advanceTimersByTime(1);
    expect(states.at(-1)).toBe("lost");
    vi.advanceTimersByTime(1_000);
    FakeEventSource.live()[0]?.open();
    expect(reopened).toBe(1);
    close();
    expect(FakeEventSource.live()).toHaveLength(0);
  });

  it("reopens after an error the browser would not retry", () => {
    vi.useFakeTimers();
    const states: string[] = [];
    openEventStream("/api/events", { onMessage: () => {}, onHeartbeat: () => {}, onState: (state) => states.push(state), onReopened: () => {} });
    FakeEventSource.all[0]?.open();
    FakeEventSource.all[0]?.onerror?.();
    expect(states).toEqual(["connecting", "open", "lost"]);
    vi.advanceTimersByTime(1_000);
    expect(FakeEventSource.live()).toHaveLength(1);
  });
});

describe("openLiveLink", () => {
  beforeEach(() => {
    vi.stubGlobal("navigator", { locks: new FakeLocks() });
  });

  it("shares one stream among tabs, and a new leader makes every tab catch up", async () => {
    const first = openTab();
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1));
    FakeEventSource.live()[0]?.open();
    const others = [openTab(), openTab()];
    await vi.waitFor(() => expect(others.every((tab) => tab.states.at(-1) === "open")).toBe(true));
    expect(FakeEventSource.all).toHaveLength(1);

    FakeEventSource.live()[0]?.send(generationEvent);
    await vi.waitFor(() => expect([first, ...others].every((tab) => tab.events.some((event) => event.type === "deleted"))).toBe(true));

    first.close();
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1));
    expect(FakeEventSource.all).toHaveLength(2);
    FakeEventSource.live()[0]?.open();
    // Whatever was pushed between the old leader closing and the new stream opening is gone: both tabs refetch.
    await vi.waitFor(() => expect(others.map(reconnects)).toEqual([1, 1]));
    FakeEventSource.live()[0]?.send(generationEvent);
    await vi.waitFor(() => expect(others.every((tab) => tab.events.filter((event) => event.type === "deleted").length === 2)).toBe(true));
    for (const tab of others) tab.close();
  });

  it("relays a lost stream, and its return, to every tab", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const leader = openTab();
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1));
    FakeEventSource.live()[0]?.open();
    const follower = openTab();
    await vi.waitFor(() => expect(follower.states.at(-1)).toBe("open"));
    FakeEventSource.live()[0]?.onerror?.();
    await vi.waitFor(() => expect(follower.states.at(-1)).toBe("lost"));
    vi.advanceTimersByTime(1_000);
    FakeEventSource.live()[0]?.open();
    await vi.waitFor(() => expect([leader, follower].map(reconnects)).toEqual([1, 1]));
    leader.close();
    follower.close();
  });

  it("lets exactly one tab announce: the one looked at last", async () => {
    const tabs = [openTab()];
    await vi.waitFor(() => expect(tabs[0]?.isAnnouncer).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    tabs.push(openTab());
    await vi.waitFor(() => expect(tabs.map((tab) => tab.isAnnouncer)).toEqual([false, true]));
    tabs[1]?.close();
    await vi.waitFor(() => expect(tabs[0]?.isAnnouncer).toBe(true));
    tabs[0]?.close();
  });

  it("keeps a stream of its own where tabs cannot talk to each other", async () => {
    vi.stubGlobal("BroadcastChannel", undefined);
    const tabs = [openTab(), openTab()];
    expect(FakeEventSource.all).toHaveLength(2);
    expect(tabs.every((tab) => tab.isAnnouncer)).toBe(true);
    for (const tab of tabs) tab.close();
  });
});

describe("openLiveLink without Web Locks (plain http on a LAN)", () => {
  beforeEach(() => {
    vi.stubGlobal("navigator", {});
  });

  it("still shares one stream, and the next tab takes over when the leader closes", async () => {
    const first = openTab();
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1), { timeout: 4_000 });
    FakeEventSource.live()[0]?.open();
    const others = [openTab(), openTab()];
    await vi.waitFor(() => expect(others.every((tab) => tab.states.at(-1) === "open")).toBe(true));
    // Long enough for a tab that heard no leader to have claimed.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(FakeEventSource.all).toHaveLength(1);

    first.close();
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1));
    FakeEventSource.live()[0]?.open();
    await vi.waitFor(() => expect(others.map(reconnects)).toEqual([1, 1]));
    FakeEventSource.live()[0]?.send(generationEvent);
    await vi.waitFor(() => expect(others.every((tab) => tab.events.some((event) => event.type === "deleted"))).toBe(true));
    expect(FakeEventSource.live()).toHaveLength(1);
    for (const tab of others) tab.close();
  });

  it("settles on one leader when tabs claim at the same moment", async () => {
    const tabs = [openTab(), openTab(), openTab()];
    await vi.waitFor(() => expect(FakeEventSource.all.length).toBeGreaterThan(0), { timeout: 4_000 });
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1));
    FakeEventSource.live()[0]?.open();
    await vi.waitFor(() => expect(tabs.every((tab) => tab.states.at(-1) === "open")).toBe(true));
    // A tab that claimed and stepped down stops announcing; the leader that stays names exactly one, for good.
    await vi.waitFor(() => expect(tabs.filter((tab) => tab.isAnnouncer)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(tabs.filter((tab) => tab.isAnnouncer)).toHaveLength(1);
    for (const tab of tabs) tab.close();
  });

  it("a tab that claimed and stepped down stops announcing, even when the leader that stays announces itself", async () => {
    // Every reading of the clock a millisecond later than the one before: the tabs open and claim in order, so
    // the last claim keeps the stream, and the last tab opened is also the one looked at last. The leader that
    // stays names itself, which changes nothing for it, so it tells nobody.
    const realNow = Date.now.bind(Date);
    let ticks = 0;
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + (ticks += 1));
    const tabs = [openTab(), openTab(), openTab()];
    // Their timers usually fire before any hears another's claim (three streams opened); the answer is the same if not.
    await vi.waitFor(() => expect(FakeEventSource.all.length).toBeGreaterThan(0), { timeout: 4_000 });
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1), { timeout: 4_000 });
    FakeEventSource.live()[0]?.open();
    await vi.waitFor(() => expect(tabs.every((tab) => tab.states.at(-1) === "open")).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(tabs.map((tab) => tab.isAnnouncer)).toEqual([false, false, true]);
    for (const tab of tabs) tab.close();
  });
});
