import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import type { ScriptedResponse, SimulatorScenario } from "@/simulator/scenario";
import { GATEWAY_CREATE_TIMEOUT_MS, GATEWAY_KEY, GATEWAY_SIMULATOR_URL } from "../playwright.config";
import { createCompleted, createGeneration, getGeneration, gotoHydrated, submitForm, uniqueWord, waitForState } from "./support/generations";

/**
 * The built app with a key, against a gateway it reaches over HTTP (the standalone simulator), as a person meets
 * it: every refusal class the README documents, answers that get lost, an extend the gateway refuses, and a
 * gateway that cannot be reached. One file, run in order: the simulator's scenario is global.
 */
test.describe.configure({ mode: "serial" });

const sim = (path: string) => `${GATEWAY_SIMULATOR_URL}/__sim/${path}`;
const steer = async (request: APIRequestContext, patch: SimulatorScenario) => expect((await request.post(sim("scenario"), { data: patch })).ok()).toBe(true);
const simStats = async (request: APIRequestContext) => (await (await request.get(sim("stats"))).json()) as { creates: number; extends: number };

test.beforeEach(async ({ request }) => {
  await request.post(sim("reset"));
});

const oneApi = (message: string, code?: string) => JSON.stringify({ error: { message, type: "one_api_error", ...(code ? { code } : {}) } });
const frames = JSON.stringify({ detail: { reason: "Failed to read user input frames", code: 400 } });

/** `field`: the refusal concerns one option, so its sentence also shows under that field of the form. */
type Refusal = { name: string; answer: Omit<ScriptedResponse, "route">; status: number; code: string; says: RegExp; retryAfter?: string; field?: string };

// What real gateways send (luma-api.md §2 "Errors"), and what the studio must answer each with.
const REFUSALS: Refusal[] = [
  {
    name: "bad key",
    answer: { status: 401, body: oneApi("无效的令牌 (request id: 2026120109300012abcd)") },
    status: 502,
    code: "upstream_auth",
    says: /rejected the API key.*LUMA_API_KEY/,
  },
  {
    name: "no balance",
    answer: { status: 403, body: oneApi("用户额度不足, 剩余额度: ＄0.012 (request id: 2026120109300034ef01)", "insufficient_user_quota") },
    status: 402,
    code: "upstream_payment",
    says: /no balance or quota left.*Top up/,
  },
  {
    name: "no balance (Luma's detail)",
    answer: { status: 402, body: JSON.stringify({ detail: "Insufficient credits" }) },
    status: 402,
    code: "upstream_payment",
    says: /Top up/,
  },
  // The Luma-API proxy writes two JSON bodies back to back on some upstream errors.
  {
    name: "rejected input",
    answer: { status: 400, body: `${frames}${frames}` },
    status: 422,
    code: "upstream_rejected",
    says: /rejected the request.*Failed to read user input frames/,
  },
  {
    name: "rate limited",
    answer: { status: 429, headers: { "retry-after": "7" }, body: oneApi("当前分组上游负载已饱和，请稍后再试") },
    status: 429,
    code: "upstream_rate_limited",
    says: /rate limiting.*Try again in 7 s/,
    retryAfter: "7",
  },
  {
    name: "gateway down",
    answer: {
      status: 503,
      body: JSON.stringify({ error: { message: "上游服务暂时不可用，请稍后再试 (request id: 2026120109300056ab12)", type: "new_api_error" } }),
    },
    status: 502,
    code: "upstream_unavailable",
    says: /failing right now.*Try again in a few minutes/,
  },
  // One-api's answer for a model it has no channel for (this was the "gateway down" example before gateway
  // profiles): about the model sent, ray-v2 by default, so it points at the form and LUMA_MODEL.
  {
    name: "no channel for the model",
    answer: { status: 503, body: JSON.stringify({ error: { message: "当前分组 default 下对于模型 ray-v2 无可用渠道", type: "new_api_error" } }) },
    status: 422,
    code: "upstream_rejected",
    says: /no channel for the model "ray-v2" right now: pick another model in the form or set LUMA_MODEL/,
    field: "model",
  },
  {
    name: "timeout",
    answer: { status: 408, headers: { "content-type": "text/html" }, body: "<html><body><h1>408 Request Time-out</h1></body></html>" },
    status: 504,
    code: "upstream_timeout",
    says: /gave up waiting.*Try again/,
  },
];

