/**
 * Headers for every answer, static files included; proxy.ts sets the same on what it answers itself and adds
 * the per-request Content-Security-Policy (lib/security/csp.ts). Keep the two lists in step.
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/**
 * The most Next buffers of a request body before proxy.ts runs (it reads the whole body first, whatever
 * proxy.ts then answers). Small, so a stranger's upload costs nothing: JSON_BODY_MAX_BYTES in lib/http.ts.
 * The routes that take large bodies (create, extend, uploads) are left out of proxy.ts's matcher and run the
 * same checks themselves before they read (lib/security/front-door.ts).
 */
const PROXY_BODY_MAX_BYTES = 64 * 1024;

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Also writes .next/standalone (server.js with only the node_modules it needs), which the Dockerfile ships;
  // `npm start` keeps serving .next as before.
  output: "standalone",
  poweredByHeader: false,
  // Nothing uses next/image; its /_next/image endpoint would fetch and re-encode URLs on request. Off: 404.
  images: { unoptimized: true },
  // The simulator's media and the app's own data live outside public/ and are read at run time.
  outputFileTracingIncludes: { "/*": ["./simulator/assets/**/*", "./lib/db/migrations/**/*", "./lib/db/migrations-pg/**/*"] },
  experimental: {
    // With a proxy, Next buffers request bodies up to this size (10 MB by default) and cuts the rest off.
    proxyClientMaxBodySize: PROXY_BODY_MAX_BYTES,
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
