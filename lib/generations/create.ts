import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getStore } from "@/lib/db/store";
import type { GenerationRow, NewGenerationRow } from "@/lib/db/schema";
import { checkCombination } from "@/lib/luma/capabilities";
import { isLumaError, type LumaError } from "@/lib/luma/errors";
import type { LumaProvider } from "@/lib/luma/provider";
import type { UpstreamSnapshot } from "@/lib/luma/types";
import type { VideoRequest } from "@/lib/luma/video-request";
import { publishGeneration } from "./events";
import { prepareFrame } from "./frames";
import { nextCheckDelayMs, RECHECK_AFTER_INTERVALS, safeStringify } from "./lifecycle";
import { toGenerationJson } from "./read";
import { describeLostAnswer, noteUpstreamFailure, toAppError } from "./upstream-errors";
import { callbackUrlFor, canHearBack, getProvider } from "@/lib/luma/upstream";
import { combinationError, lineageFingerprint, toVideoRequest, type GenerationInput, type Lineage } from "./upstream-request";
import { markUpstreamOk } from "@/lib/luma/upstream-health";
import { kickReconciler } from "@/lib/jobs/reconciler-signal";
import { admissionContext, type AdmissionCheck } from "@/lib/security/limits";
import { createLimitsStore } from "@/lib/shared-state/stores";
import type { ServerTiming } from "@/lib/server-timing";
import type { Generation } from "./types";

export type CreateResult = { generation: Generation; status: 201 | 202; replayed: boolean };
export type { GenerationInput, Lineage } from "./upstream-request";

// In-process waiters, so a duplicate request with the same key waits for the first one's outcome (every create
// route is its own module instance, the map must be one per process).
const holder = globalThis as typeof globalThis & { __lumaInflight?: Map<string, Promise<void>> };
const inflight = (holder.__lumaInflight ??= new Map());

export function hashRequest(request: GenerationInput & Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.entries(request)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return createHash("sha256").update(canonical).digest("hex");
}

/**
 * Write-ahead create: the row exists before the upstream is asked, so no outcome can be lost.
 * With an idempotency key, any number of repeated or concurrent calls make one upstream create.
 */
export async function createGeneration(
  request: GenerationInput,
  options: { idempotencyKey?: string; lineage?: Lineage; admit?: AdmissionCheck; timing?: ServerTiming } = {},
): Promise<CreateResult> {
  const { idempotencyKey, lineage } = options;
  const parent = lineage?.parent;
  const requestHash = hashRequest({ ...request, ...lineageFingerprint(lineage) });
  // Before the row: a frame that cannot be used is a validation error, not a half-made generation.
  const [startFrame, endFrame] = await Promise.all([prepareFrame(request.imageUrl), prepareFrame(request.imageEndUrl)]);
  // Also before the row: an upstream that is not there (demo simulator down) refuses cleanly, leaving nothing.
  const provider = await getProvider();
  // And what this upstream would refuse (or silently ignore) is refused here, with the field to change.
  const upstreamRequest = await toVideoRequest(request, { start: startFrame, end: endFrame }, lineage, provider);
  const issues = checkCombination(upstreamRequest, provider.capabilities);
  if (issues.length > 0) throw combinationError(issues);
  const sent = sentOptions(upstreamRequest, provider, lineage);
  // Two passes at most: if the first holder of the key was refused, its row is gone and we may try.
  for (let attempt = 0; attempt < 2; attempt++) {
    const now = Date.now();
    const id = randomUUID();
    const secret = canHearBack() ? randomBytes(24).toString("base64url") : null;
    const inserted = await admitAndInsert(options.admit, {
      id,
      idempotencyKey: idempotencyKey ?? null,
      requestHash,
      state: "submitting",
      prompt: request.prompt,
      aspectRatio: request.aspectRatio,
      expandPrompt: request.expandPrompt,
      loop: request.loop,
      imageUrl: startFrame?.stored ?? null,
      imageEndUrl: endFrame?.stored ?? null,
      provider: provider.name,
      ...sent,
      kind: lineage?.kind ?? "video",
      parentId: parent?.id ?? null,
      secondParentId: lineage?.kind === "interpolate" ? lineage.secondParent.id : null,
      editStrength: lineage?.kind === "video_edit" ? (lineage.editStrength ?? null) : null,
      sourcePosition: lineage?.kind === "video_reframe" && lineage.sourcePosition ? JSON.stringify(lineage.sourcePosition) : null,
      callbackSecretHash: secret ? sha256(secret) : null,
      createdAt: now,
      updatedAt: now,
      deadlineAt: now + env.GENERATION_TIMEOUT_MINUTES * 60_000,
    });
    if (inserted) {
      options.timing?.step("admit");
      const settled = submitUpstream(provider, id, upstreamRequest, secret, lineage, options.timing);
      inflight.set(
        id,
        settled.then(
          () => undefined,
          () => undefined,
        ),
      );
      try {
        return await settled;
      } finally {
        inflight.delete(id);
      }
    }
    const existing = await waitForSettled(idempotencyKey as string);
    if (!existing) continue;
    if (existing.requestHash !== requestHash) {
      throw new AppError("idempotency_conflict", "This Idempotency-Key was already used with different options. Use a new key for a new generation.");
    }
    return { generation: toGenerationJson(existing), status: existing.failureCode === "outcome_unknown" ? 202 : 201, replayed: true };
  }
  throw new AppError("upstream_unavailable", "The gateway refused this generation. Try again.");
}

