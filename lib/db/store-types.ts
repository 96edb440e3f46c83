import type { AspectRatio, GenerationState, VideoDuration, VideoResolution } from "@/lib/constants";
import type { GenerationEventRow, GenerationRow, NewGenerationRow } from "./schema";

export type { GenerationEventRow, GenerationRow, NewGenerationRow };

/** A timeline entry written together with its row's insert or move: its generation is that row. */
export type RowEvent = Omit<GenerationEventRow, "id" | "generationId">;

export type ListGenerationsOptions = {
  limit: number;
  states?: readonly GenerationState[];
  aspectRatios?: readonly AspectRatio[];
  liked?: boolean;
  model?: string;
  resolutions?: readonly VideoResolution[];
  durations?: readonly VideoDuration[];
  /** Epoch ms, inclusive lower and exclusive upper bound on createdAt. */
  createdFrom?: number;
  createdBefore?: number;
  search?: string;
  sort?: "newest" | "oldest";
  after?: { createdAt: number; id: string };
};

/**
 * What the studio asks of its database, whichever it is: SQLite embedded (the default) or PostgreSQL
 * (`DATABASE_URL`, several app instances sharing the work). Both implementations return the same row
 * shapes (times are epoch milliseconds as numbers, flags are booleans), so nothing above this line knows
 * which one it talks to. Every method is async because PostgreSQL's driver is.
 *
 * Leases: a claim sets `leaseUntil` and `leaseOwner` (the claiming instance's id). Another instance skips a
 * row until its lease expires; only the owner releases it early.
 */
export interface GenerationStore {
  readonly dialect: "sqlite" | "postgres";

  getGenerationById(id: string): Promise<GenerationRow | undefined>;
  getGenerationByIdempotencyKey(key: string): Promise<GenerationRow | undefined>;
  /**
   * Atomic insert-or-get on the idempotency key: false when another request already holds the key. With
   * `firstEvent`, the row and its first timeline entry are one transaction (one commit, and never a row
   * without its first entry); nothing is written when the key is already held.
   */
  insertGeneration(row: NewGenerationRow, firstEvent?: RowEvent): Promise<boolean>;
  updateGeneration(id: string, patch: Partial<NewGenerationRow>): Promise<GenerationRow | undefined>;
  /**
   * Only moves the row when it is still in `expected`: a late poll must not undo a newer state. With `event`,
   * the move and its timeline entry are one commit, and a row that did not move gets no entry.
   */
  updateGenerationIfState(
    id: string,
    expected: readonly GenerationState[],
    patch: Partial<NewGenerationRow>,
    event?: RowEvent,
  ): Promise<GenerationRow | undefined>;
  deleteGenerationById(id: string): Promise<boolean>;
  listGenerations(options: ListGenerationsOptions): Promise<GenerationRow[]>;

  /** Generations whose next status check is due, leased to `owner` for `leaseMs`. */
  claimDueGenerations(now: number, limit: number, leaseMs: number, owner: string): Promise<GenerationRow[]>;
  /** Completed generations whose media still needs copying, leased to `owner` for `leaseMs`. */
  claimDueArchives(now: number, limit: number, leaseMs: number, owner: string): Promise<GenerationRow[]>;
  /** Extends `owner`'s leases on `ids` to `until` while the work runs (an archive copy can outlast one lease); answers how many it still held. */
  renewLeases(owner: string, ids: readonly string[], until: number): Promise<number>;
  /** `owner`'s leases on `ids`, handed back (at shutdown) so another instance takes the work at once. */
  releaseLeases(owner: string, ids: readonly string[]): Promise<number>;
  /** Unfinished rows past their deadline, which the reconciler moves to `timed_out`. */
  listOverdueGenerations(now: number, limit: number): Promise<GenerationRow[]>;
  /** At boot: a process that died mid-create may or may not have reached the upstream. */
  markInterruptedCreatesUnknown(now: number): Promise<number>;

  /** Rows per state (states with none left out): the metrics scrape's `luma_generations` gauge. */
  countGenerationsByState(): Promise<Partial<Record<GenerationState, number>>>;
  oldestDueWork(now: number): Promise<{ statusCheck: number | null; archive: number | null }>;
  countUnfinishedGenerations(): Promise<number>;
  /** Creation times at or after `since`, oldest first: the daily cap's window. */
  listCreationTimesSince(since: number, limit: number): Promise<number[]>;
  insertGenerationEvent(event: Omit<GenerationEventRow, "id">): Promise<void>;
  listGenerationEvents(generationId: string): Promise<GenerationEventRow[]>;
  /** Whether any generation keeps `url` (an `/api/uploads/…` path) as its start or end frame. */
  isFrameUrlInUse(url: string): Promise<boolean>;

  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** What an interrupted create becomes in either database: its outcome is unknown until a check or a callback tells. */
export function interruptedCreatePatch(now: number): Partial<NewGenerationRow> {
  return {
    state: "unknown",
    failureCode: "outcome_unknown",
    failureReason: "the studio stopped while waiting for the gateway's answer",
    updatedAt: now,
    nextCheckAt: now,
    lastCheckError: "The server stopped while sending this job",
  };
}
