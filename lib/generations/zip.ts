import "server-only";
import { randomBytes } from "node:crypto";
import { Zip, ZipPassThrough } from "fflate";
import { AppError } from "@/lib/errors";
import { getStore } from "@/lib/db/store";
import { contentDisposition, safeDownloadName } from "@/lib/media/serve";
import { getMediaStorage } from "@/lib/storage";

/**
 * Streams the selected archived videos as one zip, stored without compression (MP4 is compressed
 * already). Reading waits for the client, so memory stays flat whatever the selection's size.
 */
export async function zipArchivedVideos(ids: readonly string[]): Promise<Response> {
  const files = await downloadableFiles(ids);

  const storage = getMediaStorage();
  let wake: (() => void) | null = null;
  let isCancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
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
    },
    { highWaterMark: 4 },
  );

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

async function downloadableFiles(ids: readonly string[]): Promise<{ key: string; name: string }[]> {
  const rows = await Promise.all([...new Set(ids)].map((id) => getStore().getGenerationById(id)));
  const files = rows.flatMap((row) => {
    // A watermarked stand-in is not what Download promises: it waits for the clean copy.
    return row?.videoKey && !row.videoIsWatermarked ? [{ key: row.videoKey, name: safeDownloadName(row.prompt, row.id, "mp4") }] : [];
  });
  if (files.length === 0) throw new AppError("not_found", "None of the selected generations has a downloadable video yet");
  return files;
}

const TICKET_TTL_MS = 10 * 60_000;
const MAX_TICKETS = 20;
const ZIP_TICKET_PATTERN = /^[A-Za-z0-9_-]{32}$/;

type ZipTicket = { ids: readonly string[]; expiresAt: number };

/**
 * A selection too long for a URL (thousands of ids) is posted once and parked here under an unguessable name;
 * the browser then downloads `GET /api/generations/zip/{ticket}` like any file, streamed to disk. The POST and the
 * GET are separate route bundles, hence separate module instances: the tickets must live on globalThis.
 */
const holder = globalThis as typeof globalThis & { __lumaZipTickets?: Map<string, ZipTicket> };

export async function issueZipTicket(ids: readonly string[], now = Date.now()): Promise<{ url: string; count: number; expiresAt: string }> {
  const count = (await downloadableFiles(ids)).length;
  const tickets = (holder.__lumaZipTickets ??= new Map());
  for (const [token, ticket] of tickets) if (ticket.expiresAt <= now) tickets.delete(token);
  // Oldest first (a Map keeps insertion order): a burst of requests cannot pile up selections in memory.
  for (const token of tickets.keys()) if (tickets.size >= MAX_TICKETS) tickets.delete(token);
  const token = randomBytes(24).toString("base64url");
  const expiresAt = now + TICKET_TTL_MS;
  tickets.set(token, { ids: [...new Set(ids)], expiresAt });
  return { url: `/api/generations/zip/${token}`, count, expiresAt: new Date(expiresAt).toISOString() };
}

export function zipTicketIds(token: string, now = Date.now()): readonly string[] {
  const ticket = ZIP_TICKET_PATTERN.test(token) ? holder.__lumaZipTickets?.get(token) : undefined;
  if (!ticket || ticket.expiresAt <= now) throw new AppError("not_found", "This download has expired. Select the videos again and download the zip.");
  return ticket.ids;
}