/**
 * The spending limits count rows, and reading them is async: checking them and inserting the write-ahead row
 * run one create at a time (in this process, and across instances with PostgreSQL), so concurrent creates
 * cannot both take the last slot.
 */
function admitAndInsert(admit: AdmissionCheck | undefined, row: NewGenerationRow): Promise<boolean> {
  return createLimitsStore().exclusive(async (transaction) => {
    const context = admissionContext(transaction);
    await admit?.(context);
    // The row's first timeline entry is committed with it: one commit before the upstream call, never one without the other.
    return context.store.insertGeneration(row, { state: row.state, upstreamState: null, note: null, at: row.createdAt });
  });
}

/**
 * What the row records as asked for: the person's choices, or the upstream's defaults that the provider sends in
 * their place. A platform extend sends none of them and continues its parent, so it inherits the parent's.
 */
function sentOptions(request: VideoRequest, provider: LumaProvider, lineage: Lineage | undefined) {
  const caps = provider.capabilities;
  if (lineage?.kind === "extend" && provider.name === "platform") {
    const { parent } = lineage;
    return {
      model: parent.model,
      resolution: parent.resolution,
      duration: parent.duration,
      cameraMove: request.cameraMove ?? null,
      hdr: false,
      exrExport: false,
    };
  }
  const isNewClip = request.type === "video";
  return {
    model: request.model ?? caps.defaultModel,
    resolution: request.resolution ?? caps.defaultResolution,
    // An edit or a reframe keeps its source's length unless one is chosen.
    duration: request.duration ?? (isNewClip ? caps.defaultDuration : (lineage?.parent.duration ?? null)),
    cameraMove: request.cameraMove ?? null,
    hdr: request.hdr ?? false,
    exrExport: request.exrExport ?? false,
  };
}

