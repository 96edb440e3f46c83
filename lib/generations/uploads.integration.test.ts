import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ reconciler: false });
});
afterAll(() => h.close());

const png = fs.readFileSync(path.join(process.cwd(), "test", "fixtures", "frame.png"));

it("stores 10 simultaneous uploads of the same image once, answering 201 with one URL to each", async () => {
  const uploads = await import("@/app/api/uploads/route");
  const served = await import("@/app/api/uploads/[name]/route");
  // Bytes after IEND are ignored by decoders; a few MB of them make the writes overlap, and a fresh tail
  // makes the image new to this store on every run.
  const image = Buffer.concat([png, randomBytes(4 * 1024 * 1024)]);
  const post = () =>
    uploads.POST(
      new NextRequest("http://app.test/api/uploads", { method: "POST", headers: { ...h.door, "content-type": "image/png" }, body: new Uint8Array(image) }),
    );

  const answers = await Promise.all(Array.from({ length: 10 }, post));
  const bodies = await Promise.all(answers.map((answer) => answer.json() as Promise<{ url?: string; error?: unknown }>));
  expect(
    answers.map((answer) => answer.status),
    JSON.stringify(bodies.find((body) => body.error)),
  ).toEqual(Array(10).fill(201));
  const urls = new Set(bodies.map((body) => body.url));
  const hash = createHash("sha256").update(image).digest("hex");
  expect([...urls]).toEqual([`/api/uploads/${hash}.png`]);

  const name = `${hash}.png`;
  const stored = await served.GET(new NextRequest(`http://app.test/api/uploads/${name}`), { params: Promise.resolve({ name }) });
  expect(stored.status).toBe(200);
  expect(stored.headers.get("content-type")).toBe("image/png");
  expect(
    createHash("sha256")
      .update(Buffer.from(await stored.arrayBuffer()))
      .digest("hex"),
  ).toBe(hash);
  // Nothing half-written is left behind for the boot clean-up to find.
  const temp = path.join(h.dataDir, "media", ".tmp");
  expect(fs.existsSync(temp) ? fs.readdirSync(temp) : []).toEqual([]);
});
