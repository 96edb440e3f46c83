/** Maps a request line to a route; `key` is the name stats and the request log use. */

/** Gateway routes: the plain one, `/pro` (no watermark, no queue) and `/luma/v2` (a task with two videos). */
export type GatewayVariant = "standard" | "pro" | "v2";
export type Format = "platform" | "official";

export type Route =
  | { kind: "create"; format: Format; variant: GatewayVariant }
  | { kind: "get"; id: string; format: Format }
  | { kind: "extend"; id: string; variant: GatewayVariant }
  | { kind: "download_url"; id: string }
  | { kind: "tasks" }
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

function matchGateway(method: string, segments: string[], variant: GatewayVariant, prefix: string): MatchedRoute | null {
  const [first, second, third, fourth, ...rest] = segments;
  if (first !== "luma" || second !== "generations" || rest.length > 0) return null;
  if (method === "POST" && third === undefined) return { key: `POST ${prefix}/luma/generations`, route: { kind: "create", format: "platform", variant } };
  if (variant !== "standard") {
    if (method === "POST" && variant === "pro" && third !== undefined && fourth === "extend") {
      return { key: "POST /pro/luma/generations/{id}/extend", route: { kind: "extend", id: third, variant } };
    }
    return null;
  }
  if (method === "GET" && third !== undefined && fourth === undefined) {
    return { key: "GET /luma/generations/{id}", route: { kind: "get", id: third, format: "platform" } };
  }
  if (method === "POST" && third !== undefined && fourth === "extend") {
    return { key: "POST /luma/generations/{id}/extend", route: { kind: "extend", id: third, variant } };
  }
  if (method === "GET" && third !== undefined && fourth === "download_video_url") {
    return { key: "GET /luma/generations/{id}/download_video_url", route: { kind: "download_url", id: third } };
  }
  return null;
}

export function matchRoute(method: string, pathname: string): MatchedRoute {
  const segments = segmentsOf(pathname) ?? [];
  const [first, second, third, fourth] = segments;
  const isRead = method === "GET" || method === "HEAD";

  const gateway =
    matchGateway(method, segments, "standard", "") ??
    (first === "pro" ? matchGateway(method, segments.slice(1), "pro", "/pro") : null) ??
    (first === "luma" && second === "v2" && third === "generations" && fourth === undefined && method === "POST"
      ? { key: "POST /luma/v2/generations", route: { kind: "create", format: "platform", variant: "v2" } as const }
      : null);
  if (gateway) return gateway;
  if (method === "POST" && first === "luma" && second === "tasks" && third === undefined) return { key: "POST /luma/tasks", route: { kind: "tasks" } };

  if (first === "v1" && second === "generations" && segments.length <= 3) {
    if (method === "POST" && third === undefined) return { key: "POST /v1/generations", route: { kind: "create", format: "official", variant: "standard" } };
    if (method === "GET" && third !== undefined) return { key: "GET /v1/generations/{id}", route: { kind: "get", id: third, format: "official" } };
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
