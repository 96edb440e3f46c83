import "server-only";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { getGenerationById, updateGeneration } from "@/lib/db/queries";
import type { GenerationRow, NewGenerationRow } from "@/lib/db/schema";
import { parseStoredSnapshot } from "@/lib/luma/stored-snapshot";
import { downloadToStorage, isMediaDownloadError, type MediaKind } from "@/lib/media/download";
import { getMediaStorage } from "@/lib/storage";
import { publishGeneration } from "./events";
import { getProvider } from "./upstream";

const MAX_ATTEMPTS = 12;
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/** 10 s, 30 s, 1 min, 2 min, 5 min … then hourly: presigned links die after an hour, retries must not. */
export function archiveRetryDelayMs(attempts: number): number {
  const steps = [10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000];
  return steps[Math.min(attempts - 1, steps.length - 1)] ?? 3_600_000;
}

export const storageKeys = (id: string) => ({
  video: `gen/${id}/video.mp4`,
  thumbnail: `gen/${id}/thumbnail.jpg`,
  lastFrame: `gen/${id}/last-frame.jpg`,
});

/**
 * Copies a finished generation's video (watermark-free first), thumbnail and last frame into our
 * storage. Each piece is kept once copied, so a retry only fetches what is still missing.
 */
export async function archiveGeneration(row: GenerationRow): Promise<GenerationRow | undefined> {
  const keys = storageKeys(row.id);
  const patch: Partial<NewGenerationRow> = {};
  const problems: string[] = [];

  if (!row.videoKey) {
    const stored = await archiveVideo(row, keys.video, problems);
    if (stored) patch.videoKey = keys.video;
  }
  if (!row.thumbnailKey && row.thumbnailUrl) {
    if (await copy(row.thumbnailUrl, keys.thumbnail, "image", problems)) patch.thumbnailKey = keys.thumbnail;
  }
  if (!row.lastFrameKey && row.lastFrameUrl) {
    if (await copy(row.lastFrameUrl, keys.lastFrame, "image", problems)) patch.lastFrameKey = keys.lastFrame;
  }

  const now = Date.now();
  const hasVideo = Boolean(row.videoKey ?? patch.videoKey);
  const hasThumbnail = !row.thumbnailUrl || Boolean(row.thumbnailKey ?? patch.thumbnailKey);
  const hasLastFrame = !row.lastFrameUrl || Boolean(row.lastFrameKey ?? patch.lastFrameKey);
  const isDone = hasVideo && hasThumbnail && hasLastFrame;
  const attempts = row.archiveAttempts + 1;
  // Deleted while we were downloading: drop what we just stored instead of resurrecting anything.
  if (!getGenerationById(row.id)) {
    await getMediaStorage().deletePrefix(`gen/${row.id}/`);
    return undefined;
  }
  const updated = updateGeneration(row.id, {
    ...patch,
    leaseUntil: null,
    updatedAt: now,
    archiveAttempts: isDone ? row.archiveAttempts : attempts,
    archiveState: isDone ? "done" : attempts >= MAX_ATTEMPTS ? "failed" : "pending",
    archiveNextAt: isDone ? null : now + archiveRetryDelayMs(attempts),
    archiveError: isDone ? null : problems.join("; ").slice(0, 1000),
  });
  if (!isDone) log.warn("archive incomplete", { id: row.id, attempts, problems });
  if (updated) publishGeneration(updated);
  return updated;
}

async function archiveVideo(row: GenerationRow, key: string, problems: string[]): Promise<boolean> {
  for (const url of videoCandidates(row)) {
    if (await copy(url, key, "video", problems)) return true;
  }
  // Every link we had is dead (presigned links last an hour): ask for a fresh watermark-free one.
  if (row.upstreamId) {
    try {
      const fresh = await (await getProvider()).downloadVideoUrl(row.upstreamId);
      if (await copy(fresh, key, "video", problems)) return true;
    } catch (error) {
      problems.push(`download_video_url: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return false;
}

/** Watermark-free links first, as the upstream snapshot ordered them; the stored video URL last. */
function videoCandidates(row: GenerationRow): string[] {
  const urls: string[] = [];
  if (row.rawUpstream) {
    try {
      urls.push(...parseStoredSnapshot(row.provider, JSON.parse(row.rawUpstream)).videoCandidates);
    } catch {
      // An unreadable snapshot still leaves the stored URL to try.
    }
  }
  if (row.videoUrl) urls.push(row.videoUrl);
  return [...new Set(urls)];
}

async function copy(url: string, key: string, kind: MediaKind, problems: string[]): Promise<boolean> {
  try {
    await downloadToStorage({ url, key, kind, maxBytes: env.MEDIA_MAX_BYTES, timeoutMs: DOWNLOAD_TIMEOUT_MS, storage: getMediaStorage() });
    return true;
  } catch (error) {
    const reason = isMediaDownloadError(error) ? error.reason : "error";
    problems.push(`${kind} ${reason}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
    return false;
  }
}