async function submitUpstream(
  provider: LumaProvider,
  id: string,
  request: VideoRequest,
  secret: string | null,
  lineage?: Lineage,
  timing?: ServerTiming,
): Promise<CreateResult> {
  const notifyHook = secret ? callbackUrlFor(id, secret) : undefined;
  try {
    const { upstreamId, snapshot } = await provider.create(request, { notifyHook });
    timing?.step("upstream");
    const row = await recordAccepted(id, upstreamId, snapshot);
    timing?.step("accept");
    // An accepted create proves the key works: status checks paused by a 401 resume now.
    markUpstreamOk();
    kickReconciler();
    return { generation: toGenerationJson(row), status: 201, replayed: false };
  } catch (error) {
    if (isLumaError(error) && !error.mayHaveReachedUpstream) {
      // A clear refusal: nothing was created upstream, nothing was charged. Free the key.
      await getStore().deleteGenerationById(id);
      noteUpstreamFailure(error);
      throw lineage && error.kind === "not_found" ? extendSourceGone(error) : toAppError(error);
    }
    // Timeout, reset, an ambiguous 5xx or a 2xx we could not read: the job may exist and cost money.
    // Never re-send it; say so on the row, and wait for a callback only if one can come.
    const row = await recordLostAnswer(id, describeLostAnswer(error, env.LUMA_CREATE_TIMEOUT_MS), secret !== null);
    if (!row) throw error;
    return { generation: toGenerationJson(row), status: 202, replayed: false };
  }
}

/**
 * Without callbacks (no PUBLIC_BASE_URL) nothing can ever reveal the job, so the row settles at once as
 * failed with `outcome_unknown`; with callbacks it stays `unknown`, explained the same way, while one may come.
 */
async function recordLostAnswer(id: string, detail: string, canHearBack: boolean): Promise<GenerationRow | undefined> {
  const now = Date.now();
  const explained = { failureCode: "outcome_unknown" as const, failureReason: detail, lastCheckError: detail, updatedAt: now };
  const state = canHearBack ? "unknown" : "failed";
  const row = await getStore().updateGenerationIfState(
    id,
    ["submitting"],
    canHearBack
      ? { ...explained, state, nextCheckAt: now + RECHECK_AFTER_INTERVALS.lostAnswer * env.STATUS_CHECK_INTERVAL_MS }
      : { ...explained, state, nextCheckAt: null, completedAt: now },
    { state, upstreamState: null, note: `create answer lost: ${detail}`, at: now },
  );
  if (!row) return undefined;
  publishGeneration(row);
  return row;
}

function extendSourceGone(error: LumaError): AppError {
  return new AppError(
    "upstream_rejected",
    'The gateway no longer knows the clip you are extending (HTTP 404), so it can\'t be extended. Nothing was charged. Use "Continue from last frame" instead: it starts from our archived copy.',
    { cause: error },
  );
}

async function recordAccepted(id: string, upstreamId: string, snapshot: UpstreamSnapshot | null): Promise<GenerationRow> {
  const now = Date.now();
  const state = snapshot?.state === "running" ? "running" : "queued";
  const upstreamState = snapshot?.rawState ?? null;
  // The move and its timeline entry in one statement: one round trip to PostgreSQL, one commit in SQLite.
  const row = await getStore().updateGenerationIfState(
    id,
    ["submitting", "unknown"],
    {
      upstreamId,
      state,
      upstreamState,
      estimateWaitSeconds: snapshot?.estimateWaitSeconds ?? null,
      rawUpstream: snapshot ? safeStringify(snapshot.raw) : null,
      updatedAt: now,
      nextCheckAt: now + nextCheckDelayMs(0, env.STATUS_CHECK_INTERVAL_MS),
    },
    { state, upstreamState, note: null, at: now },
  );
  if (row) {
    publishGeneration(row);
    return row;
  }
  const current = await getStore().getGenerationById(id);
  if (!current) throw new AppError("internal", "The generation vanished while it was being created");
  return current;
}

/** Waits until the row holding `key` has left `submitting` (or is gone because the upstream refused it). */
async function waitForSettled(key: string): Promise<GenerationRow | undefined> {
  const deadline = Date.now() + env.LUMA_CREATE_TIMEOUT_MS + 5_000;
  for (;;) {
    const row = await getStore().getGenerationByIdempotencyKey(key);
    if (!row || row.state !== "submitting") return row;
    const local = inflight.get(row.id);
    if (local) await local;
    else if (Date.now() > deadline) return row;
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
