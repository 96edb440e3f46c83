import { HEARTBEAT_EVENT, HEARTBEAT_MS } from "@/lib/live-stream";

/** "connecting" until the first open; "lost" while the stream is down or has gone quiet; "open" while it beats. */
export type StreamState = "connecting" | "open" | "lost";

type StreamHandlers = {
  onMessage: (data: string) => void;
  /** The server's heartbeat: lets a tab that relays the stream prove to the others that it is still alive. */
  onHeartbeat: () => void;
  onState: (state: StreamState) => void;
  /** The stream opened again after being lost: whatever was pushed meanwhile is gone. */
  onReopened: () => void;
};

/** The first answer carries an event at once; a connection that shows nothing for this long is stuck. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Three heartbeats missed. */
export const SILENCE_TIMEOUT_MS = HEARTBEAT_MS * 3;
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000];

/**
 * One EventSource that never gives up and notices when it has silently died. The browser's own reconnect stops
 * for good after an HTTP error and never notices a stalled socket, so this closes and reopens the stream itself,
 * backing off up to a few seconds, whenever it errors or stays quiet too long.
 */
export function openEventStream(url: string, handlers: StreamHandlers): () => void {
  let source: EventSource | null = null;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let hasOpened = false;
  let isClosed = false;

  const expectWithin = (ms: number) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(fail, ms);
  };

  function fail() {
    if (isClosed) return;
    clearTimeout(watchdog);
    source?.close();
    source = null;
    handlers.onState("lost");
    const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
    failures += 1;
    retry = setTimeout(connect, delay);
  }

  function connect() {
    if (isClosed) return;
    const current = new EventSource(url);
    source = current;
    expectWithin(CONNECT_TIMEOUT_MS);
    current.onopen = () => {
      failures = 0;
      expectWithin(SILENCE_TIMEOUT_MS);
      handlers.onState("open");
      if (hasOpened) handlers.onReopened();
      hasOpened = true;
    };
    current.onmessage = (message: MessageEvent<string>) => {
      expectWithin(SILENCE_TIMEOUT_MS);
      handlers.onMessage(message.data);
    };
    current.addEventListener(HEARTBEAT_EVENT, () => {
      expectWithin(SILENCE_TIMEOUT_MS);
      handlers.onHeartbeat();
    });
    current.onerror = () => {
      if (source === current) fail();
    };
  }

  handlers.onState("connecting");
  connect();
  return () => {
    isClosed = true;
    clearTimeout(watchdog);
    clearTimeout(retry);
    source?.close();
    source = null;
  };
}
