import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

const TOKEN = "metrics-token-0123456789abcdef";
let h: Harness;
let GET: typeof import("./route").GET;

beforeAll(async () => {
  h = await startHarness({ reconciler: false, env: { METRICS_TOKEN: TOKEN, MAX_GENERATIONS_PER_DAY: "3" } });
  ({ GET } = await import("./route"));
});

afterAll(async () => {
  await h.close();
});

const scrape = (authorization?: string) => GET(new Request("http://app.test/api/metrics", { headers: authorization ? { authorization } : {} }));

async function metrics(): Promise<string> {
  const response = await scrape(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one series, e.g. `luma_generations{state="queued"}`; undefined when absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /api/metrics", () => {
  it("answers 401 without the token or with a wrong one, and says nothing else", async () => {
    for (const authorization of [undefined, "Bearer wrong-token-0123456789", `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, TOKEN]) {
      const response = await scrape(authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(await response.text()).not.toContain("luma_");
    }
  });

  it("speaks Prometheus text: every metric with HELP and TYPE, zeros included", async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    for (const [name, type] of [
      ["luma_generations", "gauge"],
      ["luma_reconciler_lag_seconds", "gauge"],
      ["luma_live_streams_open", "gauge"],
      ["luma_upstream_health", "gauge"],
      ["luma_upstream_requests_total", "counter"],
      ["luma_upstream_request_duration_seconds", "histogram"],
      ["luma_archive_failures_total", "counter"],
      ["luma_limit_refusals_total", "counter"],
    ]) {
      expect(text).toContain(`# HELP ${name} `);
      expect(text).toContain(`# TYPE ${name} ${type}\n`);
    }
    expect(value(text, 'luma_generations{state="completed"}')).toBe(0);
    expect(value(text, 'luma_upstream_health{state="ok"}')).toBe(1);
    expect(text).not.toContain(TOKEN);
  });

  it("counts generations by state, upstream calls by route and outcome with latency, lag, refusals and archive failures", async () => {
    const first = await h.create({ prompt: "metrics one" });
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };

    // Nothing checks it while the reconciler is off: the status check it is due for waits.
    const { getStore } = await import("@/lib/db/store");
    await getStore().updateGeneration(id, { nextCheckAt: Date.now() - 30_000 });
    let text = await metrics();
    expect(value(text, 'luma_generations{state="queued"}')).toBe(1);
    expect(value(text, 'luma_reconciler_lag_seconds{queue="status"}')).toBeGreaterThanOrEqual(30);
    expect(value(text, 'luma_upstream_requests_total{route="POST /luma/generations",outcome="ok"}')).toBe(1);
    expect(value(text, 'luma_upstream_request_duration_seconds_count{route="POST /luma/generations",outcome="ok"}')).toBe(1);
    expect(value(text, 'luma_upstream_request_duration_seconds_bucket{route="POST /luma/generations",outcome="ok",le="+Inf"}')).toBe(1);

    // The gateway refuses the next create: counted under its outcome.
    h.sim.setScenario({ rateLimitNext: 1, retryAfterSeconds: 1 });
    expect((await h.create({ prompt: "metrics refused upstream" })).status).toBe(429);
    // Media the archiver must refuse to fetch: an archive failure.
    h.sim.setScenario({ mediaBaseUrl: "http://169.254.169.254" });
    expect((await h.create({ prompt: "metrics hostile media" })).status).toBe(201);
    // The daily cap (3) refuses the fourth: a limit refusal, and no upstream call.
    expect((await h.create({ prompt: "metrics two" })).status).toBe(201);
    expect((await h.create({ prompt: "metrics over the cap" })).status).toBe(429);

    await h.restart();
    const deadline = Date.now() + 20_000;
    for (;;) {
      text = await metrics();
      if (value(text, 'luma_generations{state="completed"}') === 3 && (value(text, 'luma_archive_failures_total{final="false"}') ?? 0) >= 1) break;
      if (Date.now() > deadline) throw new Error(`not settled:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    h.sim.setScenario({ mediaBaseUrl: null });
    expect(value(text, 'luma_upstream_requests_total{route="POST /luma/generations",outcome="ok"}')).toBe(3);
    expect(value(text, 'luma_upstream_requests_total{route="POST /luma/generations",outcome="rate_limited"}')).toBe(1);
    expect(value(text, 'luma_upstream_requests_total{route="GET /luma/generations/{id}",outcome="ok"}')).toBeGreaterThanOrEqual(3);
    expect(value(text, 'luma_limit_refusals_total{limit="MAX_GENERATIONS_PER_DAY"}')).toBe(1);
    expect(value(text, 'luma_reconciler_lag_seconds{queue="status"}')).toBe(0);
    // Buckets are cumulative and end at the count.
    const buckets = text
      .split("\n")
      .filter((line) => line.startsWith('luma_upstream_request_duration_seconds_bucket{route="POST /luma/generations",outcome="ok"'))
      .map((line) => Number(line.split(" ").at(-1)));
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(buckets.at(-1)).toBe(3);
  });
});
