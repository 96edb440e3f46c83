import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import type { Browser } from "playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Generation, GenerationPage } from "@/lib/generations/types";
import { ensureBuilt, root, spawnApp, stop, waitForHealth, type Running } from "./built-server";
import { firstHeardInState, launchBrowser, openLiveGallery, type LiveTab } from "./live-watcher";
import { ADMIN_URL, createTestDatabase, type TestDatabase } from "./pg-database";
import { startS3Server, type RunningS3 } from "./s3-server";
import { startS3WriteCounter, type S3WriteCounter } from "./s3-write-counter";
import { startStandaloneSimulator, type StandaloneSimulator } from "./standalone-simulator";

/**
 * Issue 11's proof: two built instances (the image's standalone server) on one PostgreSQL database and one S3
 * server, behind nothing but this test acting as a load balancer. 50 generations are created through both,
 * instance A is SIGKILLed while it holds leases on status checks and started again on its port, and then:
 * every generation completes and is archived exactly once, the upstream saw exactly 50 creates, nothing is
 * lost or doubled, and a browser tab on each instance's gallery heard every completion within a second.
 *
 * A tab cannot hear anything from an instance that is dead. So that "every completion, live, on both tabs"
 * stays a statement that can hold, nothing may complete while A is down: the first 20 are left to finish, then
 * the simulator holds the jobs created from there on (its `stuck` switch: they answer "processing", and finish
 * by their own clock once released) until A's tab is connected again. The checks in flight at the kill, the
 * leases they leave behind and the creates sent during the outage are all still there.
 *
 * TEST_TWO_INSTANCES_PORT and the port after it are used. Needs PostgreSQL (TEST_PG_ADMIN_URL); skipped,
 * saying so, only when it is unreachable outside CI.
 */
const PORT = Number(process.env.TEST_TWO_INSTANCES_PORT ?? 3380);
const TOTAL = 50;
const HOLD_AFTER = 20;
const KILL_AFTER = 26;
const KEY = "sk-two-instances-0123456789";
const ACCESS_TOKEN = "two-instances-access-token-0123456789";
const RUN = `two-instances ${randomBytes(4).toString("hex")}`;
/** Live updates reach a browser within a second (typically): the median is held to it. */
const LIVE_WITHIN_MS = 1000;
/**
 * The slowest may take longer when the machine is busy (2.4 s seen with three suites on 2 cores); a bus that does
 * not deliver never does, which the "never heard" check catches whatever the timing.
 */
const LIVE_SLOWEST_MS = 5000;

