/**
 * `npm run bench`: the performance budgets, measured (not asserted in tests, where timing is noise).
 *   1. listing generations at 100,000 rows (budget < 20 ms), with filters and prompt search;
 *   2. what `POST /api/generations` adds to the upstream create, over HTTP on the built server, beside a bare
 *      passthrough proxy (bench/create-overhead.ts; goal ≤ 3 ms at p50, p95 under 10 ms);
 *   3. upstream status calls while many "tabs" read the list (must not grow with tabs).
 * Prints Markdown tables; docs/performance.md records a run. `npm run bench -- create` measures only 2,
 * `npm run bench -- list` only 1 and 3.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSimulator } from "@/simulator/server";
import { formatCreateOverhead, measureCreateOverhead } from "./create-overhead";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const KEY = "sk-bench-key";

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p95: at(0.95) };
}

async function time(runs: number, work: () => unknown | Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function main() {
  if (process.argv.includes("create")) {
    console.log(`\n## Create overhead (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version})\n`);
    console.log(formatCreateOverhead(await measureCreateOverhead()));
    return;
  }
  const sim = await startSimulator({ apiKey: KEY, pendingSeconds: 600, processingSeconds: 600 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "luma-bench-"));
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    LUMA_API_KEY: KEY,
    LUMA_BASE_URL: sim.url,
    LOG_LEVEL: "silent",
    DISABLE_RECONCILER: "true",
    MAX_IN_FLIGHT: "1000",
    CREATE_RATE_LIMIT_PER_MINUTE: "10000",
  });

  const { execFileSync } = await import("node:child_process");
  const seedStart = performance.now();
  execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/seed.ts", "--count", String(ROWS)], {
    env: process.env,
    stdio: "ignore",
  });
  const seedMs = performance.now() - seedStart;

  const { listGenerationPage } = await import("@/lib/generations/read");
  const rows: Array<[string, string, string]> = [];
  const listCase = async (label: string, options: Parameters<typeof listGenerationPage>[0]) => {
    await listGenerationPage(options);
    const { median, p95 } = stats(await time(200, () => listGenerationPage(options)));
    rows.push([label, fmt(median), fmt(p95)]);
  };
  await listCase(`first page, newest first (${ROWS.toLocaleString("en")} rows)`, { limit: 30 });
  const deep = await listGenerationPage({ limit: 100 });
  let cursor = deep.nextCursor ?? undefined;
  for (let i = 0; i < 200 && cursor; i++) cursor = (await listGenerationPage({ limit: 100, cursor })).nextCursor ?? undefined;
  await listCase("page 200 by cursor", { limit: 30, cursor });
  await listCase("state=completed", { limit: 30, state: ["completed"] });
  await listCase("state=failed,timed_out", { limit: 30, state: ["failed", "timed_out"] });
  await listCase("liked only", { limit: 30, liked: true });
  await listCase("aspect ratio 9:16 + model ray-v2", { limit: 30, aspectRatio: ["9:16"], model: "ray-v2" });
  await listCase("aspect ratio 9:16 + model ray-v1 (no match)", { limit: 30, aspectRatio: ["9:16"], model: "ray-v1" });
  await listCase('search "snow leopard"', { limit: 30, q: "snow leopard" });
  await listCase('search "橘猫" (Chinese, 2 chars)', { limit: 30, q: "橘猫" });
  await listCase('search "雨中的霓虹"', { limit: 30, q: "雨中的霓虹" });
  await listCase('search "zebra" (no match)', { limit: 30, q: "zebra" });
  await listCase('search "斑马" (no match, 2 chars)', { limit: 30, q: "斑马" });
  await listCase("oldest first", { limit: 30, sort: "oldest" });

  // 3. Status calls vs readers: the reconciler is off here, so reads alone must cause none.
  const before = sim.stats().gets;
  await Promise.all(Array.from({ length: 100 }, () => listGenerationPage({ limit: 30 })));
  const statusCallsFromReads = sim.stats().gets - before;

  console.log(`\n## Luma Studio benchmark (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version})\n`);
  console.log(`Seeded ${ROWS.toLocaleString("en")} generations in ${(seedMs / 1000).toFixed(1)} s.\n`);
  console.log("| listing | median | p95 |\n|---|---|---|");
  for (const [label, median, p95] of rows) console.log(`| ${label} | ${median} | ${p95} |`);
  console.log(`\nUpstream status calls caused by 100 concurrent list reads (tabs): ${statusCallsFromReads}.`);
  await sim.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (process.argv.includes("list")) return;

  console.log(`\n### Create overhead\n`);
  console.log(formatCreateOverhead(await measureCreateOverhead()));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
