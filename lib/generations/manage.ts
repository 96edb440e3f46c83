import "server-only";
import { AppError } from "@/lib/errors";
import { getStore } from "@/lib/db/store";
import { getMediaStorage } from "@/lib/storage";
import type { ExtendGenerationRequest } from "@/lib/validations/generation";
import type { AdmissionCheck } from "@/lib/security/limits";
import { createGeneration, type CreateResult } from "./create";
import { publish, publishGeneration } from "./events";
import { scrubRawUpstream } from "./raw-upstream";
import { toGenerationJson } from "./read";
import type { Generation, GenerationDetails } from "./types";

async function requireGeneration(id: string) {
  const row = await getStore().getGenerationById(id);
  if (!row) throw new AppError("not_found", "No generation with this id");
  return row;
}

export async function setLiked(id: string, liked: boolean): Promise<Generation> {
  const row = await getStore().updateGeneration(id, { liked, updatedAt: Date.now() });
  if (!row) throw new AppError("not_found", "No generation with this id");
  publishGeneration(row);
  return toGenerationJson(row);
}

/**
 * Deletes rows and their archived media. A job still running upstream keeps running there (and is
 * paid for); the UI's confirmation says so.
 */
export async function deleteGenerations(ids: readonly string[]): Promise<{ deleted: string[] }> {
  const deleted: string[] = [];
  for (const id of new Set(ids)) {
    if (!(await getStore().deleteGenerationById(id))) continue;
    deleted.push(id);
    await getMediaStorage().deletePrefix(`gen/${id}/`);
    publish({ type: "deleted", id });
  }
  return { deleted };
}

export async function getGenerationDetails(id: string): Promise<GenerationDetails> {
  const row = await requireGeneration(id);
  // Scrubbed again on the way out: rows stored before scrubbing began may still hold a callback secret.
  const stored = row.rawUpstream === null ? null : scrubRawUpstream(row.rawUpstream);
  let raw: unknown = null;
  try {
    raw = stored ? JSON.parse(stored) : null;
  } catch {
    raw = stored;
  }
  const [parent, secondParent, events] = await Promise.all([
    row.parentId ? getStore().getGenerationById(row.parentId) : undefined,
    row.secondParentId ? getStore().getGenerationById(row.secondParentId) : undefined,
    getStore().listGenerationEvents(id),
  ]);
  return {
    generation: toGenerationJson(row),
    parent: parent ? toGenerationJson(parent) : null,
    secondParent: secondParent ? toGenerationJson(secondParent) : null,
    events: events.map((event) => ({ state: event.state, upstreamState: event.upstreamState, note: event.note, at: new Date(event.at).toISOString() })),
    rawUpstream: raw,
  };
}

/** Extend (~+5 s): a new generation linked to its parent, through the platform's extend endpoint. */
export async function extendGeneration(
  parentId: string,
  input: ExtendGenerationRequest,
  idempotencyKey?: string,
  admit?: AdmissionCheck,
): Promise<CreateResult> {
  const parent = await requireGeneration(parentId);
  if (parent.state !== "completed" || !parent.upstreamId) {
    throw new AppError("validation_failed", "Only a finished video can be extended", { fieldErrors: { _form: ["Only a finished video can be extended"] } });
  }
  return createGeneration(
    {
      prompt: input.prompt,
      aspectRatio: parent.aspectRatio,
      expandPrompt: input.expandPrompt,
      loop: false,
      imageUrl: undefined,
      imageEndUrl: input.imageEndUrl,
      model: undefined,
    },
    { idempotencyKey, lineage: { kind: "extend", parent }, admit },
  );
}