async function isPostgresReachable(): Promise<boolean> {
  const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const hasPostgres = await isPostgresReachable();
if (!hasPostgres) {
  if (process.env.CI) throw new Error(`PostgreSQL is unreachable at ${ADMIN_URL}; CI must start it (.ci/run)`);
  console.warn(`two-instances.test.ts skipped: PostgreSQL is unreachable at ${ADMIN_URL} (set TEST_PG_ADMIN_URL or start it)`);
}

type Instance = { name: "A" | "B"; base: string; port: number; s3: S3WriteCounter; dataDir: string; running?: Running };

let image: string;
let database: TestDatabase;
let db: Client;
let sim: StandaloneSimulator;
let s3: RunningS3;
let browser: Browser | undefined;
const instances: Instance[] = [];

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const owner = { cookie: `luma_access=${ACCESS_TOKEN}` };

async function until<T>(what: string, withinMs: number, probe: () => Promise<T | undefined>, everyMs = 200): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${withinMs} ms`);
    await wait(everyMs);
  }
}

/** The image's CMD on `instance`'s port, with the shared database, bucket (through its own counter) and upstream. */
async function startInstance(instance: Instance): Promise<void> {
  instance.running = spawnApp([path.join(image, "server.js")], {
    HOSTNAME: "127.0.0.1",
    PORT: String(instance.port),
    DATA_DIR: instance.dataDir,
    ACCESS_TOKEN,
    DATABASE_URL: database.url,
    ...s3.env,
    S3_ENDPOINT: instance.s3.endpoint,
    LUMA_API_KEY: KEY,
    LUMA_BASE_URL: sim.url,
    // The limits are not what this test is about: 50 jobs at once must be admitted.
    CREATE_RATE_LIMIT_PER_MINUTE: "1000",
    MAX_IN_FLIGHT: "200",
    LOG_LEVEL: "warn",
  });
  await waitForHealth(`${instance.base}/api/health`, instance.running, 120_000);
}

type Created = { id: string; prompt: string; key: string; answeredBy: string };

/**
 * What a load balancer does: send to the preferred instance, and when it cannot be reached, the same request
 * (same Idempotency-Key) to the other one.
 */
async function create(index: number): Promise<Created> {
  const prompt = `${RUN} #${index + 1}: a paper boat drifting down a canal`;
  const key = randomUUID();
  const order = index % 2 === 0 ? instances : [...instances].reverse();
  const failures: string[] = [];
  for (const instance of order) {
    try {
      const answer = await fetch(`${instance.base}/api/generations`, {
        method: "POST",
        headers: { ...owner, "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ prompt }),
      });
      const text = await answer.text();
      if (answer.status !== 201 && answer.status !== 200) throw new Error(`create #${index + 1} on ${instance.name}: HTTP ${answer.status} ${text}`);
      return { id: (JSON.parse(text) as Generation).id, prompt, key, answeredBy: instance.name };
    } catch (error) {
      // Only "could not reach it" moves on; an answer that is an error is the app's fault.
      if (error instanceof Error && error.message.startsWith("create #")) throw error;
      failures.push(`${instance.name}: ${String(error)}`);
    }
  }
  throw new Error(`create #${index + 1} reached no instance: ${failures.join("; ")}`);
}

async function createRange(from: number, to: number, into: Created[]): Promise<void> {
  // Two at a time, one to each instance, as a balancer spreads concurrent clients.
  for (let index = from; index < to; index += 2) {
    const pair = [index, index + 1].filter((value) => value < to);
    into.push(...(await Promise.all(pair.map((value) => create(value)))));
  }
}

async function getGeneration(base: string, id: string): Promise<Generation | undefined> {
  try {
    const answer = await fetch(`${base}/api/generations/${id}`, { headers: owner });
    return answer.ok ? ((await answer.json()) as Generation) : undefined;
  } catch {
    return undefined;
  }
}

async function listThisRun(base: string): Promise<Generation[]> {
  const found: Generation[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const answer = await fetch(`${base}/api/generations?limit=50${query}`, { headers: owner });
    expect(answer.status).toBe(200);
    const page = (await answer.json()) as GenerationPage;
    found.push(...page.items.filter((item) => item.prompt.startsWith(RUN)));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

async function setSimulatorScenario(patch: Record<string, unknown>): Promise<void> {
  const answer = await fetch(`${sim.url}/__sim/scenario`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(patch) });
  expect(answer.status).toBe(200);
}

/** The rows whose lease `ownerPrefix` (host:pid:) holds right now: status checks, and archive copies of finished ones. */
async function leasesHeldBy(ownerPrefix: string): Promise<Array<{ id: string; isCheck: boolean }>> {
  const result = await db.query<{ id: string; state: string }>("SELECT id, state FROM generations WHERE lease_owner LIKE $1 AND lease_until > $2", [
    `${ownerPrefix}%`,
    Date.now(),
  ]);
  return result.rows.map((row) => ({ id: row.id, isCheck: row.state !== "completed" }));
}

/**
 * Polls until every row in `ids` has left the dead owner: claimed by someone else, handed back, or finished.
 * Answers when each one was taken over and by whom.
 */
async function watchTakeover(ids: string[], deadOwnerPrefix: string, withinMs: number): Promise<Map<string, { at: number; by: string }>> {
  const taken = new Map<string, { at: number; by: string }>();
  const deadline = Date.now() + withinMs;
  while (taken.size < ids.length && Date.now() < deadline) {
    const result = await db.query<{ id: string; lease_owner: string | null; lease_until: string | null }>(
      "SELECT id, lease_owner, lease_until FROM generations WHERE id = ANY($1)",
      [ids],
    );
    for (const row of result.rows) {
      if (taken.has(row.id)) continue;
      // Work that ends clears `lease_until` and leaves the owner's name: A may finish a job between the lease
      // query and the SIGKILL (a wide window on a loaded machine), and then nothing is left to take over.
      const isFinished = row.lease_until === null;
      if (row.lease_owner?.startsWith(deadOwnerPrefix) && !isFinished) continue;
      taken.set(row.id, { at: Date.now(), by: isFinished && row.lease_owner?.startsWith(deadOwnerPrefix) ? "(finished)" : (row.lease_owner ?? "(released)") });
    }
    await wait(100);
  }
  return taken;
}

const signed = (ms: number) => (ms < 0 ? `${ms}` : `+${ms}`);
const percentile = (values: number[], fraction: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * fraction))] ?? NaN;

