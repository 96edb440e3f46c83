import { parseOfficialGeneration } from "./official-parse";
import { parseGenerationResponse } from "./parse";
import type { UpstreamSnapshot } from "./types";

/** A snapshot kept in the database, read back with the parser of the provider that wrote it. Pure. */
export function parseStoredSnapshot(provider: string, json: unknown): UpstreamSnapshot {
  return provider === "official" ? parseOfficialGeneration(json) : parseGenerationResponse(json);
}
