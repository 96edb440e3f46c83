/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The simulator's media and the app's own data live outside public/ and are read at run time.
  outputFileTracingIncludes: { "/*": ["./simulator/assets/**/*", "./lib/db/migrations/**/*"] },
};

export default nextConfig;
