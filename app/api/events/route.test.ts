import { afterEach, describe, expect, it, vi } from "vitest";
import { HEARTBEAT_EVENT, HEARTBEAT_MS } from "@/lib/live-stream";
import { GET } from "./route";

afterEach(() => {
  vi.useRealTimers();
});

describe("GET /api/events", () => {
  it("beats with a named event pages can hear, so a client can tell a quiet stream from a dead one", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const response = await GET(new Request("http://localhost/api/events", { signal: controller.signal }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const next = async () => decoder.decode((await reader.read()).value);
    expect(await next()).toContain('"type":"upstream"');
    vi.advanceTimersByTime(HEARTBEAT_MS);
    // An SSE comment would never reach page code; a named event with data does.
    expect(await next()).toBe(`event: ${HEARTBEAT_EVENT}\ndata: 1\n\n`);
    controller.abort();
  });
});
