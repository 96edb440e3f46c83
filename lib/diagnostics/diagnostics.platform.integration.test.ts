import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, TEST_KEY, type Harness } from "@/test/harness";

/**
 * `GET /api/diagnostics` with a gateway key and PUBLIC_BASE_URL. The public address is a small HTTP server in
 * front of the studio's callback route (as a reverse proxy would be), so the probe makes a real round trip.
 */
let h: Harness;
let front: http.Server;
let isForwarding = true;

async function diagnostics(): Promise<{ status: number; text: string; json: Record<string, Record<string, unknown>> }> {
  const { GET } = await import("@/app/api/diagnostics/route");
  const response = await GET();
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

beforeAll(async () => {
  front = http.createServer((req, res) => {
    if (!isForwarding) {
      res.writeHead(404).end("not here");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const [, , , , id = "", secret = ""] = (req.url ?? "").split("/");
      const { POST } = await import("@/app/api/callbacks/luma/[id]/[secret]/route");
      const request = new NextRequest(`http://studio.test${req.url}`, {
        method: "POST",
        headers: { host: String(req.headers.host), "content-type": "application/json" },
        body: Buffer.concat(chunks),
      });
      const answer = await POST(request, { params: Promise.resolve({ id, secret }) });
      res.writeHead(answer.status).end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const publicUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  h = await startHarness({ provider: "platform", profile: "yutoai", env: { PUBLIC_BASE_URL: publicUrl, ALLOW_OPEN_ACCESS: "true" } });
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => front.close(resolve));
});

describe("diagnostics through a gateway", () => {
  it("a good key passes with one status call, shows the profile and never the key; the callback probe comes back", async () => {
    const before = h.sim.requests().length;
    const { status, text, json } = await diagnostics();
    expect(status).toBe(200);
    expect(json.setup).toMatchObject({ provider: "platform", profile: "yutoai", label: "yutoai", isDemo: false, address: h.sim.url, callbacks: true });
    expect(json.key).toEqual({ status: "passed", code: "ok", detail: null });
    expect(json.balance).toEqual({ status: "not_run", code: "none" });
    expect(json.callback).toMatchObject({ status: "passed", code: "ok", url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/callbacks\/$/) });
    const calls = h.sim.requests().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.key).toMatch(/^GET \/luma\/generations\//);
    expect(text).not.toContain(TEST_KEY);
    expect(text).not.toContain(TEST_KEY.slice(-4));
  });

  it("a refused key fails with what to change, still without the key", async () => {
    h.sim.setScenario({ unauthorizedAfter: 0 });
    try {
      const { text, json } = await diagnostics();
      expect(json.key).toMatchObject({ status: "failed", code: "auth", detail: expect.stringMatching(/Check LUMA_API_KEY/) });
      expect(text).not.toContain(TEST_KEY);
    } finally {
      h.sim.setScenario({ unauthorizedAfter: null });
    }
  });

  it("an unreachable gateway is told apart from a refused key", async () => {
    h.sim.setScenario({ dropConnections: true });
    try {
      expect((await diagnostics()).json.key).toMatchObject({ status: "failed", code: "network" });
    } finally {
      h.sim.setScenario({ dropConnections: false });
    }
  });

  it("a public address that does not lead back to this studio fails the round trip", async () => {
    isForwarding = false;
    try {
      expect((await diagnostics()).json.callback).toMatchObject({ status: "failed", code: "failed", detail: expect.stringMatching(/HTTP 404/) });
    } finally {
      isForwarding = true;
    }
  });

  it("the probe's path refuses a secret it did not hand out, like any unknown callback", async () => {
    const response = await h.callback("diagnostics-probe", "a".repeat(32), {});
    expect(response.status).toBe(401);
  });
});
