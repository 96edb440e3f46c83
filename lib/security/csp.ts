/**
 * The pages' Content-Security-Policy. Scripts run only with this request's nonce (Next puts it on its own
 * tags) or a listed hash; `'strict-dynamic'` lets those load Next's chunks. No `'unsafe-eval'` outside
 * development. Styles come from our stylesheet files only, so server HTML must use classes, not `style=""`.
 */
type CspOptions = {
  nonce: string;
  /** `'sha256-…'` sources for inline scripts we write ourselves (the theme script). */
  scriptHashes: readonly string[];
  isDev: boolean;
  /** Extra origins that serve media and images: the upstream's (https, or the demo simulator's http). */
  mediaOrigins: readonly string[];
  allowHttpImages: boolean;
  upgradeInsecureRequests: boolean;
};

export function buildPageCsp(options: CspOptions): string {
  const { nonce, scriptHashes, isDev, mediaOrigins, allowHttpImages } = options;
  const media = ["'self'", "blob:", "https:", ...mediaOrigins];
  const directives: Array<[string, string[]]> = [
    ["default-src", ["'self'"]],
    ["script-src", ["'self'", `'nonce-${nonce}'`, ...scriptHashes, "'strict-dynamic'", ...(isDev ? ["'unsafe-eval'"] : [])]],
    // Development overlays inject styles; production has only our stylesheet files.
    ["style-src", isDev ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`]],
    ["img-src", [...media, "data:", ...(allowHttpImages ? ["http:"] : [])]],
    ["media-src", media],
    ["font-src", ["'self'"]],
    ["connect-src", ["'self'", ...(isDev ? ["ws:"] : [])]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
    ["frame-src", ["'none'"]],
    ["worker-src", ["'self'", "blob:"]],
    ["manifest-src", ["'self'"]],
  ];
  const policy = directives.map(([name, sources]) => `${name} ${[...new Set(sources)].join(" ")}`);
  if (options.upgradeInsecureRequests) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** API answers are data, never documents to render. Media keeps a looser policy so a browser tab can play it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";
export const MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** Origins the CSP must allow for media and images besides our own and https: the upstream, when it is plain http. */
export function mediaOriginsFor(upstreamBaseUrl: string, isDemo: boolean): string[] {
  // Demo mode's simulator listens on a port chosen at start-up; its links are http://127.0.0.1:PORT.
  if (isDemo) return ["http://127.0.0.1:*"];
  try {
    const url = new URL(upstreamBaseUrl);
    return url.protocol === "http:" ? [url.origin] : [];
  } catch {
    return [];
  }
}
