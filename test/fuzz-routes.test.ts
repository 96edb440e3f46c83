import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, TEST_KEY, type Harness } from "./harness";

/**
 * Property-based fuzzing of every route handler under app/api (found on disk, so a new route is fuzzed the day
 * it lands). Whatever arrives: never a 5xx, errors in the one JSON shape, the key never echoed, and a refused
 * request (4xx) creates no row and makes no upstream call. The reconciler is off, so every upstream call the
 * simulator counts was made by the request under test.
 */
const root = path.resolve(import.meta.dirname, "..");
const RUNS_PER_HANDLER = Number(process.env.FUZZ_RUNS ?? 150);
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

function findRoutes(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findRoutes(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const routeFiles = findRoutes(path.join(root, "app", "api")).sort();
const routePattern = (file: string) => "/" + path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep).join("/");

let h: Harness;
let store: import("@/lib/db/store-types").GenerationStore;
const seededIds: string[] = [];
const tally = { handlers: 0, inputs: 0, byStatus: {} as Record<number, number>, fiveHundreds: 0, keyEchoes: 0 };

beforeAll(async () => {
  h = await startHarness({ reconciler: false, env: { CREATE_RATE_LIMIT_PER_MINUTE: "10000", MAX_IN_FLIGHT: "1000" } });
  store = (await import("@/lib/db/store")).getStore();
  for (let i = 0; i < 3; i++) {
    const response = await h.create({ prompt: `fuzz seed ${i}` });
    seededIds.push(((await response.json()) as { id: string }).id);
  }
});

afterAll(async () => {
  // The figures docs/SECURITY.md quotes.
  console.info(
    `[fuzz] ${routeFiles.length} route files, ${tally.handlers} handlers, ${tally.inputs} inputs, statuses ${JSON.stringify(tally.byStatus)}, 5xx ${tally.fiveHundreds}, key echoes ${tally.keyEchoes}`,
  );
  await h?.close();
});

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "..",
    "../../etc/passwd",
    "%00",
    "null",
    "undefined",
    "-1",
    "0",
    "1e309",
    "NaN",
    "<script>",
    "' OR 1=1 --",
    "a".repeat(300),
    "\u202e",
    "😀",
    "0000000000000000",
  ),
);
const paramValue = fc.oneof(junk, fc.constant("__existing__"), fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), fc.constantFrom("video", "thumbnail", "last-frame"));

const knownQueryKeys = ["cursor", "limit", "state", "aspectRatio", "liked", "model", "q", "from", "to", "sort", "download", "ids"];
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...knownQueryKeys), fc.string({ maxLength: 10 })), fc.oneof(junk, fc.constant("__existing__"))), {
  maxLength: 5,
});

const validCreate = { prompt: "a quiet harbour at dawn", aspectRatio: "16:9", expandPrompt: true, loop: false };
const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ prompt: fc.oneof(fc.string({ maxLength: 60 }), fc.integer(), fc.constant(null)) }, { requiredKeys: [] }),
  // One field of a valid create (or extend, like, bulk) body replaced by something hostile.
  fc
    .tuple(
      fc.constantFrom<Record<string, unknown>>(validCreate, { prompt: "continue" }, { liked: true }, { ids: ["__existing__"] }, { password: "x" }),
      fc.constantFrom(
        "prompt",
        "aspectRatio",
        "expandPrompt",
        "loop",
        "imageUrl",
        "imageEndUrl",
        "model",
        "liked",
        "ids",
        "password",
        "__proto__",
        "constructor",
      ),
      fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(
          "http://127.0.0.1/a.png",
          "https://user:pw@example.com/a.png",
          "data:image/gif;base64,R0lGOD==",
          "data:image/png;base64,!!!!",
          "file:///etc/passwd",
          "javascript:alert(1)",
          "//evil.example/a.png",
          "/api/uploads/../../secret.png",
        ),
      ),
    )
    .map(([base, key, value]) => ({ ...base, [key]: value })),
);
const body = fc.oneof(
  fc.constant<string | undefined>(undefined),
  jsonValue.map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{"prompt":', "[".repeat(5000), "\u0000\u0001", '{"a":1,"a":2}', "1".repeat(1000)),
);
const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "image/png",
  "APPLICATION/JSON",
);
const extraHeaders = fc.record(
  {
    // HTTP carries Latin-1 header values only; Headers refuses anything else before a route could see it.
    "idempotency-key": fc.oneof(
      junk.map((value) => value.replace(/[^\x20-\x7e]/g, "?")),
      fc.stringMatching(/^[A-Za-z0-9_.:-]{8,40}$/),
    ),
    range: fc.constantFrom("bytes=0-1", "bytes=-5", "bytes=5-", "bytes=9999999-", "bytes=1-0", "bytes=a-b", "bytes=0-1,2-3", "items=0-1"),
    "if-range": fc.constant("x"),
    "x-forwarded-for": fc.constantFrom("1.2.3.4", "::1", "garbage"),
  },
  { requiredKeys: [] },
);

