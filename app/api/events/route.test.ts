import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HEARTBEAT_EVENT, HEARTBEAT_MS } from "@/lib/live-stream";
import type { LiveBus } from "@/lib/shared-state/live-bus";
import { DATABASE_WAIT_MS } from "@/lib/shared-state/pool";
import { GET } from "./route";

// The process's bus lives here (lib/generations/events.ts); a test puts one in that listens when it says so.
const busHolder = globalThis as typeof globalThis & { __lumaLiveBus?: LiveBus };
const busListeningWhen = (listening: Promise<void>): LiveBus => ({
  publish: () => {},
  subscribe: () => () => {},
  shareSignOut: () => {},
  whenListening: () => listening,
  close: async () => {},
});

afterEach(() => {
  vi.useRealTimers();
  busHolder.__lumaLiveBus = undefined;
});

describe("GET /api/events", () => {
  it("beats with a named event pages can hear, so a client can tell a quiet stream from a dead one", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const response = await GET(new NextRequest("http://localhost/api/events", { signal: controller.signal }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const next = async () => decoder.decode((await reader.read()).value);
    expect(await next()).toContain('"type":"upstream"');
    vi.advanceTimersByTime(HEARTBEAT_MS);
    // An SSE comment would never reach page code; a named event with data does.
    expect(await next()).toBe(`event: ${HEARTBEAT_EVENT}\ndata: 1\n\n`);
    controller.abort();
  });

  it("answers only once this instance hears the other instances, so a page never takes a deaf stream for live", async () => {
    let listen = () => {};
    busHolder.__lumaLiveBus = busListeningWhen(new Promise((resolve) => (listen = resolve)));
    const controller = new AbortController();
    let isAnswered = false;
    const answer = GET(new NextRequest("http://localhost/api/events", { signal: controller.signal })).then((response) => {
      isAnswered = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAnswered).toBe(false);
    listen();
    expect((await answer).status).toBe(200);
    controller.abort();
  });

  it("answers 503 when this instance cannot listen within the database wait, so the page's stream retries", async () => {
    vi.useFakeTimers();
    busHolder.__lumaLiveBus = busListeningWhen(new Promise(() => {}));
    const answer = GET(new NextRequest("http://localhost/api/events"));
    await vi.advanceTimersByTimeAsync(DATABASE_WAIT_MS);
    const response = await answer;
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
  });
});
