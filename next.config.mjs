import { BASELINE_HEADERS, JSON_BODY_MAX_BYTES, STATIC_FILE_HEADERS } from "./lib/security/baseline.mjs";

const asHeaderList = (headers) => Object.entries(headers).map(([key, value]) => ({ key, value }));

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Also writes .next/standalone (server.js with only the node_modules it needs), which the Dockerfile ships;
  // `npm start` keeps serving .next as before.
  output: "standalone",
  poweredByHeader: false,
  // `npm test` checks the types once (npm run typecheck) before it builds; the build need not check them again.
  // Every other build (the Dockerfile, `npm run demo`) still does.
  typescript: { ignoreBuildErrors: process.env.BUILD_SKIP_TYPECHECK === "1" },
  // Nothing uses next/image; its /_next/image endpoint would fetch and re-encode URLs on request. Off: 404.
  images: { unoptimized: true },
  // The simulator's media and the app's own data live outside public/ and are read at run time.
  outputFileTracingIncludes: { "/*": ["./simulator/assets/**/*", "./lib/db/migrations/**/*", "./lib/db/migrations-pg/**/*"] },
  experimental: {
    // With a proxy, Next reads a whole request body (up to 10 MB by default) before proxy.ts runs, whatever it
    // then answers. Small, so a stranger's upload costs nothing; the routes that take large bodies (create,
    // extend, uploads) are left out of proxy.ts's matcher and run the same checks before they read
    // (lib/security/front-door.ts).
    proxyClientMaxBodySize: JSON_BODY_MAX_BYTES,
  },
  async headers() {
    // Hashed scripts and stylesheets get their own short set; every other answer the full one, and proxy.ts adds
    // the per-request Content-Security-Policy.
    return [
      { source: "/_next/static/:path*", headers: asHeaderList(STATIC_FILE_HEADERS) },
      { source: "/:path((?!_next/static/).*)", headers: asHeaderList(BASELINE_HEADERS) },
    ];
  },
};

export default nextConfig;
