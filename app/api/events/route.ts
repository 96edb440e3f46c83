import type { NextRequest } from "next/server";
import { sessionFromRequest } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { isLiveBusListening, subscribe } from "@/lib/generations/events";
import { getUpstreamStatus } from "@/lib/luma/upstream-health";
import { withErrorHandling } from "@/lib/http";
import { HEARTBEAT_EVENT, HEARTBEAT_MS } from "@/lib/live-stream";
import { recordLimitRefusal } from "@/lib/ops/metrics";
import { securityConfig } from "@/lib/security/config";
import { clientAddress } from "@/lib/security/identity";
import { DATABASE_WAIT_MS } from "@/lib/shared-state/pool";
import { addressHolder, claimStreamSlot, MAX_STREAMS_PER_HOLDER, sessionHolder } from "@/lib/security/live-streams";

export const dynamic = "force-dynamic";

/** setTimeout's ceiling; a session that lasts longer is closed by a later timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Server-Sent Events: every generation change and upstream health change, pushed to open pages. A stream lives
 * no longer than the session it was opened with (sign-out and expiry close it), and each session (or, without
 * a password, each address) may hold only a few.
 */
export const GET = withErrorHandling(async (request: NextRequest) => {
  const session = securityConfig.isPasswordRequired ? await sessionFromRequest(request) : null;
  // proxy.ts already refused a request without a session; this is only ever reached with one.
  if (securityConfig.isPasswordRequired && !session) throw new AppError("unauthorized", "Sign in first: this studio is protected by a password.");
  const owner = session ? sessionHolder(session.id) : addressHolder(clientAddress(request));

  // The browser counts a stream as live from its first byte: answer only once every instance's events reach it.
  // Not yet (the database is slow or down): 503, and the page's stream retries with backoff.
  if (!(await isLiveBusListening(DATABASE_WAIT_MS))) return new Response(null, { status: 503, headers: { "Retry-After": "1", "Cache-Control": "no-store" } });

  const encoder = new TextEncoder();
  let end = () => {};
  const release = claimStreamSlot(owner, () => end());
  if (!release) {
    recordLimitRefusal("LIVE_STREAMS_PER_SESSION");
    throw new AppError("rate_limited", `This session already has ${MAX_STREAMS_PER_HOLDER} live connections open. Close some tabs, or reload one of them.`, {
      retryAfterSeconds: 30,
    });
  }

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end();
        }
      };
      send(`retry: 3000\ndata: ${JSON.stringify({ type: "upstream", status: getUpstreamStatus() })}\n\n`);
      const unsubscribe = subscribe((event) => send(`data: ${JSON.stringify(event)}\n\n`));
      // A named event (comments never reach the page) also keeps proxies from closing an idle connection.
      const heartbeat = setInterval(() => send(`event: ${HEARTBEAT_EVENT}\ndata: 1\n\n`), HEARTBEAT_MS);
      let expiry: NodeJS.Timeout | undefined;
      const closeAtExpiry = () => {
        if (!session) return;
        const left = session.expiresAt * 1000 - Date.now();
        expiry = setTimeout(left > MAX_TIMER_MS ? closeAtExpiry : () => end(), Math.max(0, Math.min(left, MAX_TIMER_MS)));
        expiry.unref();
      };
      closeAtExpiry();
      let isEnded = false;
      end = () => {
        if (isEnded) return;
        isEnded = true;
        clearInterval(heartbeat);
        clearTimeout(expiry);
        unsubscribe();
        release();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      request.signal.addEventListener("abort", () => end());
    },
    cancel() {
      end();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
