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

/** Two inline frames of 10 MB each, base64-encoded, plus the rest of a create request. */
const MAX_BODY_BYTES = 2 * Math.ceil((10 * 1024 * 1024 * 4) / 3) + 256 * 1024;

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The simulator's media and the app's own data live outside public/ and are read at run time.
  outputFileTracingIncludes: { "/*": ["./simulator/assets/**/*", "./lib/db/migrations/**/*"] },
  experimental: {
    // With a proxy, Next buffers request bodies up to this size (10 MB by default) and cuts the rest off;
    // the routes apply their own, smaller limits (lib/http.ts).
    proxyClientMaxBodySize: MAX_BODY_BYTES,
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