async function expectNothingLeft(page: Page, request: APIRequestContext, word: string) {
  const listed = await (await request.get(`/api/generations?q=${word}`)).json();
  expect(listed.items).toEqual([]);
  await page.goto(`/gallery`);
  await expect(
    page
      .getByRole("list", { name: "Gallery" })
      .or(page.getByRole("heading", { level: 2 }))
      .first(),
  ).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: word })).toHaveCount(0);
}

for (const refusal of REFUSALS) {
  test(`refused (${refusal.name}): ${refusal.status} ${refusal.code}, a sentence to act on, nothing left behind`, async ({ page, request }) => {
    await steer(request, { respondNext: [{ route: "create", ...refusal.answer }] });
    const word = uniqueWord("refused");
    const response = await submitForm(page, `A lighthouse in a storm ${word}`);

    expect(response.status()).toBe(refusal.status);
    const text = await response.text();
    expect(text).not.toContain(GATEWAY_KEY);
    const { error } = JSON.parse(text) as { error: { code: string; message: string; fieldErrors?: Record<string, string[]> } };
    expect(error.code).toBe(refusal.code);
    expect(error.message).toMatch(refusal.says);
    if (refusal.retryAfter) expect(response.headers()["retry-after"]).toBe(refusal.retryAfter);
    await expect(page.getByText("Couldn't start the generation")).toBeVisible();
    await expect(page.getByText(refusal.says).first()).toBeVisible();
    // In the notice, and under the field when it concerns one option.
    await expect(page.getByText(refusal.says)).toHaveCount(refusal.field ? 2 : 1);
    if (refusal.field) expect(Object.keys(error.fieldErrors ?? {})).toEqual([refusal.field]);

    expect((await simStats(request)).creates).toBe(0);
    await expectNothingLeft(page, request, word);
  });
}

test("a refused key shows on every page until a create succeeds again", async ({ page, request }) => {
  await steer(request, { respondNext: [{ route: "create", status: 401, body: oneApi("无效的令牌") }] });
  const refused = await submitForm(page, `Key check ${uniqueWord("key")}`);
  expect(refused.status()).toBe(502);
  await expect(page.getByRole("status").filter({ hasText: "The gateway rejected the key" })).toBeVisible();
  await createGeneration(request, { prompt: `Key works again ${uniqueWord("key")}` });
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "The gateway rejected the key" })).toHaveCount(0);
});

test("a create the gateway never answers settles as not confirmed, and Try again warns before it may charge twice", async ({ page, request }) => {
  await steer(request, { createHang: true });
  const word = uniqueWord("hang");
  const prompt = `Fireflies over a pond ${word}`;
  const response = await submitForm(page, prompt);
  expect(response.status()).toBe(202);
  const lost = await response.json();
  const seconds = Math.round(GATEWAY_CREATE_TIMEOUT_MS / 1000);
  expect(lost).toMatchObject({ state: "failed", failureCode: "outcome_unknown", failureReason: `no answer within ${seconds} s` });
  await expect(page.getByText("The gateway's answer was lost", { exact: true })).toBeVisible();

  const card = page.getByRole("article").filter({ hasText: prompt });
  await expect(card.getByText("Not confirmed", { exact: true }).first()).toBeVisible();
  await expect(card.getByText(new RegExp(`no answer within ${seconds} s`))).toBeVisible();
  await expect(card.getByText(/usage log/)).toBeVisible();
  // The gateway did receive it: the job exists there, and the studio never sent it again.
  expect((await simStats(request)).creates).toBe(1);

  await request.post(sim("reset"));
  await card.getByRole("button", { name: "Try again…" }).click();
  const warning = page.getByRole("alertdialog", { name: /might charge twice/ });
  await expect(warning).toContainText("usage log");
  await warning.getByRole("button", { name: "Cancel" }).click();
  await expect(warning).toBeHidden();
  expect((await simStats(request)).creates).toBe(0);

  await card.getByRole("button", { name: "Try again…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Try again anyway" }).click();
  await expect(page.getByRole("article").filter({ hasText: prompt })).toHaveCount(2);
  expect((await simStats(request)).creates).toBe(1);
  const listed = (await (await request.get(`/api/generations?q=${word}`)).json()) as { items: Array<{ id: string }> };
  const retried = listed.items.find((item) => item.id !== lost.id);
  await waitForState(request, retried?.id ?? "", "completed");
});

