/**
 * `npm run bench:pg`: the PostgreSQL store's listing and search at 100,000 rows (budget < 5 ms), on a throwaway
 * database of the server at TEST_PG_ADMIN_URL. Prints a Markdown table, then each case's plan (EXPLAIN
 * ANALYZE of the very statement the store sent) to show which index served it. Measured, not asserted.
 */
import os from "node:os";
import { Pool } from "pg";
import { ASPECT_RATIOS, MODELS } from "@/lib/constants";
import { createPostgresStore } from "@/lib/db/postgres/store";
import type { ListGenerationsOptions } from "@/lib/db/store-types";
import { createTestDatabase } from "@/test/pg-database";
import { ACTIONS, STYLES, SUBJECTS } from "../scripts/seed-vocabulary";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = 50;

/** One statement: PostgreSQL generates the rows itself, so seeding takes seconds rather than minutes. */
const SEED_SQL = `
INSERT INTO generations (id, upstream_id, state, upstream_state, prompt, aspect_ratio, expand_prompt, loop, model, liked,
  archive_state, created_at, updated_at, completed_at, deadline_at)
SELECT gen_random_uuid()::text, gen_random_uuid()::text, state, state, prompt, aspect_ratio, i % 4 <> 0, i % 9 = 0, model, i % 11 = 0,
  CASE WHEN state = 'completed' THEN 'done' ELSE 'none' END, created_at, created_at + 60000,
  CASE WHEN state = 'completed' THEN created_at + 60000 END, created_at + 900000
FROM (
  SELECT i,
    CASE WHEN (i::bigint * 2654435761) % 100 < 88 THEN 'completed' WHEN (i::bigint * 2654435761) % 100 < 96 THEN 'failed' ELSE 'timed_out' END AS state,
    ($1::text[])[1 + i % cardinality($1::text[])] || ' ' || ($2::text[])[1 + (i * 3 + 1) % cardinality($2::text[])] || ', '
      || ($3::text[])[1 + (i * 5 + 2) % cardinality($3::text[])] || ' #' || i AS prompt,
    ($4::text[])[1 + (i * 7 + i % 3) % cardinality($4::text[])] AS aspect_ratio,
    CASE WHEN i % 5 <> 0 THEN ($5::text[])[1 + i % cardinality($5::text[])] END AS model,
    $6::bigint - i::bigint * 47000 - (i % 13) * 1000 AS created_at
  FROM generate_series(0, $7::int - 1) AS i
) AS seeded`;

type Sent = { text: string; values: unknown[] };

/** The last statement the store sent through a pool, to EXPLAIN exactly that. */
function recordStatements(): () => Sent | undefined {
  let last: Sent | undefined;
  const original = Pool.prototype.query;
  Pool.prototype.query = function (this: Pool, ...args: unknown[]) {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    last = typeof config === "string" ? { text: config, values: values ?? [] } : { text: config.text, values: values ?? config.values ?? [] };
    return (original as (...rest: unknown[]) => unknown).apply(this, args);
  } as typeof Pool.prototype.query;
  return () => last;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p95: at(0.95) };
}

async function main() {
  const database = await createTestDatabase();
  const lastSent = recordStatements();
  const store = await createPostgresStore(database.url);
  const admin = new Pool({ connectionString: database.url, max: 1 });
  try {
    const seedStart = performance.now();
    await admin.query(SEED_SQL, [SUBJECTS, ACTIONS, STYLES, [...ASPECT_RATIOS], [...MODELS], Date.now(), ROWS]);
    await admin.query("VACUUM ANALYZE generations");
    console.log(
      `Seeded ${ROWS.toLocaleString("en")} generations in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (one INSERT … SELECT generate_series, then VACUUM ANALYZE).\n`,
    );

    const deep = (
      await admin.query<{ created_at: string; id: string }>("SELECT created_at, id FROM generations ORDER BY created_at DESC, id DESC OFFSET 5999 LIMIT 1")
    ).rows[0];
    if (!deep) throw new Error("seeding wrote too few rows for the cursor case");
    const cases: [string, ListGenerationsOptions][] = [
      ["first page, newest first", { limit: 30 }],
      ["page 200 by cursor", { limit: 30, after: { createdAt: Number(deep.created_at), id: deep.id } }],
      ["state=completed", { limit: 30, states: ["completed"] }],
      ["state=failed,timed_out", { limit: 30, states: ["failed", "timed_out"] }],
      ["liked only", { limit: 30, liked: true }],
      ["aspect ratio 9:16 + model ray-v2", { limit: 30, aspectRatios: ["9:16"], model: "ray-v2" }],
      // The seed ties aspect ratio to model, so this pair matches nothing: the walk reads the whole index.
      ["aspect ratio 9:16 + model ray-v1 (no match)", { limit: 30, aspectRatios: ["9:16"], model: "ray-v1" }],
      ['search "snow leopard"', { limit: 30, search: "snow leopard" }],
      ['search "fox dolly" (two words, both required)', { limit: 30, search: "fox dolly" }],
      ['search "橘猫" (Chinese, 2 chars)', { limit: 30, search: "橘猫" }],
      ['search "雨中的霓虹" (Chinese, 5 chars)', { limit: 30, search: "雨中的霓虹" }],
      ['search "穿过云海" + state=completed', { limit: 30, search: "穿过云海", states: ["completed"] }],
      ['search "#31337" (one match)', { limit: 30, search: "#31337" }],
      ['search "zebra" (no match)', { limit: 30, search: "zebra" }],
      ['search "斑马" (no match, 2 chars)', { limit: 30, search: "斑马" }],
      ["oldest first", { limit: 30, sort: "oldest" }],
    ];
    const plans: string[] = [];
    // The client figures include the round trip and turning rows into objects, and move with the machine's load;
    // the server's own execution time (from EXPLAIN ANALYZE) shows what the index does.
    console.log(
      `Load average ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(" / ")} on ${os.cpus().length} cores.\n`,
    );
    console.log("| listing (PostgreSQL) | rows | median | p95 | server execution |\n|---|---|---|---|---|");
    for (const [label, options] of cases) {
      const samples: number[] = [];
      let count = 0;
      for (let i = 0; i < RUNS + 5; i++) {
        const start = performance.now();
        count = (await store.listGenerations(options)).length;
        if (i >= 5) samples.push(performance.now() - start);
      }
      const sent = lastSent();
      if (!sent) throw new Error("the store sent no statement through its pool");
      const plan = (await admin.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) ${sent.text}`, sent.values)).rows.map(
        (each) => each["QUERY PLAN"],
      );
      plans.push(`-- ${label}\n${plan.join("\n")}`);
      const execution = plan.find((line) => line.startsWith("Execution Time:"))?.replace("Execution Time: ", "") ?? "?";
      const { median, p95 } = stats(samples);
      console.log(`| ${label} | ${count} | ${median.toFixed(2)} ms | ${p95.toFixed(2)} ms | ${execution} |`);
    }
    console.log(`\n${plans.join("\n\n")}`);
  } finally {
    await admin.end();
    await store.close();
    await database.drop();
  }
}

await main();
