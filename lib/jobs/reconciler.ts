import "server-only";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { getStore, releaseLeasesOfDeadProcesses } from "@/lib/db/store";
import type { GenerationRow } from "@/lib/db/schema";
import { archiveGeneration } from "@/lib/generations/archive";
import { checkGeneration, commitTransition } from "@/lib/generations/refresh";
import { upstreamPausedUntil } from "@/lib/luma/upstream-health";
import { getMediaStorage } from "@/lib/storage";
import { cleanupStaleTemp } from "@/lib/storage/local-storage";
import { removeUnusedUploads } from "@/lib/storage/unused-uploads";
import { instanceId } from "./instance-id";
import { registerReconcilerWakeUp } from "./reconciler-signal";

// Cheap: one indexed query. Short enough that a due check or a kick is never noticeably late.
const TICK_MS = 250;
const LEASE_MS = 60_000;
/** Running work renews its leases this often, so a copy that outlasts one lease is never taken over (and written twice). */
const LEASE_RENEW_EVERY_MS = LEASE_MS / 3;
const ARCHIVE_CONCURRENCY = 2;
/** Uploaded frames no generation uses are kept this long (someone may still be filling in the form)… */
const UNUSED_UPLOAD_MAX_AGE_MS = 24 * 60 * 60_000;
/** …and looked for this often. */
const UPLOAD_SWEEP_EVERY_MS = 60 * 60_000;
/**
 * With PostgreSQL, how often creates abandoned by an instance that died are looked for: the others stay up, so
 * boot is not the only time to look. The store itself only takes rows older than any create call can last.
 */
export const INTERRUPTED_CREATE_SWEEP_EVERY_MS = 60_000;

type ReconcilerState = {
  timer: NodeJS.Timeout;
  checks: Set<string>;
  archives: Set<string>;
  /** Every status check and archive copy running now, so a shutdown can wait for them. */
  work: Set<Promise<void>>;
  /** Boot's recovery (interrupted creates, leases of a dead process): no tick claims work before it is done. */
  resumed: Promise<void>;
  /** The tick running now, which a stop waits for: it may have claimed rows that are not in `work` yet. */
  ticking: Promise<void> | null;
  /** Asked for while a tick ran: one more follows it, so a kick is never left for the next interval. */
  isTickQueued: boolean;
  wakeQueued: boolean;
  nextUploadSweepAt: number;
  nextLeaseRenewalAt: number;
  nextInterruptedCreateSweepAt: number;
};

// Exactly one reconciler per process, whichever module instance starts it.
const holder = globalThis as typeof globalThis & { __lumaReconciler?: ReconcilerState };

/**
 * The only code that asks the upstream about unfinished jobs. Browsers read our database, so the
 * number of status calls depends on the number of jobs, never on the number of open tabs.
 */
export function startReconciler(): Promise<void> {
  if (env.DISABLE_RECONCILER) return Promise.resolve();
  if (holder.__lumaReconciler) return holder.__lumaReconciler.resumed;
  void cleanupStaleTemp(60 * 60_000, env.MEDIA_DIR).catch(() => undefined);

  const state: ReconcilerState = {
    timer: setInterval(() => void tick(), TICK_MS),
    checks: new Set(),
    archives: new Set(),
    work: new Set(),
    resumed: resumeUnfinishedWork(),
    ticking: null,
    isTickQueued: false,
    wakeQueued: false,
    nextUploadSweepAt: 0,
    nextLeaseRenewalAt: Date.now() + LEASE_RENEW_EVERY_MS,
    // Boot's recovery has just looked.
    nextInterruptedCreateSweepAt: Date.now() + INTERRUPTED_CREATE_SWEEP_EVERY_MS,
  };
  state.timer.unref();
  holder.__lumaReconciler = state;
  registerReconcilerWakeUp(() => {
    if (state.wakeQueued) return;
    state.wakeQueued = true;
    setImmediate(() => {
      state.wakeQueued = false;
      void tick();
    });
  });
  void tick();
  return state.resumed;
}

/** Never rejects: a failure is logged and the ticks go on (a later claim still finds the due work). */
async function resumeUnfinishedWork(): Promise<void> {
  try {
    const interrupted = await getStore().markInterruptedCreatesUnknown(Date.now());
    const released = await releaseLeasesOfDeadProcesses();
    if (interrupted || released) log.info("reconciler resumed unfinished work", { interrupted, released });
  } catch (error) {
    log.error("resuming unfinished work failed", { error });
  }
}

