import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getStore } from "@/lib/db/store";
import type { GenerationRow } from "@/lib/db/schema";
import { kickReconciler } from "@/lib/jobs/reconciler-signal";

/** Pulls a job id out of an undocumented callback body: id | task_id | data.id | data.task_id | data[0].task_id. */
function upstreamIdFromHint(body: unknown): string | null {
  const record = (value: unknown) => (value && typeof value === "object" ? (value as Record<string, unknown>) : null);
  const root = record(body);
  const data = root?.data;
  const first = Array.isArray(data) ? record(data[0]) : record(data);
  for (const candidate of [root?.id, root?.task_id, first?.id, first?.task_id]) {
    if (typeof candidate === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(candidate)) return candidate;
  }
  return null;
}

/**
 * The row a callback URL names, when its secret matches; checked before the body is read, so a stranger
 * cannot make us read anything.
 */
export async function verifyCallback(id: string, secret: string): Promise<GenerationRow | null> {
  const row = await getStore().getGenerationById(id);
  const expected = Buffer.from(row?.callbackSecretHash ?? "0".repeat(64), "hex");
  const given = createHash("sha256").update(secret).digest();
  // Compare even for unknown ids, so timing reveals nothing about which ids exist.
  const isMatch = timingSafeEqual(expected.length === given.length ? expected : Buffer.alloc(given.length), given);
  return row && row.callbackSecretHash && isMatch ? row : null;
}

/**
 * A gateway callback is only a hint: once `verifyCallback` has matched the per-generation secret, the
 * reconciler re-reads the job from the upstream.
 */
export async function applyCallback(row: GenerationRow, hint: unknown): Promise<void> {
  const id = row.id;
  const now = Date.now();
  const hintedId = upstreamIdFromHint(hint);
  const isLostCreate = row.state === "unknown" || row.state === "submitting" || (row.state === "failed" && row.failureCode === "outcome_unknown");
  if (!row.upstreamId && hintedId && isLostCreate) {
    // The create answer was lost, but the callback URL proves this job is ours: adopt its id, even after
    // the wait for it ended, so a job that was made (and paid for) is never left behind.
    await getStore().updateGenerationIfState(id, [row.state], { upstreamId: hintedId, state: "unknown", completedAt: null, nextCheckAt: now, updatedAt: now });
  } else if (row.state === "queued" || row.state === "running" || row.state === "unknown") {
    await getStore().updateGenerationIfState(id, [row.state], { nextCheckAt: now });
  }
  kickReconciler();
}
