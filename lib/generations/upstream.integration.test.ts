import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect, it } from "vitest";

// Demo mode whose simulator port is taken at first: the failure must not be remembered for ever.
let blocker: net.Server;
let port: number;

beforeAll(async () => {
  blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  port = (blocker.address() as net.AddressInfo).port;
  Object.assign(process.env, {
    LUMA_API_KEY: "",
    DEMO_SIMULATOR_PORT: String(port),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "luma-provider-")),
    LOG_LEVEL: "silent",
    MAX_IN_FLIGHT: "100",
    CREATE_RATE_LIMIT_PER_MINUTE: "1000",
  });
});

afterAll(async () => {
  const { ensureDemoUpstream } = await import("@/lib/demo/demo-simulator");
  await (await ensureDemoUpstream().catch(() => null))?.simulator.close();
  blocker.close();
});

it("a demo simulator that could not start is retried by the next request, and the refusal leaves no row", async () => {
  const route = await import("@/app/api/generations/route");
  const { ACCESS_COOKIE, getAccessToken } = await import("@/lib/auth/access-token");
  // What the owner's browser sends past the front door.
  const door = { host: "127.0.0.1:3000", cookie: `${ACCESS_COOKIE}=${getAccessToken()}` };
  const post = () =>
    route.POST(
      new NextRequest("http://app.test/api/generations", {
        method: "POST",
        headers: { ...door, "content-type": "application/json" },
        body: JSON.stringify({ prompt: "after the port frees up", aspectRatio: "16:9" }),
      }),
    );

  const refused = await post();
  expect(refused.status).toBe(502);
  const body = await refused.json();
  expect(body.error.code).toBe("upstream_unavailable");
  expect(body.error.message).toContain(`port ${port} is already in use`);
  expect((await (await route.GET(new NextRequest("http://app.test/api/generations", { headers: door }))).json()).items).toEqual([]);

  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  const created = await post();
  expect(created.status).toBe(201);
  expect((await created.json()).upstreamId).toEqual(expect.any(String));
});
