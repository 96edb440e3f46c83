/**
 * notify_hook delivery. Real gateways give no guarantees here, so besides "normal" the simulator can
 * drop callbacks, send each twice, or let a stale "processing" arrive after the terminal one.
 */
import http from "node:http";
import https from "node:https";
import { isJobStuck, isTerminal, jobStateAt, nextChangeAt, type Job, type JobState } from "./jobs";
import type { CallbackMode } from "./scenario";

const TIMEOUT_MS = 5_000;

export type CallbackDeps = {
  render(job: Job, state: JobState, nowMs: number): unknown;
  mode(): CallbackMode;
  onSent(): void;
  log(line: string): void;
};

export type CallbackDispatcher = {
  /** Starts following a job that has a notify_hook. */
  watch(job: Job): void;
  /** Re-evaluates every followed job, e.g. after stuck jobs were released. */
  recheckAll(): void;
  stop(): void;
};

type Watched = {
  job: Job;
  notified: JobState;
  timer: NodeJS.Timeout | null;
  deferred: string | null; // a held-back "processing" payload in out_of_order mode
  chain: Promise<void>; // deliveries for one job go out one after another, so their order is the intended one
};

const ORDER: Record<JobState, number> = { pending: 0, processing: 1, completed: 2, failed: 2 };

export function createCallbackDispatcher(deps: CallbackDeps): CallbackDispatcher {
  const watched = new Map<string, Watched>();
  const inFlight = new Set<http.ClientRequest>();
  let isStopped = false;

  function post(url: string, body: string): Promise<void> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve();
        return;
      }
      const transport = target.protocol === "https:" ? https : http;
      const req = transport.request(target, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "luma-simulator" },
      });
      const timer = setTimeout(() => req.destroy(new Error("callback timed out")), TIMEOUT_MS).unref();
      const finish = () => {
        clearTimeout(timer);
        inFlight.delete(req);
        resolve();
      };
      inFlight.add(req);
      req.on("response", (res) => {
        res.resume();
        res.on("end", finish);
        res.on("error", finish);
      });
      req.on("error", (error) => {
        deps.log(`callback to ${target.origin} failed: ${error.message}`);
        finish();
      });
      req.end(body);
    });
  }

  function send(entry: Watched, body: string): void {
    const url = entry.job.notifyHook;
    if (!url) return;
    entry.chain = entry.chain.then(() => {
      if (isStopped) return;
      deps.onSent();
      return post(url, body);
    });
  }

  function deliver(entry: Watched, state: JobState, nowMs: number): void {
    const mode = deps.mode();
    if (mode === "none") return;
    const body = JSON.stringify(deps.render(entry.job, state, nowMs));
    if (mode === "duplicate") {
      send(entry, body);
      send(entry, body);
    } else if (mode === "out_of_order" && state === "processing" && !isJobStuck(entry.job)) {
      entry.deferred = body;
    } else {
      send(entry, body);
      if (mode === "out_of_order" && entry.deferred) send(entry, entry.deferred);
      entry.deferred = null;
    }
  }

  function check(id: string): void {
    const entry = watched.get(id);
    if (!entry || isStopped) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;

    const nowMs = Date.now();
    const state = jobStateAt(entry.job, nowMs);
    // A poll gap may skip a state; every change is still announced, in order.
    if (ORDER[entry.notified] < ORDER.processing && ORDER[state] >= ORDER.processing) deliver(entry, "processing", nowMs);
    if (isTerminal(state)) {
      deliver(entry, state, nowMs);
      watched.delete(id);
      return;
    }
    entry.notified = state;
    const next = nextChangeAt(entry.job, nowMs);
    if (next !== null) entry.timer = setTimeout(() => check(id), Math.max(0, next - nowMs) + 1).unref();
  }

  return {
    watch(job) {
      if (!job.notifyHook || isStopped) return;
      watched.set(job.id, { job, notified: "pending", timer: null, deferred: null, chain: Promise.resolve() });
      check(job.id);
    },
    recheckAll() {
      for (const id of [...watched.keys()]) check(id);
    },
    stop() {
      isStopped = true;
      for (const entry of watched.values()) if (entry.timer) clearTimeout(entry.timer);
      watched.clear();
      for (const req of inFlight) req.destroy();
      inFlight.clear();
    },
  };
}