test("answers that get lost — a proxy's 502, or a 200 without an id — are kept and explained, never re-sent", async ({ page, request }) => {
  const cases: Array<{ answer: Omit<ScriptedResponse, "route">; detail: RegExp }> = [
    {
      answer: { status: 502, headers: { "content-type": "text/html" }, body: "<html><center><h1>502 Bad Gateway</h1></center></html>", afterCreating: true },
      detail: /HTTP 502/,
    },
    { answer: { status: 200, body: JSON.stringify({ code: "success", message: "ok" }), afterCreating: true }, detail: /could not read.*no generation id/ },
  ];
  for (const { answer, detail } of cases) {
    await request.post(sim("reset"));
    await steer(request, { respondNext: [{ route: "create", ...answer }] });
    const prompt = `Desert caravan at dusk ${uniqueWord("lost")}`;
    const response = await submitForm(page, prompt);
    expect(response.status()).toBe(202);
    const lost = await response.json();
    expect(lost).toMatchObject({ state: "failed", failureCode: "outcome_unknown", failureReason: expect.stringMatching(detail) });
    expect((await simStats(request)).creates).toBe(1);

    await gotoHydrated(page, `/generations/${lost.id}`);
    await expect(page.getByText("Not confirmed", { exact: true }).first()).toBeVisible();
    await expect(page.getByText(detail).first()).toBeVisible();
    await expect(page.getByText(/Look for this attempt in the gateway's usage log/)).toBeVisible();
  }
});

test("extending a clip the gateway no longer knows says so, charges nothing and leaves no card", async ({ page, request }) => {
  const word = uniqueWord("ext");
  const parent = await createCompleted(request, { prompt: `Tide pools at sunrise ${word}` });
  await gotoHydrated(page, `/generations/${parent.id}`);
  await steer(request, { respondNext: [{ route: "extend", status: 404, body: JSON.stringify({ detail: "Generation not found" }) }] });

  await page.getByRole("button", { name: "Extend" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Extend this video" });
  await dialog.getByLabel("What happens next").fill(`The tide comes in ${word}`);
  const answered = page.waitForResponse((response) => response.url().endsWith("/extend") && response.request().method() === "POST");
  await dialog.getByRole("button", { name: "Extend" }).click();
  const response = await answered;
  expect(response.status()).toBe(422);
  expect((await response.json()).error).toMatchObject({
    code: "upstream_rejected",
    message: expect.stringMatching(/no longer knows the clip.*Continue from last frame/),
  });
  await expect(dialog.getByText(/no longer knows the clip/)).toBeVisible();
  await expect(page.getByText("Extension started")).toHaveCount(0);

  const listed = (await (await request.get(`/api/generations?q=${word}`)).json()) as { items: Array<{ id: string }> };
  expect(listed.items.map((item) => item.id)).toEqual([parent.id]);
  expect((await simStats(request)).extends).toBe(0);
});

test("a gateway that cannot be reached shows on the page, and the job finishes once it is back", async ({ page, request }) => {
  const word = uniqueWord("down");
  const generation = await createGeneration(request, { prompt: `Snow on a neon sign ${word}` });
  await steer(request, { dropConnections: true });
  await gotoHydrated(page, "/gallery");
  const banner = page.getByRole("status").filter({ hasText: "The gateway can't be reached" });
  await expect(banner).toBeVisible({ timeout: 30_000 });

  await steer(request, { dropConnections: false });
  await expect(banner).toBeHidden({ timeout: 60_000 });
  await waitForState(request, generation.id, "completed");
});

test("a gateway that names an address inside the network gets nothing fetched from it: the clip keeps its links, nothing is archived", async ({ request }) => {
  // A service on this machine that is neither the studio nor the gateway: what a hostile gateway would aim at.
  const hits: string[] = [];
  const internal = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "video/mp4" }).end(Buffer.from("\0\0\0\x18ftypisom-internal-secret"));
  });
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
  const internalOrigin = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
  try {
    await steer(request, { mediaBaseUrl: internalOrigin });
    const generation = await createGeneration(request, { prompt: `A quiet harbour at dawn ${uniqueWord("inside")}` });
    const finished = await waitForState(request, generation.id, "completed");
    expect(finished.videoUrl).toContain(internalOrigin);
    // The archiver tried every link it had, then asked the gateway for a fresh one, and tried that too.
    await expect
      .poll(
        async () => {
          const { requests } = (await (await request.get(sim("requests?route=download_url"))).json()) as { requests: Array<{ path: string }> };
          return requests.some((recorded) => recorded.path.includes(finished.upstreamId ?? "?"));
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await getGeneration(request, generation.id);
    expect(after.isArchived).toBe(false);
    expect(after.videoUrl).toContain(internalOrigin);
    expect(hits).toEqual([]);
  } finally {
    await steer(request, { mediaBaseUrl: null });
    await new Promise((resolve) => internal.close(resolve));
  }
});
