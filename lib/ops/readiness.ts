import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { getStore } from "@/lib/db/store";
import { getUpstreamStatus } from "@/lib/luma/upstream-health";
import { getMediaStorage, type MediaStorage } from "@/lib/storage";
import { isShuttingDown } from "./shutdown-state";

type CheckResult = "ok" | "failed";

/**
 * What a load balancer's readiness probe learns. Deliberately words only (no error text, no addresses): the
 * probe is answered without a session. The upstream is reported, not required: every instance shares the one
 * gateway, so taking them all out of rotation when it fails would turn a gateway outage into a studio outage
 * (the gallery, downloads and archived clips work without it).
 */
export type Readiness = {
  ready: boolean;
  failed: string[];
  checks: { database: CheckResult; media: CheckResult; upstream: "ok" | "degraded" };
};

/** A probe must answer before the balancer's own timeout, even when a store hangs. */
const CHECK_TIMEOUT_MS = 3_000;
/** Probes come every few seconds from each balancer; one round trip to the store serves a burst of them. */
const MEDIA_RESULT_TTL_MS = 5_000;
const PROBE_BYTES = Buffer.from("luma-studio readiness probe\n");

const holder = globalThis as typeof globalThis & { __lumaMediaProbe?: { at: number; result: Promise<CheckResult> } };

function withTimeout<T>(work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return Buffer.concat(chunks);
}

/** Write, read back and delete a tiny object: the archiver needs all three, and a stat alone proves none. */
async function probeMediaStorage(storage: MediaStorage): Promise<CheckResult> {
  const key = `ops/ready-${randomUUID()}.bin`;
  const temp = path.join(await storage.tempDir(), `ready-${randomUUID()}.part`);
  try {
    await fs.writeFile(temp, PROBE_BYTES);
    await storage.putFile(key, temp, "application/octet-stream");
    const back = await readAll(await storage.openReadStream(key));
    return back.equals(PROBE_BYTES) ? "ok" : "failed";
  } finally {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    await storage.delete(key).catch(() => undefined);
  }
}

function mediaCheck(): Promise<CheckResult> {
  const now = Date.now();
  const cached = holder.__lumaMediaProbe;
  if (cached && now - cached.at < MEDIA_RESULT_TTL_MS) return cached.result;
  const result = withTimeout(
    probeMediaStorage(getMediaStorage()).catch((): CheckResult => "failed"),
    "failed" as CheckResult,
  );
  holder.__lumaMediaProbe = { at: now, result };
  return result;
}

function databaseCheck(): Promise<CheckResult> {
  const ping = (async (): Promise<CheckResult> => ((await getStore().ping()) ? "ok" : "failed"))();
  return withTimeout(
    ping.catch((): CheckResult => "failed"),
    "failed",
  );
}

export async function checkReadiness(): Promise<Readiness> {
  const [database, media] = await Promise.all([databaseCheck(), mediaCheck()]);
  // The last state the reconciler and the routes saw; never a call to the gateway per probe.
  const upstream = getUpstreamStatus().health === "ok" ? "ok" : "degraded";
  const failed = [...(isShuttingDown() ? ["shutting_down"] : []), ...(database === "ok" ? [] : ["database"]), ...(media === "ok" ? [] : ["media"])];
  return { ready: failed.length === 0, failed, checks: { database, media, upstream } };
}
