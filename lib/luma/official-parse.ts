import { z } from "zod";
import { LumaError } from "./errors";
import { normaliseState } from "./parse";
import type { UpstreamMedia, UpstreamSnapshot } from "./types";

/**
 * Luma's own API answers one shape for a create and a status check: `{id, created_at, model, type, state,
 * failure_code, failure_reason, output: [{type, url}]}`, states `queued → processing → completed | failed`.
 * Tolerant like the gateway parser: a field that does not fit becomes null; unknown fields are kept in `raw`.
 * Output URLs are presigned and expire after an hour, so the archiver copies them at once. Pure.
 */

const text = z
  .union([z.string(), z.number().transform(String)])
  .transform((value) => value.trim() || null)
  .nullish()
  .catch(null);

const httpUrl = z
  .string()
  .transform((value) => {
    try {
      const url = new URL(value.trim());
      return url.protocol === "https:" || url.protocol === "http:" ? value.trim() : null;
    } catch {
      return null;
    }
  })
  .nullish()
  .catch(null);

const outputSchema = z.looseObject({ type: text, url: httpUrl, width: z.number().nullish().catch(null), height: z.number().nullish().catch(null) });

const officialGenerationSchema = z.looseObject({
  id: text,
  created_at: text,
  model: text,
  type: text,
  state: text,
  failure_code: text,
  failure_reason: text,
  output: z
    .array(z.unknown())
    .transform((items) => items.map((item) => outputSchema.safeParse(item)).flatMap((parsed) => (parsed.success ? [parsed.data] : [])))
    .nullish()
    .catch(null),
});

type Output = z.output<typeof outputSchema>;

const isVideo = (output: Output) => /video|mp4/i.test(output.type ?? "") || (!output.type && /\.mp4(?:\?|$)/i.test(output.url ?? ""));
const isImage = (output: Output) => /image|jpe?g|png|webp/i.test(output.type ?? "");

function media(output: Output | undefined): UpstreamMedia | null {
  return output?.url ? { url: output.url, width: output.width ?? null, height: output.height ?? null } : null;
}

/** A Generation from `POST /v1/generations` or `GET /v1/generations/{id}`. `fallbackId` is the id we asked about. */
export function parseOfficialGeneration(json: unknown, options: { fallbackId?: string } = {}): UpstreamSnapshot {
  const record = typeof json === "object" && json !== null && !Array.isArray(json) ? json : null;
  const generation = officialGenerationSchema.parse(record ?? {});
  const upstreamId = generation.id ?? options.fallbackId ?? null;
  if (!record || !upstreamId || (!generation.id && !generation.state)) {
    throw new LumaError({
      kind: "protocol",
      detail: upstreamId ? "the answer carried no generation" : "the generation carried no id",
      // A 2xx that did not say no: a create behind it may exist.
      mayHaveReachedUpstream: true,
      origin: "luma",
    });
  }
  const outputs = generation.output ?? [];
  const videos = outputs.filter(isVideo);
  const video = media(videos[0]);
  return {
    upstreamId,
    state: normaliseState(generation.state),
    rawState: generation.state ?? null,
    failureReason: generation.failure_reason ?? null,
    failureCode: generation.failure_code ?? null,
    video: video ? { ...video, durationSeconds: null } : null,
    videoCandidates: [...new Set(videos.flatMap((output) => (output.url ? [output.url] : [])))],
    // Luma's own API has no watermarked copy.
    watermarkedVideoUrl: null,
    thumbnail: media(outputs.find(isImage)),
    lastFrame: null,
    estimateWaitSeconds: null,
    createdAt: generation.created_at ?? null,
    raw: json,
  };
}

/** The answer to a create: the Generation, queued. */
export function parseOfficialCreate(json: unknown): { upstreamId: string; snapshot: UpstreamSnapshot } {
  const snapshot = parseOfficialGeneration(json);
  return { upstreamId: snapshot.upstreamId, snapshot };
}
