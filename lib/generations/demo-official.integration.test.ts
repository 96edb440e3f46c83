import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { frontDoorHeaders } from "@/test/harness";

// Demo mode with LUMA_PROVIDER=official: the in-process simulator serves Luma's API under /v1, so the whole
// official path (client, parser, lifecycle, archive) runs without a key.
beforeAll(() => {
  Object.assign(process.env, {
    LUMA_API_KEY: "",
    LUMA_PROVIDER: "official",
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "luma-demo-official-")),
    LOG_LEVEL: "silent",
    DISABLE_RECONCILER: "true",
  });
});

afterAll(async () => {
  const { ensureDemoUpstream } = await import("@/lib/demo/demo-simulator");
  await (await ensureDemoUpstream()).simulator.close();
});

it("creates through the demo simulator's Luma API routes", async () => {
  const route = await import("@/app/api/generations/route");
  const response = await route.POST(
    new NextRequest("http://app.test/api/generations", {
      method: "POST",
      headers: { ...(await frontDoorHeaders()), "content-type": "application/json" },
      body: JSON.stringify({ prompt: "a demo of Luma's API" }),
    }),
  );
  expect(response.status).toBe(201);
  expect(await response.json()).toMatchObject({ provider: "official", model: "ray-3.2", resolution: "720p", duration: "5s", upstreamId: expect.any(String) });
  const { ensureDemoUpstream } = await import("@/lib/demo/demo-simulator");
  const { simulator } = await ensureDemoUpstream();
  expect(simulator.requests({ route: "create" })).toEqual([
    expect.objectContaining({ key: "POST /v1/generations", body: expect.objectContaining({ model: "ray-3.2", type: "video" }) }),
  ]);
});
