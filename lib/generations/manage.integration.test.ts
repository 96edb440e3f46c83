import fs from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

let h: Harness;
let done: { id: string; lastFrameUrl: string; prompt: string };
const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
  const routes = {
    item: await import("@/app/api/generations/[id]/route"),
    details: await import("@/app/api/generations/[id]/details/route"),
    extend: await import("@/app/api/generations/[id]/extend/route"),
    bulk: await import("@/app/api/generations/bulk-delete/route"),
    zip: await import("@/app/api/generations/zip/route"),
    uploads: await import("@/app/api/uploads/route"),
    upload: await import("@/app/api/uploads/[name]/route"),
  };
  const init: NonNullable<ConstructorParameters<typeof NextRequest>[1]> = {
    method,
    headers: { ...h.door, ...(body !== undefined && !(body instanceof Uint8Array) ? { "content-type": "application/json" } : {}), ...headers },
  };
  if (body !== undefined) init.body = body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body);
  const request = new NextRequest(`http://app.test${url}`, init);
  const [, , , a = "", b] = url.split(/[/?]/);
  const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });
  if (url.startsWith("/api/uploads/")) return routes.upload.GET(request, params({ name: a }));
  if (url === "/api/uploads") return routes.uploads.POST(request);
  if (url === "/api/generations/bulk-delete") return routes.bulk.POST(request);
  if (url.startsWith("/api/generations/zip")) return routes.zip.GET(request);
  if (b === "details") return routes.details.GET(request, params({ id: a }));
  if (b === "extend") return routes.extend.POST(request, params({ id: a }));
  const handler = routes.item[method as "GET" | "PATCH" | "DELETE"];
  return handler(request, params({ id: a }));
};

const png = fs.readFileSync(path.join(process.cwd(), "test", "fixtures", "frame.png"));

beforeAll(async () => {
  h = await startHarness();
  const created = await (await h.create({ prompt: "a lantern festival over a river", aspectRatio: "16:9" })).json();
  done = (await h.waitFor(created.id, (g) => g.isArchived === true)) as typeof done;
});
afterAll(() => h.close());