/**
 * Takes no more work (no new leases) and answers when the checks and copies already running have finished,
 * or after `timeoutMs` with the ids still running: their leases are handed back, so the next process (or
 * another instance) takes them over at once instead of waiting for the lease to expire.
 */
export async function stopReconciler(timeoutMs = 0): Promise<{ unfinished: string[] }> {
  const state = holder.__lumaReconciler;
  if (!state) return { unfinished: [] };
  clearInterval(state.timer);
  holder.__lumaReconciler = undefined;
  registerReconcilerWakeUp(() => undefined);
  if (timeoutMs <= 0) return { unfinished: [] };
  await state.ticking;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled([...state.work]),
    new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  const unfinished = [...state.checks, ...state.archives];
  if (unfinished.length > 0) {
    await getStore()
      .releaseLeases(instanceId(), unfinished)
      .catch((error: unknown) => log.error("handing back leases failed", { error, unfinished }));
  }
  return { unfinished };
}

function tick(): Promise<void> {
  const state = holder.__lumaReconciler;
  if (!state) return Promise.resolve();
  if (state.ticking) {
    state.isTickQueued = true;
    return state.ticking;
  }
  state.ticking = tickOnce(state).finally(() => {
    state.ticking = null;
    if (state.isTickQueued && holder.__lumaReconciler === state) {
      state.isTickQueued = false;
      setImmediate(() => void tick());
    }
  });
  return state.ticking;
}

async function tickOnce(state: ReconcilerState): Promise<void> {
  try {
    await state.resumed;
    const store = getStore();
    const now = Date.now();
    await timeOutOverdue(now);
    if (now >= state.nextLeaseRenewalAt) {
      state.nextLeaseRenewalAt = now + LEASE_RENEW_EVERY_MS;
      const running = [...state.checks, ...state.archives];
      const held = await store.renewLeases(instanceId(), running, now + LEASE_MS);
      if (held < running.length) log.warn("another instance took over work this one is still doing", { running: running.length, held });
    }
    // SQLite marks every `submitting` row, right only at boot, when no create of this process can be running.
    if (store.dialect === "postgres" && now >= state.nextInterruptedCreateSweepAt) {
      state.nextInterruptedCreateSweepAt = now + INTERRUPTED_CREATE_SWEEP_EVERY_MS;
      const interrupted = await store.markInterruptedCreatesUnknown(now);
      if (interrupted > 0) log.info("creates abandoned by a stopped instance marked unknown", { interrupted });
    }
    // Stopped while this tick awaited: a stopping reconciler takes no new leases.
    if (holder.__lumaReconciler !== state) return;
    if (now >= upstreamPausedUntil()) {
      const free = env.RECONCILER_CONCURRENCY - state.checks.size;
      if (free > 0) for (const row of await store.claimDueGenerations(now, free, LEASE_MS, instanceId())) run(state, state.checks, row, checkGeneration);
    }
    const freeArchives = ARCHIVE_CONCURRENCY - state.archives.size;
    if (freeArchives > 0 && holder.__lumaReconciler === state) {
      for (const row of await store.claimDueArchives(now, freeArchives, LEASE_MS, instanceId())) run(state, state.archives, row, archiveGeneration);
    }
    if (now >= state.nextUploadSweepAt) {
      state.nextUploadSweepAt = now + UPLOAD_SWEEP_EVERY_MS;
      void removeUnusedUploads({ storage: getMediaStorage(), olderThanMs: UNUSED_UPLOAD_MAX_AGE_MS, isInUse: (url) => getStore().isFrameUrlInUse(url) })
        .then((removed) => removed > 0 && log.info("removed uploaded frames no generation uses", { removed }))
        .catch((error: unknown) => log.error("removing unused uploads failed", { error }));
    }
  } catch (error) {
    log.error("reconciler tick failed", { error });
  }
}

function run(state: ReconcilerState, active: Set<string>, row: GenerationRow, work: (row: GenerationRow) => Promise<unknown>): void {
  active.add(row.id);
  const running: Promise<void> = work(row)
    .then(() => undefined)
    .catch((error: unknown) => log.error("reconciler job failed", { id: row.id, error }))
    .finally(() => {
      active.delete(row.id);
      state.work.delete(running);
      // A freed slot may have due work waiting behind it.
      setImmediate(() => void tick());
    });
  state.work.add(running);
}

async function timeOutOverdue(now: number): Promise<void> {
  for (const row of await getStore().listOverdueGenerations(now, 100)) {
    await commitTransition(
      row,
      { state: "timed_out", nextCheckAt: null, leaseUntil: null, updatedAt: now },
      `no result after ${env.GENERATION_TIMEOUT_MINUTES} min`,
    );
  }
}
