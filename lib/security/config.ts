import "server-only";
import { env } from "@/lib/env";
import type { HostPolicy } from "./host";

/** The security settings, read once from `env`; everything in lib/security and lib/auth goes through here. */
export const securityConfig = {
  password: env.APP_PASSWORD,
  isPasswordRequired: Boolean(env.APP_PASSWORD),
  /**
   * password: sessions for everyone. open: no password, anyone who can reach it (ALLOW_OPEN_ACCESS).
   * local: no password, so only a browser on this machine that holds the access token (lib/auth/access-token.ts).
   */
  accessMode: env.APP_PASSWORD ? "password" : env.ALLOW_OPEN_ACCESS ? "open" : "local",
  /** No password and serving beyond loopback was asked for: every page says so. */
  isOpenAccess: !env.APP_PASSWORD && env.ALLOW_OPEN_ACCESS,
  allowOpenAccess: env.ALLOW_OPEN_ACCESS,
  sessionSecret: env.SESSION_SECRET,
  sessionMaxAgeSeconds: Math.round(env.SESSION_MAX_AGE_HOURS * 3600),
  trustProxy: env.TRUST_PROXY,
  publicBaseUrl: env.PUBLIC_BASE_URL,
  isPublicHttps: env.PUBLIC_BASE_URL?.startsWith("https:") ?? false,
  allowedHosts: env.ALLOWED_HOSTS,
  hostPolicy: { allowedHosts: env.ALLOWED_HOSTS, publicBaseUrl: env.PUBLIC_BASE_URL } satisfies HostPolicy,
  dataDir: env.DATA_DIR,
  isDemo: env.isDemo,
  upstreamBaseUrl: env.LUMA_BASE_URL,
  allowHttpImageUrls: env.ALLOW_HTTP_IMAGE_URLS,
  createRatePerMinute: env.CREATE_RATE_LIMIT_PER_MINUTE,
  maxInFlight: env.MAX_IN_FLIGHT,
  maxPerDay: env.MAX_GENERATIONS_PER_DAY,
} as const;
