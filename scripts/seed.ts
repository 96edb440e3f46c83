/**
 * `npm run seed -- --count 10000 [--tag word] [--finished] [--at ISO-time]`: writes realistic generations into
 * the configured database (DATA_DIR / DATABASE_PATH) so the gallery can be tried and measured at scale. Media
 * comes from the simulator's clips, stored once per aspect ratio and shared by every seeded row. `--tag` ends
 * every prompt with a word, so a search for it finds exactly these rows; `--finished` leaves out the few running
 * ones, whose made-up jobs a running server would otherwise chase; `--at` dates the newest row (default now).
 * Together they let a test seed a live server's database.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { ASPECT_RATIO_SIZES, ASPECT_RATIOS, MODELS, type AspectRatio, type GenerationState } from "@/lib/constants";
import type { NewGenerationRow } from "@/lib/db/schema";
import { SqliteStore } from "@/lib/db/sqlite-store";
import { getStore } from "@/lib/db/store";
import { env } from "@/lib/env";
import { getMediaStorage } from "@/lib/storage";
import { ACTIONS, STYLES, SUBJECTS } from "./seed-vocabulary";
import fs from "node:fs/promises";

const FAILURES = ["Advanced prompt moderation failed", "Frame moderation failed", "Failed to read user input frames"];

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length] as T;
}

async function seedMedia(): Promise<Record<AspectRatio, { video: string; thumbnail: string; lastFrame: string }>> {
  const storage = getMediaStorage();
  const out = {} as Record<AspectRatio, { video: string; thumbnail: string; lastFrame: string }>;
  for (const ratio of ASPECT_RATIOS) {
    const slug = ratio.replace(":", "x");
    const keys = { video: `seed/${slug}.mp4`, thumbnail: `seed/${slug}-thumb.jpg`, lastFrame: `seed/${slug}-last.jpg` };
    const sources = { video: `${slug}.mp4`, thumbnail: `${slug}-thumb.jpg`, lastFrame: `${slug}-last.jpg` };
    for (const part of ["video", "thumbnail", "lastFrame"] as const) {
      if (await storage.stat(keys[part])) continue;
      // A name of its own: two seeds of one store at once (parallel e2e journeys) must not share a temporary file.
      const temp = path.join(await storage.tempDir(), `seed-${slug}-${part}-${randomUUID()}`);
      await fs.copyFile(path.join(process.cwd(), "simulator", "assets", sources[part]), temp);
      await storage.putFile(keys[part], temp, part === "video" ? "video/mp4" : "image/jpeg");
    }
    out[ratio] = keys;
  }
  return out;
}

type SeedOptions = { tag: string | undefined; isFinishedOnly: boolean };

function row(i: number, now: number, media: Awaited<ReturnType<typeof seedMedia>>, { tag, isFinishedOnly }: SeedOptions): NewGenerationRow {
  const ratio = pick(ASPECT_RATIOS, i * 7 + (i % 3));
  const size = ASPECT_RATIO_SIZES[ratio];
  const createdAt = now - i * 47_000 - (i % 13) * 1000;
  const roll = (i * 2654435761) % 100;
  const state: GenerationState = i < 3 && !isFinishedOnly ? "running" : roll < 88 ? "completed" : roll < 96 ? "failed" : "timed_out";
  const isDone = state === "completed";
  const prompt = `${pick(SUBJECTS, i)} ${pick(ACTIONS, i * 3 + 1)}, ${pick(STYLES, i * 5 + 2)} #${i}${tag ? ` ${tag}` : ""}`;
  return {
    id: randomUUID(),
    upstreamId: randomUUID(),
    state,
    upstreamState: isDone ? "completed" : state === "failed" ? "failed" : "processing",
    failureReason: state === "failed" ? pick(FAILURES, i) : null,
    prompt,
    aspectRatio: ratio,
    expandPrompt: i % 4 !== 0,
    loop: i % 9 === 0,
    model: i % 5 === 0 ? null : pick(MODELS, i),
    liked: i % 11 === 0,
    videoUrl: null,
    videoWidth: isDone ? size.width : null,
    videoHeight: isDone ? size.height : null,
    videoDurationSeconds: isDone ? 3 : null,
    videoKey: isDone ? media[ratio].video : null,
    thumbnailKey: isDone ? media[ratio].thumbnail : null,
    lastFrameKey: isDone ? media[ratio].lastFrame : null,
    archiveState: isDone ? "done" : "none",
    createdAt,
    updatedAt: createdAt + 60_000,
    completedAt: isDone ? createdAt + 60_000 : null,
    deadlineAt: state === "running" ? now + 15 * 60_000 : createdAt + 15 * 60_000,
    nextCheckAt: null,
  };
}

async function main() {
  const countArg = process.argv.indexOf("--count");
  const count = countArg > 0 ? Number(process.argv[countArg + 1]) : 10_000;
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new Error("--count must be an integer between 1 and 1000000");
  const tagArg = process.argv.indexOf("--tag");
  const tag = tagArg > 0 ? process.argv[tagArg + 1] : undefined;
  if (tag !== undefined && !/^[A-Za-z0-9]{3,40}$/.test(tag)) throw new Error("--tag must be 3 to 40 letters or digits");
  const options: SeedOptions = { tag, isFinishedOnly: process.argv.includes("--finished") };
  const atArg = process.argv.indexOf("--at");
  const now = atArg > 0 ? Date.parse(process.argv[atArg + 1] ?? "") : Date.now();
  if (Number.isNaN(now)) throw new Error("--at must be a date and time, e.g. 2026-11-25T07:30:00+08:00");
  const store = getStore();
  const media = await seedMedia();
  const started = performance.now();
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => row(start + k, now, media, options));
    // SQLite: one transaction per batch. Otherwise row by row through the contract, a batch at a time over the pool.
    if (store instanceof SqliteStore) await store.insertGenerationsInBulk(rows);
    else await Promise.all(rows.map((row) => store.insertGeneration(row)));
  }
  await store.close();
  console.log(
    `seeded ${count} generations into ${store.dialect === "sqlite" ? env.DATABASE_PATH : "PostgreSQL"} in ${Math.round(performance.now() - started)} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
