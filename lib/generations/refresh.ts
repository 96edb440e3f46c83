import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getStore } from "@/lib/db/store";
import type { GenerationRow, NewGenerationRow } from "@/lib/db/schema";
import { isLumaError } from "@/lib/luma/errors";
import { kickReconciler } from "@/lib/jobs/reconciler-signal";
import { publishGeneration } from "./events";
import { applySnapshot, errorBackoffMs, RECHECK_AFTER_INTERVALS, UNKNOWN_OUTCOME_REASON, UPSTREAM_LOST_REASON, type LifecycleConfig } from "./lifecycle";
import { noteUpstreamFailure } from "./upstream-errors";
import { canHearBack, getProvider } from "@/lib/luma/upstream";
import { markUpstreamOk, upstreamPausedUntil } from "@/lib/luma/upstream-health";
import { toGenerationJson } from "./read";
import type { Generation } from "./types";

function lifecycleConfig(): LifecycleConfig {
  return {
    completedWithoutUrlGraceMs: env.COMPLETED_WITHOUT_URL_GRACE_SECONDS * 1000,
    timeoutMs: env.GENERATION_TIMEOUT_MINUTES * 60_000,
    checkIntervalMs: env.STATUS_CHECK_INTERVAL_MS,
  };
}

/** Writes a patch only if nobody moved the row meanwhile, records the change and tells open pages. */
export async function commitTransition(row: GenerationRow, patch: Partial<NewGenerationRow>, note: string | null): Promise<GenerationRow | undefined> {
  const updated = await getStore().updateGenerationIfState(row.id, [row.state], patch);
  if (!updated) return undefined;
  if (updated.state !== row.state || note) {
    await getStore().insertGenerationEvent({ generationId: row.id, state: updated.state, upstreamState: updated.upstreamState, note, at: updated.updatedAt });
  }
  publishGeneration(updated);
  return updated;
}

/**
 * Asks the upstream about one generation and applies the answer. Used by the reconciler (with a
 * lease held) and by a person's "check again" (timed_out rows are re-opened when still alive).
 */
export async function checkGeneration(row: GenerationRow): Promise<GenerationRow | undefined> {
  const now = Date.now();
  if (!row.upstreamId) return resolveWithoutUpstreamId(row, now);
  const provider = await getProvider();
  try {
    const snapshot = await provider.get(row.upstreamId);
    markUpstreamOk();
    const { patch, note } = applySnapshot(row, snapshot, Date.now(), lifecycleConfig());
    if (row.state === "timed_out" && (patch.state === "queued" || patch.state === "running")) {
      patch.deadlineAt = Date.now() + lifecycleConfig().timeoutMs;
      return await commitTransition(row, patch, "re-checked: still running upstream");
    }
    return await commitTransition(row, patch, note);
  } catch (error) {
    return commitTransition(row, failedCheckPatch(row, error, now), null);
  }
}

function failedCheckPatch(row: GenerationRow, error: unknown, now: number): Partial<NewGenerationRow> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const common = { leaseUntil: null, lastCheckError: message, updatedAt: now };
  if (isLumaError(error)) {
    noteUpstreamFailure(error);
    if (error.kind === "rate_limited" || error.kind === "auth") {
      // Not this job's fault: wait for the shared pause without counting an attempt.
      return { ...common, nextCheckAt: Math.max(upstreamPausedUntil(), now + 1_000) };
    }
    if (error.kind === "not_found" && row.checkAttempts + 1 >= 3) {
      return { ...common, state: "failed", failureCode: "upstream_lost", failureReason: UPSTREAM_LOST_REASON, nextCheckAt: null, completedAt: now };
    }
  }
  const attempts = row.checkAttempts + 1;
  return { ...common, checkAttempts: attempts, nextCheckAt: now + errorBackoffMs(attempts, env.STATUS_CHECK_INTERVAL_MS) };
}

/**
 * An `unknown` create with no id: wait for a callback to reveal the job, then give a clear verdict. Without
 * callbacks nothing can reveal it, so the verdict comes at once (rows left `unknown` by an older version).
 */
function resolveWithoutUpstreamId(row: GenerationRow, now: number): Promise<GenerationRow | undefined> {
  if (!canHearBack() || now - row.createdAt >= env.UNKNOWN_OUTCOME_GRACE_MINUTES * 60_000) {
    const verdict = { state: "failed", failureCode: "outcome_unknown", failureReason: row.failureReason ?? UNKNOWN_OUTCOME_REASON } as const;
    return commitTransition(row, { ...verdict, nextCheckAt: null, leaseUntil: null, updatedAt: now, completedAt: now }, "outcome never confirmed");
  }
  return commitTransition(row, { nextCheckAt: now + RECHECK_AFTER_INTERVALS.withoutUpstreamId * env.STATUS_CHECK_INTERVAL_MS, leaseUntil: null }, null);
}

/** A person asked to check again: for timed-out, stuck or unknown jobs. */
export async function recheckGeneration(id: string): Promise<Generation> {
  const row = await getStore().getGenerationById(id);
  if (!row) throw new AppError("not_found", "No generation with this id");
  if (row.state === "completed" || row.state === "failed" || row.state === "submitting") return toGenerationJson(row);
  const updated = row.upstreamId ? await checkGeneration(row) : (kickReconciler(), row);
  return toGenerationJson(updated ?? (await getStore().getGenerationById(id)) ?? row);
}
