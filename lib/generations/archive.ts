import "server-only";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { getStore } from "@/lib/db/store";
import type { GenerationRow, NewGenerationRow } from "@/lib/db/schema";
import { parseStoredSnapshot } from "@/lib/luma/stored-snapshot";
import { downloadToStorage, isMediaDownloadError, type DownloadKind } from "@/lib/media/download";
import { recordArchiveFailure } from "@/lib/ops/metrics";
import { getMediaStorage } from "@/lib/storage";
import { publishGeneration } from "./events";
import { getProvider, mediaFetchPolicy } from "@/lib/luma/upstream";

const MAX_ATTEMPTS = 12;
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/** 10 s, 30 s, 1 min, 2 min, 5 min … then hourly: presigned links die after an hour, retries must not. */
function archiveRetryDelayMs(attempts: number): number {
  const steps = [10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000];
  return steps[Math.min(attempts - 1, steps.length - 1)] ?? 3_600_000;
}

const storageKeys = (id: string) => ({
  video: `gen/${id}/video.mp4`,
  thumbnail: `gen/${id}/thumbnail.jpg`,
  lastFrame: `gen/${id}/last-frame.jpg`,
});

/**
 * Copies a finished generation's video, thumbnail and last frame into our storage. Each piece is kept once
 * copied, so a retry only fetches what is still missing. The video must be the watermark-free copy: when only
 * the watermarked one could be fetched, it is kept as a stand-in (the clip plays at once) and the clean one is
 * retried with backoff until it replaces it.
 */
export async function archiveGeneration(row: GenerationRow): Promise<GenerationRow | undefined> {
  const keys = storageKeys(row.id);
  const patch: Partial<NewGenerationRow> = {};
  const problems: string[] = [];

  if (!row.videoKey || row.videoIsWatermarked) {
    const video = await archiveVideo(row, keys.video, problems);
    if (video !== "missing") {
      patch.videoKey = keys.video;
      patch.videoIsWatermarked = video === "stand-in";
      // Recorded now, not with the images: an instance that dies while copying those would otherwise leave a
      // stored clip the database does not know of, and whoever takes the lease over would write it again.
      await getStore().updateGeneration(row.id, { videoKey: patch.videoKey, videoIsWatermarked: patch.videoIsWatermarked });
    }
  }
  if (!row.thumbnailKey && row.thumbnailUrl) {
    if (await copy(row.thumbnailUrl, keys.thumbnail, "image", problems)) patch.thumbnailKey = keys.thumbnail;
  }
  if (!row.lastFrameKey && row.lastFrameUrl) {
    if (await copy(row.lastFrameUrl, keys.lastFrame, "image", problems)) patch.lastFrameKey = keys.lastFrame;
  }

  const now = Date.now();
  const hasCleanVideo = Boolean(row.videoKey ?? patch.videoKey) && !(patch.videoIsWatermarked ?? row.videoIsWatermarked);
  const hasThumbnail = !row.thumbnailUrl || Boolean(row.thumbnailKey ?? patch.thumbnailKey);
  const hasLastFrame = !row.lastFrameUrl || Boolean(row.lastFrameKey ?? patch.lastFrameKey);
  const isDone = hasCleanVideo && hasThumbnail && hasLastFrame;
  const attempts = row.archiveAttempts + 1;
  const updated = await getStore().updateGeneration(row.id, {
    ...patch,
    leaseUntil: null,
    updatedAt: now,
    archiveAttempts: isDone ? row.archiveAttempts : attempts,
    archiveState: isDone ? "done" : attempts >= MAX_ATTEMPTS ? "failed" : "pending",
    archiveNextAt: isDone ? null : now + archiveRetryDelayMs(attempts),
    archiveError: isDone ? null : problems.join("; ").slice(0, 1000),
  });
  // Deleted while we were downloading (the update found no row): drop what we just stored.
  if (!updated) {
    await getMediaStorage().deletePrefix(`gen/${row.id}/`);
    return undefined;
  }
  if (!isDone) {
    log.warn("archive incomplete", { id: row.id, attempts, problems });
    recordArchiveFailure(attempts >= MAX_ATTEMPTS);
  }
  publishGeneration(updated);
  return updated;
}

type VideoOutcome = "clean" | "stand-in" | "missing";

async function archiveVideo(row: GenerationRow, key: string, problems: string[]): Promise<VideoOutcome> {
  const { clean, watermarked } = videoCandidates(row);
  for (const url of clean) {
    if (await copy(url, key, "video", problems)) return "clean";
  }
  // The links we had are dead (presigned links last an hour) or were cut short: ask for a fresh clean one.
  if (row.upstreamId) {
    try {
      const fresh = await (await getProvider()).downloadVideoUrl(row.upstreamId);
      if (await copy(fresh, key, "video", problems)) return "clean";
    } catch (error) {
      problems.push(`download_video_url: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // A stand-in already stored stays until the clean copy replaces it; there is no point fetching it again.
  if (!row.videoKey) {
    for (const url of watermarked) {
      if (await copy(url, key, "video", problems)) return "stand-in";
    }
  }
  return "missing";
}

/**
 * Watermark-free links first, as the upstream snapshot ordered them, then the stored video URL; the
 * watermarked link (`video.url`) apart, because it may only ever stand in for the clean copy.
 */
function videoCandidates(row: GenerationRow): { clean: string[]; watermarked: string[] } {
  const urls: string[] = [];
  let watermarkedUrl: string | null = null;
  if (row.rawUpstream) {
    try {
      const snapshot = parseStoredSnapshot(row.provider, JSON.parse(row.rawUpstream));
      urls.push(...snapshot.videoCandidates);
      watermarkedUrl = snapshot.watermarkedVideoUrl;
    } catch {
      // An unreadable snapshot still leaves the stored URL to try.
    }
  }
  if (row.videoUrl) urls.push(row.videoUrl);
  const unique = [...new Set(urls)];
  return { clean: unique.filter((url) => url !== watermarkedUrl), watermarked: unique.filter((url) => url === watermarkedUrl) };
}

async function copy(url: string, key: string, kind: DownloadKind, problems: string[]): Promise<boolean> {
  try {
    await downloadToStorage({
      url,
      key,
      kind,
      maxBytes: env.MEDIA_MAX_BYTES,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      storage: getMediaStorage(),
      policy: await mediaFetchPolicy(),
    });
    return true;
  } catch (error) {
    const reason = isMediaDownloadError(error) ? error.reason : "error";
    problems.push(`${kind} ${reason}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
    return false;
  }
}
