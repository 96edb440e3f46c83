import "server-only";
import { getStore } from "@/lib/db/store";
import type { GenerationStore } from "@/lib/db/store-types";
import { postgresStoreOn } from "@/lib/db/postgres/store";
import type { AdmissionConnection, CreateWindows } from "@/lib/shared-state/create-limits";
import { createLimitsStore } from "@/lib/shared-state/stores";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { recordLimitRefusal } from "@/lib/ops/metrics";
import { securityConfig } from "./config";
import { formatWait } from "./rate-window";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** A slot frees when some job finishes, which we cannot predict; this is how soon asking again makes sense. */
const IN_FLIGHT_RETRY_SECONDS = 15;

export type CreateRequester = { sessionId: string | null; address: string; idempotencyKey?: string };

/** Where the limits read and count: the process's store and windows, an admission's transaction, or (in tests) another instance's. */
export type LimitsContext = { store: GenerationStore; limits: CreateWindows };
const processContext = (): LimitsContext => ({ store: getStore(), limits: createLimitsStore() });

/** What the work of an admission (`CreateLimitsStore.exclusive`) or a check (`readTogether`) reads and writes through. */
export function admissionContext(connection: AdmissionConnection | null): LimitsContext {
  return connection ? { store: postgresStoreOn(connection.client), limits: connection.windows } : processContext();
}

/** The spending check of one create, run inside its admission: what createGeneration's `admit` option takes. */
export type AdmissionCheck = (context: LimitsContext) => Promise<void>;

export function admissionCheck(requester: CreateRequester): AdmissionCheck {
  return (context) => assertCreateAllowed(requester, Date.now(), context);
}

function limited(message: string, retryAfterSeconds: number, fields: Record<string, unknown>): AppError {
  log.warnAtMostEvery(`create refused: ${String(fields.limit)}`, MINUTE_MS, "create refused by a spending limit", fields);
  recordLimitRefusal(String(fields.limit));
  return new AppError("rate_limited", message, { retryAfterSeconds });
}

/**
 * The spending gate in front of every paid upstream call (create, extend). Called right before the write-ahead
 * insert, inside create's admission (lib/generations/create.ts), so concurrent requests, on one instance or
 * several, cannot both take the last slot. A repeated Idempotency-Key answers the stored generation and costs nothing,
 * so it passes without counting.
 */
export async function assertCreateAllowed(requester: CreateRequester, now = Date.now(), context = processContext()): Promise<void> {
  const { isReplay, refusal } = await readLimits(requester, now, context);
  if (isReplay) return;
  if (refusal) throw refusal;
  await context.limits.count(windowKeys(requester), now);
}

/**
 * The same rules without counting, for the steps before the insert that cost something too (reading and
 * storing inline frames, uploads): a request the limits would refuse is refused before it writes anything.
 */
export async function checkCreateAllowed(requester: CreateRequester, now = Date.now(), context?: LimitsContext): Promise<void> {
  const read = (on: LimitsContext) => readLimits(requester, now, on);
  const { isReplay, refusal } = await (context ? read(context) : createLimitsStore().readTogether((connection) => read(admissionContext(connection))));
  if (!isReplay && refusal) throw refusal;
}

const windowKeys = (requester: CreateRequester) => ({ session: requester.sessionId ?? "anonymous", address: requester.address });

/**
 * Everything the rules read, read at once: with PostgreSQL each read is a round trip, and one after the other
 * they were most of what a create added to the upstream call. Reading what a replay or an earlier refusal
 * makes moot costs nothing then, and the usual create needs every read.
 */
async function readLimits(requester: CreateRequester, now: number, { store, limits }: LimitsContext) {
  const perDay = securityConfig.maxPerDay;
  const [held, rateWait, inFlight, times] = await Promise.all([
    requester.idempotencyKey ? store.getGenerationByIdempotencyKey(requester.idempotencyKey) : undefined,
    limits.retryAfterSeconds(windowKeys(requester), securityConfig.createRatePerMinute, now),
    store.countUnfinishedGenerations(),
    perDay === undefined ? [] : store.listCreationTimesSince(now - DAY_MS, perDay + 1_000),
  ]);
  return { isReplay: Boolean(held), refusal: held ? null : createRefusal(requester, now, { rateWait, inFlight, times }) };
}

function createRefusal(
  requester: CreateRequester,
  now: number,
  { rateWait, inFlight, times }: { rateWait: number; inFlight: number; times: number[] },
): AppError | null {
  const perMinute = securityConfig.createRatePerMinute;
  if (rateWait > 0) {
    return limited(
      `Too many generations started: the limit is ${perMinute} per minute (CREATE_RATE_LIMIT_PER_MINUTE). Try again in ${formatWait(rateWait)}.`,
      rateWait,
      { limit: "CREATE_RATE_LIMIT_PER_MINUTE", address: requester.address },
    );
  }

  if (inFlight >= securityConfig.maxInFlight) {
    return limited(
      `${inFlight} generations are already in progress, the most allowed at once (MAX_IN_FLIGHT = ${securityConfig.maxInFlight}). A slot frees up as soon as one of them finishes; try again in a moment.`,
      IN_FLIGHT_RETRY_SECONDS,
      { limit: "MAX_IN_FLIGHT", inFlight },
    );
  }

  const perDay = securityConfig.maxPerDay;
  if (perDay !== undefined && times.length >= perDay) {
    const freesAt = (times[times.length - perDay] ?? now) + DAY_MS;
    const wait = Math.max(1, Math.ceil((freesAt - now) / 1000));
    return limited(
      `The daily limit of ${perDay} generations (MAX_GENERATIONS_PER_DAY, counted over the last 24 hours) is reached. The next one is possible at ${new Date(freesAt).toISOString().slice(11, 16)} UTC, in ${formatWait(wait)}.`,
      wait,
      { limit: "MAX_GENERATIONS_PER_DAY", count: times.length },
    );
  }
  return null;
}

/** For tests: forget the per-minute windows. */
export function resetCreateLimits(): Promise<void> {
  return createLimitsStore().reset();
}
