import { randomUUID } from "node:crypto";
import { unzipSync } from "fflate";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

/** A selection as large as a person gets by scrolling far and pressing "Select all loaded". */
const SELECTION = 2_000;

let h: Harness;
let ids: string[] = [];
const routes = async () => ({
  bulk: await import("@/app/api/generations/bulk-delete/route"),
  zip: await import("@/app/api/generations/zip/route"),
  ticket: await import("@/app/api/generations/zip/[ticket]/route"),
});
const post = (url: string, body: unknown) =>
  new NextRequest(`http://app.test${url}`, {
    method: "POST",
    headers: { ...h.door, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const redeem = async (url: string) => {
  const ticket = url.split("/").at(-1) ?? "";
  return (await routes()).ticket.GET(new NextRequest(`http://app.test${url}`), { params: Promise.resolve({ ticket }) });
};

beforeAll(async () => {
  h = await startHarness();
  const created = await (await h.create({ prompt: "a lantern festival over a river" })).json();
  await h.waitFor(created.id, (g) => g.isArchived === true);
  // The seed script's trick: many rows sharing one archived clip, written straight to the database.
  const store = (await import("@/lib/db/store")).getStore();
  const source = await store.getGenerationById(created.id);
  if (!source) throw new Error("the archived source row is missing");
  ids = Array.from({ length: SELECTION }, () => randomUUID());
  await Promise.all(
    ids.map((id, n) =>
      store.insertGeneration({ ...source, id, upstreamId: randomUUID(), idempotencyKey: null, prompt: `bulk clip ${n}`, createdAt: source.createdAt - n - 1 }),
    ),
  );
});
afterAll(() => h.close());

// Two thousand rows zipped and deleted: about 20 s on a loaded 2-core machine; a timeout, not a budget.
describe("a selection of thousands", { timeout: 90_000 }, () => {
  it("zips every one: the ids go in a POST body, the zip streams from the ticket it answers", async () => {
    const { zip } = await routes();
    const answer = await zip.POST(post("/api/generations/zip", { ids }));
    expect(answer.status).toBe(201);
    const { url, count } = (await answer.json()) as { url: string; count: number };
    expect(count).toBe(SELECTION);
    expect(url).toMatch(/^\/api\/generations\/zip\/[A-Za-z0-9_-]{32}$/);

    const download = await redeem(url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/zip");
    expect(download.headers.get("content-disposition")).toContain(`${SELECTION}-videos.zip`);
    const entries = unzipSync(new Uint8Array(await download.arrayBuffer()));
    expect(Object.keys(entries)).toHaveLength(SELECTION);
    // The browser may ask again (a resumed download) while the ticket lasts.
    expect((await redeem(url)).status).toBe(200);
  });

  it("answers 404 for a ticket it never issued, and for a selection with nothing to download", async () => {
    const unknown = await redeem(`/api/generations/zip/${"A".repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
    const { zip } = await routes();
    expect((await zip.POST(post("/api/generations/zip", { ids: [randomUUID()] }))).status).toBe(404);
  });

  it("refuses more than 10,000 ids, and a body past the bulk cap, before touching anything", async () => {
    const { bulk, zip } = await routes();
    const tooMany = Array.from({ length: 10_001 }, () => randomUUID());
    for (const route of [bulk, zip]) {
      const url = route === bulk ? "/api/generations/bulk-delete" : "/api/generations/zip";
      const refused = await route.POST(post(url, { ids: tooMany }));
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.code).toBe("validation_failed");
      expect((await route.POST(post(url, `{"ids":["${"a".repeat(1024 * 1024)}"]}`))).status).toBe(413);
    }
    expect((await h.get(ids[0] ?? "")).status).toBe(200);
  });

  it("deletes every one in a single request", async () => {
    const { bulk } = await routes();
    const answer = await bulk.POST(post("/api/generations/bulk-delete", { ids }));
    expect(answer.status).toBe(200);
    const { deleted } = (await answer.json()) as { deleted: string[] };
    expect(deleted).toHaveLength(SELECTION);
    expect(new Set(deleted)).toEqual(new Set(ids));
    const store = (await import("@/lib/db/store")).getStore();
    const left = await Promise.all(ids.map((id) => store.getGenerationById(id)));
    expect(left.filter((row) => row !== undefined)).toEqual([]);
  });
});