beforeAll(async () => {
  if (!hasPostgres) return;
  ensureBuilt();
  image = fs.mkdtempSync(path.join(os.tmpdir(), "luma-two-image-"));
  // The Dockerfile's two COPY lines.
  fs.cpSync(path.join(root, ".next/standalone"), image, { recursive: true, verbatimSymlinks: true });
  fs.cpSync(path.join(root, ".next/static"), path.join(image, ".next/static"), { recursive: true });

  database = await createTestDatabase();
  db = new Client({ connectionString: database.url });
  await db.connect();
  sim = await startStandaloneSimulator({
    SIMULATOR_API_KEY: KEY,
    SIMULATOR_PENDING_SECONDS: "1",
    SIMULATOR_PROCESSING_SECONDS: "2",
    // Status checks take a while, so A dies with checks in flight and the leases they hold.
    SIMULATOR_SCENARIO: JSON.stringify({ getDelayMs: 700 }),
  });
  s3 = await startS3Server();
  for (const [offset, name] of (["A", "B"] as const).entries()) {
    const port = PORT + offset;
    instances.push({
      name,
      port,
      base: `http://127.0.0.1:${port}`,
      s3: await startS3WriteCounter(s3.endpoint, s3.bucket),
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), `luma-two-${name}-`)),
    });
  }
  // One at a time: both migrating an empty database at once is the pg store's own test; here, boot time matters less.
  for (const instance of instances) await startInstance(instance);
  browser = await launchBrowser();
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(instances.map((instance) => stop(instance.running)));
  await Promise.all(instances.map((instance) => instance.s3.close()));
  await s3?.close();
  await sim?.close();
  await db?.end().catch(() => undefined);
  await database?.drop();
  if (image) fs.rmSync(image, { recursive: true, force: true });
  for (const instance of instances) fs.rmSync(instance.dataDir, { recursive: true, force: true });
});