const withExisting = (value: string) => value.split("__existing__").join(seededIds[0] ?? "missing");

async function readCapped(response: Response, limit = 1 << 20): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await Promise.race([
      reader.read(),
      new Promise<{ done: true; value: undefined }>((resolve) => setTimeout(() => resolve({ done: true, value: undefined }), 200)),
    ]);
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.length > limit) break;
  }
  await reader.cancel().catch(() => undefined);
  return text;
}

describe.each(routeFiles.map((file) => [routePattern(file), file] as const))("%s", (pattern, file) => {
  it("never answers 5xx; a refusal leaves no row and makes no upstream call", async () => {
    const mod = (await import(file)) as Partial<Record<(typeof METHODS)[number], Handler>>;
    const params = [...pattern.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1] as string);
    const methods = METHODS.filter((method) => typeof mod[method] === "function");
    expect(methods.length).toBeGreaterThan(0);

    for (const method of methods) {
      tally.handlers += 1;
      const handler = mod[method] as Handler;
      await fc.assert(
        fc.asyncProperty(
          fc.array(paramValue, { minLength: params.length, maxLength: params.length }),
          query,
          body,
          contentType,
          extraHeaders,
          async (values, pairs, payload, type, headers) => {
            const paramMap = Object.fromEntries(params.map((name, index) => [name, withExisting(values[index] ?? "")]));
            const urlPath = pattern.replace(/\[([^\]]+)\]/g, (_match, name: string) => encodeURIComponent(paramMap[name] ?? ""));
            const search = new URLSearchParams(pairs.map(([key, value]) => [key, withExisting(value)])).toString();
            const init: NonNullable<ConstructorParameters<typeof NextRequest>[1]> = {
              method,
              headers: { ...h.door, ...(type ? { "content-type": type } : {}), ...headers },
            };
            if (payload !== undefined && method !== "GET" && method !== "HEAD") init.body = withExisting(payload);

            const rowsBefore = (await store.listGenerations({ limit: 100_000 })).length;
            const callsBefore = h.sim.stats().requests;
            const response = await handler(new NextRequest(`http://app.test${urlPath}${search ? `?${search}` : ""}`, init), {
              params: Promise.resolve(paramMap),
            });
            const text = await readCapped(response);

            tally.inputs += 1;
            tally.byStatus[response.status] = (tally.byStatus[response.status] ?? 0) + 1;
            if (response.status >= 500) tally.fiveHundreds += 1;
            if (text.includes(TEST_KEY)) tally.keyEchoes += 1;

            const what = `${method} ${urlPath}?${search} ${String(init.body ?? "").slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`;
            expect(response.status, what).toBeLessThan(500);
            expect(text.includes(TEST_KEY), what).toBe(false);
            if (response.status >= 400) {
              if (method !== "HEAD") expect(JSON.parse(text), what).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
              expect((await store.listGenerations({ limit: 100_000 })).length, `row created on refusal: ${what}`).toBeLessThanOrEqual(rowsBefore);
              expect(h.sim.stats().requests, `upstream called on refusal: ${what}`).toBe(callsBefore);
            }
          },
        ),
        { numRuns: RUNS_PER_HANDLER },
      );
    }
  }, 120_000);
});
