import "server-only";
import http from "node:http";
import { closeStore } from "@/lib/db/store";
import { env } from "@/lib/env";
import { closeLiveBus } from "@/lib/generations/events";
import { stopReconciler } from "@/lib/jobs/reconciler";
import { log } from "@/lib/log";
import { closeAllStreams } from "@/lib/security/live-streams";
import { closeSharedStatePool } from "@/lib/shared-state/pool";
import { isShuttingDown, markShuttingDown } from "./shutdown-state";

/**
 * Graceful shutdown on SIGTERM (and SIGINT): readiness turns 503, the listening sockets close (no new
 * connections), the reconciler takes no new work, live-event streams end; requests in flight and the status
 * checks and archive copies already running finish, up to SHUTDOWN_TIMEOUT_SECONDS; then the database is
 * closed and the process exits 0. A second signal exits at once.
 *
 * Next's own handler (`next start`, the standalone server.js) would close the server and exit 143 as soon as
 * the requests are done, killing archive downloads mid-file: it is replaced by this one.
 */
type Tracked = { servers: Set<http.Server>; inFlight: number };
const holder = globalThis as typeof globalThis & { __lumaShutdown?: Tracked };
const SIGNALS = ["SIGTERM", "SIGINT"] as const;
const POLL_MS = 50;

function listeningHttpServers(): http.Server[] {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles.filter((handle): handle is http.Server => handle instanceof http.Server && handle.listening);
}

/** Counts requests in flight on a server, from the moment it is found. */
function track(tracked: Tracked, server: http.Server): void {
  if (tracked.servers.has(server)) return;
  tracked.servers.add(server);
  server.on("request", (_request: http.IncomingMessage, response: http.ServerResponse) => {
    tracked.inFlight += 1;
    response.once("close", () => {
      tracked.inFlight -= 1;
    });
  });
}

export function installGracefulShutdown(): void {
  if (holder.__lumaShutdown) return;
  const tracked: Tracked = { servers: new Set(), inFlight: 0 };
  holder.__lumaShutdown = tracked;
  for (const server of listeningHttpServers()) track(tracked, server);
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => void shutDown(tracked, signal));
  }
}

async function shutDown(tracked: Tracked, signal: string): Promise<void> {
  if (isShuttingDown()) {
    log.warn("second signal during shutdown: exiting now", { signal });
    process.exit(1);
  }
  markShuttingDown();
  const startedAt = Date.now();
  const deadline = startedAt + env.SHUTDOWN_TIMEOUT_SECONDS * 1000;
  log.info("shutting down", { signal, timeoutSeconds: env.SHUTDOWN_TIMEOUT_SECONDS });

  // A custom server may have started listening after start-up: it stops accepting too.
  for (const server of listeningHttpServers()) track(tracked, server);
  const closed = [...tracked.servers].map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
  const streams = closeAllStreams();
  const reconciler = stopReconciler(Math.max(0, deadline - Date.now()));
  while (tracked.inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  const { unfinished } = await reconciler;
  const cutRequests = tracked.inFlight;
  // Keep-alive connections with nothing in flight would hold close() open; whatever still runs is cut here.
  for (const server of tracked.servers) server.closeAllConnections();
  await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 500))]);
  try {
    await closeStore();
  } catch (error) {
    log.error("closing the database failed", { error });
  }
  try {
    await closeLiveBus();
    await closeSharedStatePool();
  } catch (error) {
    log.error("closing the shared-state connections failed", { error });
  }
  const fields = { elapsedMs: Date.now() - startedAt, streamsClosed: streams, requestsCut: cutRequests, workHandedBack: unfinished.length };
  if (cutRequests > 0 || unfinished.length > 0) log.warn("shut down at the timeout", fields);
  else log.info("shut down cleanly", fields);
  process.exit(0);
}
