import { ASPECT_RATIOS, MODELS, type AspectRatio, type GenerationState } from "@/lib/constants";
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
  q: string | undefined;
  from: string | undefined;
  to: string | undefined;
  sort: "newest" | "oldest";
};

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function read(params: Params, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single?.trim() || undefined;
}

export function parseGalleryQuery(params: Params): GalleryQuery {
  const filterValue = read(params, "filter");
  const filter = isStateFilter(filterValue) ? filterValue : "all";
  const ratios = (read(params, "aspectRatio") ?? "").split(",").filter((value): value is AspectRatio => (ASPECT_RATIOS as readonly string[]).includes(value));
  const likedValue = read(params, "liked");
  const model = read(params, "model");
  const from = read(params, "from");
  const to = read(params, "to");
  return {
    filter,
    states: STATE_FILTERS[filter],
    aspectRatios: ratios,
    liked: likedValue === "true" ? true : likedValue === "false" ? false : undefined,
    model: model && (MODELS as readonly string[]).includes(model) ? model : undefined,
    q: read(params, "q")?.slice(0, 200),
    from: from && DAY.test(from) ? from : undefined,
    to: to && DAY.test(to) ? to : undefined,
    sort: read(params, "sort") === "oldest" ? "oldest" : "newest",
  };
}

/** The gallery URL for a query; defaults are left out so the plain gallery stays `/gallery`. */
export function galleryHref(query: Partial<GalleryQuery>): string {
  const search = new URLSearchParams();
  if (query.filter && query.filter !== "all") search.set("filter", query.filter);
  if (query.aspectRatios && query.aspectRatios.length > 0) search.set("aspectRatio", query.aspectRatios.join(","));
  if (query.liked !== undefined) search.set("liked", String(query.liked));
  if (query.model) search.set("model", query.model);
  if (query.q) search.set("q", query.q);
  if (query.from) search.set("from", query.from);
  if (query.to) search.set("to", query.to);
  if (query.sort === "oldest") search.set("sort", "oldest");
  const text = search.toString();
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
export function matchesQuery(query: GalleryQuery, generation: { state: GenerationState; aspectRatio: AspectRatio; liked: boolean; model: string | null }): boolean {
  if (query.states.length > 0 && !query.states.includes(generation.state)) return false;
  if (query.aspectRatios.length > 0 && !query.aspectRatios.includes(generation.aspectRatio)) return false;
  if (query.liked !== undefined && generation.liked !== query.liked) return false;
  if (query.model && generation.model !== query.model) return false;
  return true;
}
