import "server-only";
import { Zip, ZipPassThrough } from "fflate";
import { AppError } from "@/lib/errors";
import { getGenerationById } from "@/lib/db/queries";
import { contentDisposition, safeDownloadName } from "@/lib/media/serve";
import { getMediaStorage } from "@/lib/storage";

/**
 * Streams the selected archived videos as one zip, stored without compression (MP4 is compressed
 * already). Reading waits for the client, so memory stays flat whatever the selection's size.
 */
export async function zipArchivedVideos(ids: readonly string[]): Promise<Response> {
  const files = ids.flatMap((id) => {
    const row = getGenerationById(id);
    return row?.videoKey && !row.videoIsWatermarked ? [{ key: row.videoKey, name: safeDownloadName(row.prompt, row.id, "mp4") }] : [];
  });
  if (files.length === 0) throw new AppError("not_found", "None of the selected generations has a downloadable video yet");

  const storage = getMediaStorage();
  let wake: (() => void) | null = null;
  let isCancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
      void (async () => {
        try {
          const used = new Set<string>();
          for (const file of files) {
            const entry = new ZipPassThrough(uniqueName(file.name, used));
            zip.add(entry);
            const reader = (await storage.openReadStream(file.key)).getReader();
            for (let part = await reader.read(); !part.done; part = await reader.read()) {
              if (isCancelled) return void (await reader.cancel());
              entry.push(part.value);
              while ((controller.desiredSize ?? 1) <= 0 && !isCancelled) await new Promise<void>((resolve) => (wake = resolve));
            }
            entry.push(new Uint8Array(0), true);
          }
          zip.end();
        } catch (error) {
          controller.error(error);
        }
      })();
    },
    pull() {
      wake?.();
      wake = null;
    },
    cancel() {
      isCancelled = true;
      wake?.();
    },
  }, { highWaterMark: 4 });

  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(`luma-studio-${stamp}-${files.length}-videos.zip`),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = name.replace(/(\.[^.]+)$/, `-${n}$1`);
  used.add(candidate);
  return candidate;
}
