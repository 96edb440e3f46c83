import {
  ASPECT_RATIOS,
  VIDEO_DURATIONS,
  VIDEO_RESOLUTIONS,
  type AspectRatio,
  type GenerationState,
  type VideoDuration,
  type VideoResolution,
} from "@/lib/constants";
import { STATE_FILTERS, isStateFilter, type StateFilter } from "@/lib/generations/format";

/**
 * The gallery's filters as they live in its URL (`/gallery?filter=failed&q=fox`), so a filtered view can be
 * shared, reloaded and reached with Back. Client-safe and pure: the server page and the client bar share it.
 */
export type GalleryQuery = {
  filter: StateFilter;
  states: readonly GenerationState[];
  aspectRatios: readonly AspectRatio[];
  liked: boolean | undefined;
  model: string | undefined;
  resolutions: readonly VideoResolution[];
  durations: readonly VideoDuration[];
  q: string | undefined;
  from: string | undefined;
  to: string | undefined;
  sort: "newest" | "oldest";
};

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Model names as gateways spell them (`ray-v2`, `ray-3.2`, a custom gateway's own). */
const MODEL_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

function listOf<T extends string>(params: Params, name: string, values: readonly T[]): T[] {
  return (read(params, name) ?? "").split(",").filter((value): value is T => (values as readonly string[]).includes(value));
}

function read(params: Params, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single?.trim() || undefined;
}

export function parseGalleryQuery(params: Params): GalleryQuery {
  const filterValue = read(params, "filter");
  const filter = isStateFilter(filterValue) ? filterValue : "all";
  const ratios = listOf(params, "aspectRatio", ASPECT_RATIOS);
  const likedValue = read(params, "liked");
  const model = read(params, "model");
  const from = read(params, "from");
  const to = read(params, "to");
  return {
    filter,
    states: STATE_FILTERS[filter],
    aspectRatios: ratios,
    liked: likedValue === "true" ? true : likedValue === "false" ? false : undefined,
    model: model && MODEL_NAME.test(model) ? model : undefined,
    resolutions: listOf(params, "resolution", VIDEO_RESOLUTIONS),
    durations: listOf(params, "duration", VIDEO_DURATIONS),
    q: read(params, "q")?.slice(0, 200),
    from: from && DAY.test(from) ? from : undefined,
    to: to && DAY.test(to) ? to : undefined,
    sort: read(params, "sort") === "oldest" ? "oldest" : "newest",
  };
}

/** A view's filters without the named state filter: what the list route (`GET /api/generations`) is asked. */
export type ListFilters = Omit<GalleryQuery, "filter">;

/** The filters both URLs carry, in one spelling: the gallery's own and the list route's (listGenerationsQuerySchema). */
function filterEntries(query: Partial<ListFilters>): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  if (query.aspectRatios && query.aspectRatios.length > 0) entries.push(["aspectRatio", query.aspectRatios.join(",")]);
  if (query.liked !== undefined) entries.push(["liked", String(query.liked)]);
  if (query.model) entries.push(["model", query.model]);
  if (query.resolutions && query.resolutions.length > 0) entries.push(["resolution", query.resolutions.join(",")]);
  if (query.durations && query.durations.length > 0) entries.push(["duration", query.durations.join(",")]);
  if (query.q) entries.push(["q", query.q]);
  if (query.from) entries.push(["from", query.from]);
  if (query.to) entries.push(["to", query.to]);
  if (query.sort === "oldest") entries.push(["sort", "oldest"]);
  return entries;
}

/**
 * The list route's parameters for a view, paging aside. The browser's SWR keys and the server-rendered gallery
 * page both use them, and the page parses them with the route's own schema, so the first page is what the
 * route would answer. `timeZone` cuts the `from`/`to` days (the viewer's, not the server's).
 */
export function listParams(query: Partial<ListFilters>, timeZone: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (query.states && query.states.length > 0) params.state = query.states.join(",");
  for (const [name, value] of filterEntries(query)) params[name] = value;
  if ((query.from || query.to) && timeZone) params.tz = timeZone;
  return params;
}

/** The gallery URL for a query; defaults are left out so the plain gallery stays `/gallery`. */
export function galleryHref(query: Partial<GalleryQuery>): string {
  const named: Array<[string, string]> = query.filter && query.filter !== "all" ? [["filter", query.filter]] : [];
  const text = new URLSearchParams([...named, ...filterEntries(query)]).toString();
  return text ? `/gallery?${text}` : "/gallery";
}

export function isFiltered(query: GalleryQuery): boolean {
  return galleryHref({ ...query, sort: "newest" }) !== "/gallery";
}

/**
 * Prompt words and dates are the server's to judge (full-text search, the viewer's days), so a pushed generation
 * that may newly belong in such a view makes it ask the server rather than guess.
 */
export function needsServerMatch(query: GalleryQuery): boolean {
  return Boolean(query.q || query.from || query.to);
}

/** The part of a view's filters a pushed generation can be checked against in the browser. */
export function matchesQuery(
  query: GalleryQuery,
  generation: {
    state: GenerationState;
    aspectRatio: AspectRatio;
    liked: boolean;
    model: string | null;
    resolution?: VideoResolution | null;
    duration?: VideoDuration | null;
  },
): boolean {
  if (query.states.length > 0 && !query.states.includes(generation.state)) return false;
  if (query.aspectRatios.length > 0 && !query.aspectRatios.includes(generation.aspectRatio)) return false;
  if (query.liked !== undefined && generation.liked !== query.liked) return false;
  if (query.model && generation.model !== query.model) return false;
  if (query.resolutions.length > 0 && !query.resolutions.includes(generation.resolution as VideoResolution)) return false;
  if (query.durations.length > 0 && !query.durations.includes(generation.duration as VideoDuration)) return false;
  return true;
}
