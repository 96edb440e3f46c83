import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

/**
 * The simulator delivers notify_hook callbacks over real HTTP to a tiny relay, which hands them to
 * our route handler: the same path a gateway's callback takes through `next start`.
 */
let h: Harness;
let relay: http.Server;
const received: Array<{ path: string; status: number }> = [];

beforeAll(async () => {
  relay = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/api\/callbacks\/luma\/([^/]+)\/([^/?]+)$/.exec(req.url ?? "");
    if (!match) return void res.writeHead(404).end();
    const response = await h.callback(match[1] as string, match[2] as string, Buffer.concat(chunks).toString());
    received.push({ path: req.url ?? "", status: response.status });
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const port = (relay.address() as AddressInfo).port;
  h = await startHarness({ env: { PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, UNKNOWN_OUTCOME_GRACE_MINUTES: "5" } });
});
afterAll(async () => {
  await h.close();
  relay.close();
});
beforeEach(() => {
  h.sim.reset();
  received.length = 0;
});

const create = async (prompt: string) => (await h.create({ aspectRatio: "1:1", expandPrompt: true, loop: false, prompt })).json();

describe("notify_hook receiver", () => {
  it("sends a per-generation secret URL and accepts the gateway's callbacks", async () => {
    const body = await create("with callbacks");
    await h.waitFor(body.id, (g) => g.state === "completed");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.sim.stats().callbacksSent).toBeGreaterThan(0);
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((r) => r.status === 200 && r.path.startsWith(`/api/callbacks/luma/${body.id}/`))).toBe(true);
  });

  it("rejects a wrong or missing secret with 401 and changes nothing", async () => {
    const body = await create("wrong secret [sim:stuck]");
    const before = await (await h.get(body.id)).json();
    for (const secret of ["x".repeat(32), "short", ""]) {
      const response = await h.callback(body.id, secret, { id: before.upstreamId, state: "completed" });
      expect(response.status).toBe(401);
    }
    expect((await h.callback("00000000-0000-4000-8000-000000000000", "y".repeat(32), {})).status).toBe(401);
    const after = await (await h.get(body.id)).json();
    expect(after.state).toBe(before.state);
    expect(after.upstreamId).toBe(before.upstreamId);
  });

  it("checks the secret before reading a byte, and reads at most 64 KB of a genuine callback", async () => {
    const body = await create("a callback with a huge body");
    await h.waitFor(body.id, (g) => g.state === "completed");
    const genuine = received.find((r) => r.path.startsWith(`/api/callbacks/luma/${body.id}/`));
    const secret = genuine?.path.split("/").at(-1) ?? "";
    expect(secret).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    const route = await import("@/app/api/callbacks/luma/[id]/[secret]/route");
    const chunk = 16 * 1024;
    for (const [given, status, mostPulled] of [
      ["x".repeat(32), 401, 2 * chunk],
      [secret, 200, 64 * 1024 + 2 * chunk],
    ] as const) {
      // 50 MB, counted as the route pulls it.
      let pulled = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += chunk;
          controller.enqueue(new Uint8Array(chunk).fill(0x20));
          if (pulled >= 50 * 1024 * 1024) controller.close();
        },
      });
      const request = new NextRequest(`http://app.test/api/callbacks/luma/${body.id}/${given}`, {
        method: "POST",
        headers: { ...h.door, "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as ConstructorParameters<typeof NextRequest>[1]);
      const response = await route.POST(request, { params: Promise.resolve({ id: body.id as string, secret: given }) });
      expect(response.status).toBe(status);
      expect(pulled).toBeLessThanOrEqual(mostPulled);
    }
  });

  it.each(["duplicate", "out_of_order"] as const)("%s callbacks are harmless", async (callbacks) => {
    h.sim.setScenario({ callbacks });
    const body = await create(`callbacks ${callbacks}`);
    const done = await h.waitFor(body.id, (g) => g.state === "completed" && g.isArchived === true);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const later = await (await h.get(body.id)).json();
    expect(later.state).toBe("completed");
    expect(later.completedAt).toBe(done.completedAt);
    expect(received.length).toBeGreaterThan(callbacks === "duplicate" ? 1 : 0);
    expect(received.map((r) => r.status)).toEqual(received.map(() => 200));
  });

  it("a create whose answer was lost is resolved by the job's own callback", async () => {
    h.sim.setScenario({ createResetConnection: true });
    const response = await h.create({ aspectRatio: "1:1", expandPrompt: true, loop: false, prompt: "lost but called back" });
    expect(response.status).toBe(202);
    const body = await response.json();
    // A callback can come, so it waits, explained the same way as a settled one meanwhile.
    expect(body).toMatchObject({ state: "unknown", failureCode: "outcome_unknown" });
    expect(body.failureReason).toMatch(/connection broke/);
    h.sim.reset();
    const done = await h.waitFor(body.id, (g) => g.state === "completed", 20_000);
    expect(done).toMatchObject({ upstreamId: expect.any(String), failureCode: null, failureReason: null });
    expect(h.sim.stats().creates).toBe(0);
  });
});
