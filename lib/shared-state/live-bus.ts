import "server-only";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { Client, type Pool } from "pg";
import type { Generation, GenerationEvent } from "@/lib/generations/types";
import { log } from "@/lib/log";
import { DATABASE_WAIT_MS } from "./pool";

type Listener = (event: GenerationEvent) => void;

/** Fan-out of live events to the open event streams: of this process alone, or of every app instance. */
export interface LiveBus {
  /** Delivered to this process's listeners at once, and to every other instance's shortly after. */
  publish(event: GenerationEvent): void;
  subscribe(listener: Listener): () => void;
  /** Tells the other instances that a session signed out, so they close its live streams too. */
  shareSignOut(sessionId: string): void;
  /**
   * Resolves once this instance hears the other instances (again, after a lost connection); at once for a bus
   * of one process. A live stream answered before then looks open to the browser while it misses their events.
   */
  whenListening(): Promise<void>;
  close(): Promise<void>;
}

function localFanOut() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    emit: (event: GenerationEvent) => void emitter.emit("event", event),
    subscribe: (listener: Listener) => {
      emitter.on("event", listener);
      return () => void emitter.off("event", listener);
    },
  };
}

export function createMemoryLiveBus(): LiveBus {
  const local = localFanOut();
  // One process: the sign-out already closed its streams here, and there is nobody else to tell.
  return { publish: local.emit, subscribe: local.subscribe, shareSignOut: () => {}, whenListening: () => Promise.resolve(), close: async () => {} };
}

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; this leaves room to spare. */
export const MAX_NOTIFY_BYTES = 7_500;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;
const CLOSE_GRACE_MS = 1_000;

/** On the wire: the event itself when it fits, else the generation's id for the receiver to read; or a sign-out. */
type Wire = { origin: string; event: GenerationEvent } | { origin: string; generationId: string } | { origin: string; signedOut: string };

export type PgLiveBusOptions = {
  connectionString: string;
  /** Where NOTIFY is sent from: any pooled connection will do. */
  publisher: () => Promise<Pool>;
  /** Reads a generation whose event was too large to send whole; null when it is gone. */
  readGeneration: (id: string) => Promise<Generation | null>;
  /** Another instance signed this session out. */
  onSignOut: (sessionId: string) => void;
  /** Listening again after a lost connection: whatever other instances sent meanwhile was missed. */
  onResumed: () => void;
  channel?: string;
};

export type PgLiveBus = LiveBus & {
  /** The listening connection's backend process id, so tests can cut it. */
  listenerPid(): number | null;
};

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve, isResolved: false };
}

/**
 * LISTEN/NOTIFY across app instances. Each instance keeps one dedicated listening connection (NOTIFY needs a
 * session, so it cannot come from a pool) and reconnects with backoff when it drops. An instance hears its own
 * notifications too; it skips them by origin, since it already delivered its events locally when publishing.
 * Publishing and receiving each run one at a time, so a generation's updates arrive in the order they happened.
 */
export function createPgLiveBus(options: PgLiveBusOptions): PgLiveBus {
  const channel = options.channel ?? "luma_live";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`Invalid live channel name: ${channel}`);
  const origin = randomUUID();
  const local = localFanOut();
  let client: Client | null = null;
  let backendPid: number | null = null;
  let listening = deferred();
  let retryMs = RETRY_MIN_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  let isClosed = false;
  let hasListened = false;
  let outgoing = Promise.resolve();
  let incoming = Promise.resolve();

  function encode(event: GenerationEvent): string | null {
    const whole = JSON.stringify({ origin, event } satisfies Wire);
    if (Buffer.byteLength(whole) <= MAX_NOTIFY_BYTES) return whole;
    if (event.type === "generation") return JSON.stringify({ origin, generationId: event.generation.id } satisfies Wire);
    log.warn("live event too large to share with other instances", { type: event.type });
    return null;
  }

  function receive(payload: string | undefined): void {
    let wire: Wire;
    try {
      wire = JSON.parse(payload ?? "") as Wire;
    } catch {
      return;
    }
    if (wire.origin === origin) return;
    incoming = incoming
      .then(async () => {
        if ("event" in wire) return local.emit(wire.event);
        if ("signedOut" in wire) return options.onSignOut(wire.signedOut);
        const generation = await options.readGeneration(wire.generationId);
        if (generation) local.emit({ type: "generation", generation });
      })
      .catch((error: unknown) => log.warn("live event from another instance dropped", { error: String(error) }));
  }

  function connect(): void {
    if (isClosed) return;
    const connection = new Client({ connectionString: options.connectionString, keepAlive: true, connectionTimeoutMillis: DATABASE_WAIT_MS });
    client = connection;
    let isDown = false;
    const down = (error?: Error) => {
      if (isDown) return;
      isDown = true;
      connection.removeAllListeners("notification");
      void connection.end().catch(() => {});
      if (client === connection) {
        client = null;
        backendPid = null;
      }
      if (isClosed) return;
      // Waiters from before the first success keep waiting on the same promise.
      if (listening.isResolved) listening = deferred();
      log.warn("live updates from other instances paused; reconnecting", { error: error?.message, retryMs });
      // Jitter, so instances that lost the database together do not all come back in the same instant.
      retryTimer = setTimeout(connect, retryMs * (0.5 + Math.random() / 2));
      retryTimer.unref();
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    };
    connection.on("error", down);
    connection.on("end", () => down());
    connection.on("notification", (message) => receive(message.payload));
    const listen = async () => {
      await connection.connect();
      await connection.query(`LISTEN ${channel}`);
      const { rows } = await connection.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      backendPid = rows[0]?.pid ?? null;
      retryMs = RETRY_MIN_MS;
      listening.isResolved = true;
      listening.resolve();
      if (hasListened) options.onResumed();
      hasListened = true;
    };
    listen().catch(down);
  }

  function notify(payload: string): void {
    outgoing = outgoing
      .then(async () => {
        await (await options.publisher()).query("SELECT pg_notify($1, $2)", [channel, payload]);
      })
      .catch((error: unknown) => log.warn("live event not shared with other instances", { error: String(error) }));
  }

  connect();

  return {
    publish(event) {
      local.emit(event);
      const payload = encode(event);
      if (payload !== null) notify(payload);
    },
    shareSignOut(sessionId) {
      notify(JSON.stringify({ origin, signedOut: sessionId } satisfies Wire));
    },
    subscribe: local.subscribe,
    whenListening: () => listening.promise,
    listenerPid: () => backendPid,
    async close() {
      isClosed = true;
      clearTimeout(retryTimer);
      // Queued notices get a moment to go out; an unreachable database must not hold a shutdown up.
      await Promise.race([outgoing, new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
      await client?.end().catch(() => {});
    },
  };
}