describe.skipIf(!hasPostgres)("two built instances on one PostgreSQL database and one S3 bucket", () => {
  it(
    "complete and archive 50 generations exactly once while A is SIGKILLed and restarted, and both galleries hear every completion live",
    async () => {
      const [a, b] = instances as [Instance, Instance];
      if (!browser) throw new Error("no browser");
      const tabs: Record<"A" | "B", LiveTab> = {
        A: await openLiveGallery(browser, a.base, ACCESS_TOKEN),
        B: await openLiveGallery(browser, b.base, ACCESS_TOKEN),
      };
      await until("both galleries connected", 30_000, async () =>
        (await tabs.A.heard()).opens.length > 0 && (await tabs.B.heard()).opens.length > 0 ? true : undefined,
      );

      const startedAt = Date.now();
      const created: Created[] = [];
      await createRange(0, HOLD_AFTER, created);
      await until(
        `the first ${HOLD_AFTER} completed`,
        2 * 60_000,
        async () => ((await listThisRun(b.base)).filter((item) => item.state === "completed").length === HOLD_AFTER ? true : undefined),
        250,
      );

      // Hold completions (see the top), then kill A the moment it holds a lease on a check in flight.
      await setSimulatorScenario({ stuck: true });
      await createRange(HOLD_AFTER, KILL_AFTER, created);
      const killed = a.running;
      if (!killed?.child.pid) throw new Error("A is not running");
      const deadOwner = `${os.hostname()}:${killed.child.pid}:`;
      const leasedAtKill = await until(
        "A holds a lease on a check in flight",
        30_000,
        async () => {
          const held = await leasesHeldBy(deadOwner);
          return held.some((lease) => lease.isCheck) ? held.map((lease) => lease.id) : undefined;
        },
        20,
      );
      killed.child.kill("SIGKILL");
      await killed.exited;
      const killedAt = Date.now();
      const takeover = watchTakeover(leasedAtKill, deadOwner, 3 * 60_000);

      // The balancer's retries while A is down: the creates meant for A land on B.
      await createRange(KILL_AFTER, KILL_AFTER + 2, created);
      expect(created.slice(KILL_AFTER).map((entry) => entry.answeredBy)).toEqual(["B", "B"]);

      const restartedAt = Date.now();
      await startInstance(a);
      const readyAt = Date.now();
      await until("A's gallery reconnected", 60_000, async () => ((await tabs.A.heard()).opens.some((at) => at > readyAt - 1000) ? true : undefined));
      const reconnectedAt = Date.now();
      await setSimulatorScenario({ stuck: false });

      await createRange(KILL_AFTER + 2, TOTAL, created);
      const createdAll = Date.now();

      // Done means completed and archived (the clean copy). Watched through one list call a round (alternating
      // instances) rather than 50 GETs: the test's own load must not be what delays the live events it times.
      const isDone = (generation: Generation | undefined) => generation?.state === "completed" && generation.isArchived && !generation.isCleanCopyMissing;
      let round = 0;
      await until(
        `all ${TOTAL} completed and archived`,
        5 * 60_000,
        async () => {
          const items = await listThisRun(instances[round++ % 2]!.base);
          const failed = items.filter((item) => item.state === "failed" || item.state === "timed_out").map((item) => `${item.id} ${item.state}`);
          expect(failed, "generations that ended without a clip").toEqual([]);
          return items.length === TOTAL && items.every(isDone) ? true : undefined;
        },
        500,
      );
      const doneAt = Date.now();
      // And each one read by id, on alternating instances.
      const finished = new Map(
        await Promise.all(created.map(async (entry, index) => [entry.id, await getGeneration(instances[index % 2]!.base, entry.id)] as const)),
      );
      for (const [id, generation] of finished) expect(isDone(generation), `generation ${id} completed and archived`).toBe(true);
      const takenOver = await takeover;

      // Nothing lost or doubled: each instance lists exactly this run's 50, one row per create.
      const ids = created.map((entry) => entry.id).sort();
      expect(new Set(ids).size).toBe(TOTAL);
      for (const instance of instances) expect((await listThisRun(instance.base)).map((item) => item.id).sort(), `${instance.name}'s list`).toEqual(ids);

      // A client retrying on the other instance with the same key gets the same generation, and no new create.
      for (const entry of created.slice(0, 10)) {
        const other = entry.answeredBy === "A" ? b : a;
        const replay = await fetch(`${other.base}/api/generations`, {
          method: "POST",
          headers: { ...owner, "content-type": "application/json", "idempotency-key": entry.key },
          body: JSON.stringify({ prompt: entry.prompt }),
        });
        expect(replay.status).toBeLessThan(300);
        expect(((await replay.json()) as Generation).id).toBe(entry.id);
      }
      // Soft from here on: one run reports every kind of failure, and the figures below are still printed.
      expect.soft((await sim.stats()).creates, "creates the upstream accepted").toBe(TOTAL);

      // Each clip written to the bucket exactly once, whoever wrote it.
      const writes = instances.flatMap((instance) => instance.s3.writes.map((write) => ({ ...write, by: instance.name })));
      const videoWrites = new Map(ids.map((id) => [`gen/${id}/video.mp4`, [] as string[]]));
      // Said with when (relative to the kill), so a double write can be traced to a takeover or to a race.
      for (const write of writes) videoWrites.get(write.key)?.push(`${write.by} ${write.kind} at kill${signed(write.at - killedAt)} ms`);
      const notOnce = [...videoWrites].filter(([, by]) => by.length !== 1);
      expect.soft(notOnce, "video keys not written exactly once").toEqual([]);

      // Live: each tab heard every completion, typically within a second of the instance writing it.
      await wait(LIVE_WITHIN_MS);
      const live: Record<string, { p50: number; max: number; heard: number }> = {};
      for (const name of ["A", "B"] as const) {
        const heard = firstHeardInState((await tabs[name].heard()).messages, "completed");
        // Said with when each missed one was completed, relative to A's gallery reconnecting after the restart.
        const missing = ids
          .filter((id) => !heard.has(id))
          .map((id) => `${id} completed at reconnect${signed(Date.parse(finished.get(id)?.completedAt ?? "") - reconnectedAt)} ms`);
        expect.soft(missing, `completions ${name}'s gallery never heard`).toEqual([]);
        const latencies = ids.flatMap((id) => heard.get(id) ?? []).map(({ heardAt, writtenAt }) => heardAt - writtenAt);
        live[name] = { heard: heard.size, p50: percentile(latencies, 0.5), max: Math.max(...latencies) };
        expect.soft(live[name].p50, `${name}'s median completion (ms)`).toBeLessThan(LIVE_WITHIN_MS);
        expect.soft(live[name].max, `${name}'s slowest completion (ms)`).toBeLessThan(LIVE_SLOWEST_MS);
      }

      expect.soft([...takenOver.keys()].sort(), "every lease A held at its death was taken over").toEqual([...leasedAtKill].sort());
      const takeoverTimes = [...takenOver.values()];
      const takenBy = (instance: Instance) => takeoverTimes.filter((entry) => entry.by.startsWith(`${os.hostname()}:${instance.running?.child.pid}:`)).length;
      console.log(
        `[two-instances] ${TOTAL} created in ${createdAll - startedAt} ms, all completed and archived ${doneAt - startedAt} ms after the first create; ` +
          `A down ${readyAt - killedAt} ms (restart to healthy ${readyAt - restartedAt} ms, gallery back ${reconnectedAt - readyAt} ms later); ` +
          `${leasedAtKill.length} leases held by A at the kill, taken over ${Math.min(...takeoverTimes.map((entry) => entry.at)) - killedAt}–${Math.max(...takeoverTimes.map((entry) => entry.at)) - killedAt} ms after it ` +
          `(${takenBy(a)} by the restarted A, ${takenBy(b)} by B, ${takeoverTimes.length - takenBy(a) - takenBy(b)} finished or released); ` +
          `video writes A ${a.s3.writes.filter((write) => write.key.endsWith("video.mp4")).length}, B ${b.s3.writes.filter((write) => write.key.endsWith("video.mp4")).length}; ` +
          `live p50/max A ${live.A?.p50}/${live.A?.max} ms, B ${live.B?.p50}/${live.B?.max} ms`,
      );
    },
    12 * 60_000,
  );
});
