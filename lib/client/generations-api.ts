import type { ErrorCode, FieldErrors } from "@/lib/errors";
import type { DeriveGenerationRequest } from "@/lib/validations/derive";
import type { CreateGenerationRequest } from "@/lib/validations/generation";
import type { Generation, GenerationDetails, GenerationPage } from "@/lib/generations/types";
import { viewerTimeZone } from "@/lib/i18n/time-zone";
import { listParams, type ListFilters } from "./gallery-query";

/** Browser side of the JSON API: one fetcher for SWR, and the writes the UI makes. */

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | "unknown";
  readonly fieldErrors?: FieldErrors;
  readonly retryAfterSeconds?: number;

  constructor(status: number, code: ErrorCode | "unknown", message: string, fieldErrors?: FieldErrors, retryAfterSeconds?: number) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request never got an answer: the server may or may not have acted on it. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("The request did not reach the server", { cause });
    this.name = "NetworkError";
  }
}

type ErrorBody = { error?: { code?: ErrorCode; message?: string; fieldErrors?: FieldErrors } } | null;

/** An error answer in our shape (or, from a proxy or a crash, in none), as fetch and XHR callers both get it. */
export function apiErrorFrom(answer: { status: number; statusText: string; body: unknown; retryAfter: string | null }): ApiError {
  const body = (typeof answer.body === "object" ? answer.body : null) as ErrorBody;
  const retryAfter = Number(answer.retryAfter);
  return new ApiError(
    answer.status,
    body?.error?.code ?? "unknown",
    body?.error?.message ?? `${answer.status} ${answer.statusText}`.trim(),
    body?.error?.fieldErrors,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not our JSON shape; apiErrorFrom falls back to the status line.
  }
  return apiErrorFrom({ status: response.status, statusText: response.statusText, body, retryAfter: response.headers.get("retry-after") });
}

async function request<T>(url: string, init?: RequestInit): Promise<{ data: T; status: number }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { Accept: "application/json", ...init?.headers } });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return { data: undefined as T, status: 204 };
  return { data: (await response.json()) as T, status: response.status };
}

const JSON_HEADERS = { "Content-Type": "application/json" };
const generationPath = (id: string) => `/api/generations/${encodeURIComponent(id)}`;

export async function fetcher<T>(url: string): Promise<T> {
  return (await request<T>(url)).data;
}

/** `crypto.randomUUID` exists only in secure contexts; a self-hosted studio is often opened over plain http on a LAN. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** 201 = accepted; 202 = the gateway's answer was lost and the server is finding out whether the job exists. */
export async function postGeneration(input: CreateGenerationRequest, idempotencyKey: string): Promise<{ generation: Generation; isPending: boolean }> {
  const { data, status } = await request<Generation>("/api/generations", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
    body: JSON.stringify(input),
  });
  return { generation: data, isPending: status === 202 };
}

export async function postRefresh(id: string): Promise<Generation> {
  return (await request<Generation>(`/api/generations/${encodeURIComponent(id)}/refresh`, { method: "POST" })).data;
}

export async function patchLiked(id: string, liked: boolean): Promise<Generation> {
  return (await request<Generation>(generationPath(id), { method: "PATCH", headers: JSON_HEADERS, body: JSON.stringify({ liked }) })).data;
}

/** Removes the row and its stored media; a job still running upstream keeps running there. */
export async function deleteGeneration(id: string): Promise<void> {
  await request<void>(generationPath(id), { method: "DELETE", headers: JSON_HEADERS });
}

/** Ids per bulk-delete request: each answers within moments, and the dialog can show how far it got. */
export const BULK_DELETE_CHUNK = 250;

/**
 * Deletes any number of generations a chunk at a time, reporting after each chunk. A failure stops there and
 * throws a `BulkDeleteError` carrying the ids already deleted, so the caller can show the rest as still there.
 */
