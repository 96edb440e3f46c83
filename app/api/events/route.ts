import { subscribe } from "@/lib/generations/events";
import { getUpstreamStatus } from "@/lib/generations/upstream-health";
import { HEARTBEAT_EVENT, HEARTBEAT_MS } from "@/lib/live-stream";

export const dynamic = "force-dynamic";

/** Server-Sent Events: every generation change and upstream health change, pushed to open pages. */
export function GET(request: Request): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send(`retry: 3000\ndata: ${JSON.stringify({ type: "upstream", status: getUpstreamStatus() })}\n\n`);
      const unsubscribe = subscribe((event) => send(`data: ${JSON.stringify(event)}\n\n`));
      // A named event (comments never reach the page) also keeps proxies from closing an idle connection.
      const heartbeat = setInterval(() => send(`event: ${HEARTBEAT_EVENT}\ndata: 1\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