describe("actions", () => {
  it("likes and unlikes; rejects a malformed body", async () => {
    expect((await (await call("PATCH", `/api/generations/${done.id}`, { liked: true })).json()).liked).toBe(true);
    expect((await (await call("PATCH", `/api/generations/${done.id}`, { liked: false })).json()).liked).toBe(false);
    expect((await call("PATCH", `/api/generations/${done.id}`, { liked: "yes" })).status).toBe(400);
    expect((await call("PATCH", `/api/generations/${done.id}`, { liked: true, state: "completed" })).status).toBe(400);
  });

  it("details carry the state timeline, the raw upstream JSON and the parent", async () => {
    const details = await (await call("GET", `/api/generations/${done.id}/details`)).json();
    expect(details.events.map((e: { state: string }) => e.state)).toEqual(expect.arrayContaining(["submitting", "queued", "completed"]));
    expect(details.rawUpstream).toMatchObject({ state: "completed" });
    expect(details.parent).toBeNull();
  });

  it("extends a finished video into a new generation linked to its parent", async () => {
    const response = await call(
      "POST",
      `/api/generations/${done.id}/extend`,
      { prompt: "the lanterns rise into the clouds" },
      { "idempotency-key": "extend-key-0001" },
    );
    expect(response.status).toBe(201);
    const child = await response.json();
    expect(child).toMatchObject({ parentId: done.id, aspectRatio: "16:9" });
    expect(h.sim.stats().extends).toBe(1);
    await h.waitFor(child.id, (g) => g.state === "completed");
    const details = await (await call("GET", `/api/generations/${child.id}/details`)).json();
    expect(details.parent.id).toBe(done.id);
    const replay = await call(
      "POST",
      `/api/generations/${done.id}/extend`,
      { prompt: "the lanterns rise into the clouds" },
      { "idempotency-key": "extend-key-0001" },
    );
    expect((await replay.json()).id).toBe(child.id);
    expect(h.sim.stats().extends).toBe(1);
  });

  it("refuses to extend an unfinished video", async () => {
    const running = await (await h.create({ prompt: "still going [sim:stuck]" })).json();
    const response = await call("POST", `/api/generations/${running.id}/extend`, { prompt: "more" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/finished video/);
  });

  it("continues from the last frame: our own frame path is accepted and sent inline", async () => {
    const response = await h.create({ prompt: "continue the shot", imageUrl: `/api/generations/${done.id}/media/last-frame` });
    expect(response.status).toBe(201);
    const next = await response.json();
    expect(next.imageUrl).toBe(`/api/generations/${done.id}/media/last-frame`);
    const { prepareFrame } = await import("@/lib/generations/frames");
    const prepared = await prepareFrame(next.imageUrl);
    expect(prepared?.upstream).toMatch(/^data:image\/jpeg;base64,\/9j\//);
  });
});

describe("the user's own frames", () => {
  it("uploads an image, serves it back, and uses it as a start frame", async () => {
    const upload = await call("POST", "/api/uploads", new Uint8Array(png), { "content-type": "image/png" });
    expect(upload.status).toBe(201);
    const { url } = await upload.json();
    expect(url).toMatch(/^\/api\/uploads\/[a-f0-9]{64}\.png$/);
    const served = await call("GET", url);
    expect(served.headers.get("content-type")).toBe("image/png");
    const created = await (await h.create({ prompt: "from my own picture", imageUrl: url })).json();
    expect(created.imageUrl).toBe(url);
  });

  it("stores an inline data: URI and keeps a path to it", async () => {
    const dataUri = `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
    const created = await (await h.create({ prompt: "inline frame", imageEndUrl: dataUri })).json();
    expect(created.imageEndUrl).toMatch(/^\/api\/uploads\/[a-f0-9]{64}\.png$/);
  });

  it("refuses what is not an image, and unknown frame paths", async () => {
    expect((await call("POST", "/api/uploads", new TextEncoder().encode("<svg/>"), { "content-type": "image/png" })).status).toBe(400);
    expect((await call("POST", "/api/uploads", new TextEncoder().encode("hello"), { "content-type": "text/plain" })).status).toBe(415);
    const missing = await h.create({ prompt: "ghost frame", imageUrl: `/api/uploads/${"0".repeat(64)}.png` });
    expect(missing.status).toBe(400);
  });
});

describe("bulk", () => {
  it("zips the selection's videos and bulk-deletes rows and media", async () => {
    const other = await (await h.create({ prompt: "一只猫在月球上跳舞", aspectRatio: "1:1" })).json();
    await h.waitFor(other.id, (g) => g.isArchived === true);
    const zip = await call("GET", `/api/generations/zip?ids=${done.id},${other.id}`);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const names = Object.keys(entries);
    expect(names).toHaveLength(2);
    expect(names.some((name) => name.includes("猫"))).toBe(true);
    for (const bytes of Object.values(entries)) expect(new TextDecoder().decode(bytes.slice(4, 8))).toBe("ftyp");

    const result = await (await call("POST", "/api/generations/bulk-delete", { ids: [other.id, "00000000-0000-0000-0000-000000000000"] })).json();
    expect(result.deleted).toEqual([other.id]);
    expect((await h.get(other.id)).status).toBe(404);
    expect(fs.existsSync(path.join(h.dataDir, "media", "gen", other.id))).toBe(false);
    expect((await call("POST", "/api/generations/bulk-delete", { ids: [] })).status).toBe(400);
  });

  it("deletes one generation with its media", async () => {
    const doomed = await (await h.create({ prompt: "short lived" })).json();
    await h.waitFor(doomed.id, (g) => g.isArchived === true);
    expect((await call("DELETE", `/api/generations/${doomed.id}`)).status).toBe(204);
    expect((await call("DELETE", `/api/generations/${doomed.id}`)).status).toBe(404);
    expect((await h.media(doomed.id, "video")).status).toBe(404);
  });
});