export async function bulkDeleteGenerations(ids: readonly string[], onProgress?: (deleted: readonly string[]) => void): Promise<{ deleted: string[] }> {
  const deleted: string[] = [];
  for (let start = 0; start < ids.length; start += BULK_DELETE_CHUNK) {
    const chunk = ids.slice(start, start + BULK_DELETE_CHUNK);
    try {
      const answer = await request<{ deleted: string[] }>("/api/generations/bulk-delete", {
        method: "POST",
        headers: JSON_HEADERS,
        body: JSON.stringify({ ids: chunk }),
      });
      deleted.push(...answer.data.deleted);
    } catch (error) {
      throw new BulkDeleteError(deleted, error);
    }
    onProgress?.(deleted);
  }
  return { deleted };
}

export class BulkDeleteError extends Error {
  readonly deleted: readonly string[];

  constructor(deleted: readonly string[], cause: unknown) {
    super("A bulk delete stopped part way", { cause });
    this.name = "BulkDeleteError";
    this.deleted = deleted;
  }
}

/**
 * A selection's zip in two steps: the ids go in a POST body (thousands of them exceed any URL), and the answer
 * names a short-lived URL the browser downloads like any file, streamed to disk rather than held in memory.
 */
export async function prepareZip(ids: readonly string[]): Promise<{ url: string; count: number }> {
  return (await request<{ url: string; count: number }>("/api/generations/zip", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ ids }) })).data;
}

export async function postExtend(id: string, input: { prompt: string; expandPrompt?: boolean }, idempotencyKey: string): Promise<Generation> {
  return (
    await request<Generation>(`${generationPath(id)}/extend`, {
      method: "POST",
      headers: { ...JSON_HEADERS, "Idempotency-Key": idempotencyKey },
      body: JSON.stringify(input),
    })
  ).data;
}

/** The same options as the original, under a new key: a retry is a new job, never a replay. */
export function retryInput(generation: Generation): CreateGenerationRequest {
  return {
    prompt: generation.prompt,
    aspectRatio: generation.aspectRatio,
    expandPrompt: generation.expandPrompt,
    loop: generation.loop,
    imageUrl: generation.imageUrl ?? undefined,
    imageEndUrl: generation.imageEndUrl ?? undefined,
    model: generation.model ?? undefined,
    resolution: generation.resolution ?? undefined,
    duration: generation.duration ?? undefined,
    cameraMove: generation.cameraMove ?? undefined,
    hdr: generation.hdr || undefined,
  };
}

/** A clip made from a finished one (lead-in, bridge, restyle, reframe); one key per opened dialog. */
export async function postDerive(id: string, input: DeriveGenerationRequest, idempotencyKey: string): Promise<Generation> {
  return (
    await request<Generation>(`${generationPath(id)}/derive`, {
      method: "POST",
      headers: { ...JSON_HEADERS, "Idempotency-Key": idempotencyKey },
      body: JSON.stringify(input),
    })
  ).data;
}

export function detailsKey(id: string): string {
  return `${generationPath(id)}/details`;
}

export function detailHref(id: string): string {
  return `/generations/${encodeURIComponent(id)}`;
}

/** Where the create form picks up a generation's options (remix) or its last frame (continue). */
export function formHref(id: string, mode: "remix" | "continue"): string {
  return `/?from=${encodeURIComponent(id)}&mode=${mode}`;
}

const LIST_PATH = "/api/generations";
export const STATUS_PATH = "/api/status";
export const RECENT_LIMIT = 6;
export const GALLERY_PAGE_SIZE = 24;

export function listKey(params: { limit: number; cursor?: string | null; query?: Partial<ListFilters> }): string {
  const search = new URLSearchParams({ limit: String(params.limit) });
  // The days are the browser's (it shows times in its zone); the server needs the zone to cut them.
  const zone = params.query?.from || params.query?.to ? viewerTimeZone() : undefined;
  for (const [name, value] of Object.entries(listParams(params.query ?? {}, zone))) search.set(name, value);
  if (params.cursor) search.set("cursor", params.cursor);
  return `${LIST_PATH}?${search.toString()}`;
}

export type { GenerationDetails, GenerationPage };
