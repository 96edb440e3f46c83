import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, TEST_KEY, type Harness } from "@/test/harness";

/** `GET /api/diagnostics` with a Luma API key: Luma's API is named, its refusals are worded, callbacks are not checked without PUBLIC_BASE_URL. */
let h: Harness;
const diagnostics = async () => {
  const { GET } = await import("@/app/api/diagnostics/route");
  const text = await (await GET()).text();
  return { text, json: JSON.parse(text) as Record<string, Record<string, unknown>> };
};

beforeAll(async () => {
  h = await startHarness({ provider: "official" });
});
afterAll(() => h.close());

it("a good key passes; the setup names Luma's API and every action it offers", async () => {
  const { json, text } = await diagnostics();
  expect(json.setup).toMatchObject({
    provider: "official",
    profile: "official",
    label: "Luma's API",
    route: null,
    address: `${h.sim.url}/v1`,
    publicBaseUrl: null,
  });
  expect(json.setup?.actions).toEqual({ extend: true, extendBackward: true, interpolate: true, edit: true, reframe: true });
  expect(json.key).toMatchObject({ status: "passed", code: "ok" });
  expect(json.callback).toEqual({ status: "not_run", code: "unset", url: null, detail: null });
  expect(h.sim.requests().at(-1)?.key).toMatch(/^GET \/v1\/generations\//);
  expect(text).not.toContain(TEST_KEY);
});

it("a key Luma refuses, and an account it has suspended, each say what to do", async () => {
  h.sim.setScenario({ respondNext: [{ route: "get", status: 401, body: JSON.stringify({ detail: "Invalid API key" }) }] });
  expect((await diagnostics()).json.key).toMatchObject({
    status: "failed",
    code: "auth",
    detail: expect.stringMatching(/^Luma rejected the API key \(HTTP 401\)/),
  });
  h.sim.setScenario({ respondNext: [{ route: "get", status: 403, body: JSON.stringify({ detail: "Account suspended" }) }] });
  expect((await diagnostics()).json.key).toMatchObject({ status: "failed", code: "suspended" });
});
