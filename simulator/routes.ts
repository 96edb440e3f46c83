/** Maps a request line to a route; `key` is the name stats are counted under. */

export type Route =
  | { kind: "create" }
  | { kind: "get"; id: string }
  | { kind: "extend"; id: string }
  | { kind: "download_url"; id: string }
  | { kind: "media"; id: string; file: string }
  | { kind: "signed"; id: string }
  | { kind: "not_found" };

export type MatchedRoute = { key: string; route: Route };

function segmentsOf(pathname: string): string[] | null {
  try {
    return pathname
      .split("/")
      .filter((segment) => segment !== "")
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}

export function matchRoute(method: string, pathname: string): MatchedRoute {
  const segments = segmentsOf(pathname) ?? [];
  const [first, second, third, fourth, ...rest] = segments;
  const isRead = method === "GET" || method === "HEAD";

  if (first === "luma" && second === "generations" && rest.length === 0) {
    if (method === "POST" && third === undefined) return { key: "POST /luma/generations", route: { kind: "create" } };
    if (method === "GET" && third !== undefined && fourth === undefined) {
      return { key: "GET /luma/generations/{id}", route: { kind: "get", id: third } };
    }
    if (method === "POST" && third !== undefined && fourth === "extend") {
      return { key: "POST /luma/generations/{id}/extend", route: { kind: "extend", id: third } };
    }
    if (method === "GET" && third !== undefined && fourth === "download_video_url") {
      return { key: "GET /luma/generations/{id}/download_video_url", route: { kind: "download_url", id: third } };
    }
  }
  if (isRead && first === "media" && second !== undefined && third !== undefined && fourth === undefined) {
    return { key: `${method} /media/{id}/{file}`, route: { kind: "media", id: second, file: third } };
  }
  if (isRead && first === "signed" && second !== undefined && third === "video.mp4" && fourth === undefined) {
    return { key: `${method} /signed/{id}/video.mp4`, route: { kind: "signed", id: second } };
  }
  return { key: `${method} (unmatched)`, route: { kind: "not_found" } };
}

export function isMediaRoute(route: Route): boolean {
  return route.kind === "media" || route.kind === "signed";
}
