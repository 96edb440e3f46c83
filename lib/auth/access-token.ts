import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import path from "node:path";
import type { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { securityConfig } from "@/lib/security/config";
import { readOrCreatePrivateFile } from "@/lib/security/private-files";
import { authCookieOptions } from "./cookie";

/**
 * Without a password, the studio answers only a browser that holds this install's access token, as Jupyter
 * does: the start-up log prints a link carrying it once, and a cookie remembers it. Loopback alone is not
 * enough, because anything on this machine that relays to the port (a reverse proxy with default headers, a
 * tunnel, another account's process) would make the studio public.
 */
export const ACCESS_COOKIE = "luma_access";
export const ACCESS_TOKEN_PARAM = "token";
const FILE_NAME = "access-token";
/** Browsers cap cookie lifetimes at 400 days; the token itself lasts until its file is deleted. */
const COOKIE_MAX_AGE_SECONDS = 400 * 24 * 3600;

const holder = globalThis as typeof globalThis & { __lumaAccessToken?: string };

/** ACCESS_TOKEN when set (containers, scripts); otherwise a random token created once in DATA_DIR, mode 600. */
export function getAccessToken(): string {
  if (env.ACCESS_TOKEN) return env.ACCESS_TOKEN;
  holder.__lumaAccessToken ??= readOrCreatePrivateFile(path.join(securityConfig.dataDir, FILE_NAME), () => randomBytes(24).toString("base64url"));
  return holder.__lumaAccessToken;
}

/** Where the token is kept, or null when ACCESS_TOKEN sets it. */
export function accessTokenFile(): string | null {
  return env.ACCESS_TOKEN ? null : path.join(securityConfig.dataDir, FILE_NAME);
}

/** Digests first, so the comparison takes the same time whatever the guess. */
export function isAccessToken(candidate: string | null | undefined): boolean {
  if (!candidate || candidate.length > 256) return false;
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(candidate), digest(getAccessToken()));
}

export function setAccessCookie(response: NextResponse, isSecure: boolean): void {
  response.cookies.set(ACCESS_COOKIE, getAccessToken(), authCookieOptions(isSecure, COOKIE_MAX_AGE_SECONDS));
}

/** The link the start-up log prints: `http://localhost:PORT/?token=…`. */
export function accessLink(port: string | undefined): string {
  const origin = port ? `http://localhost:${port}` : "";
  return `${origin}/?${ACCESS_TOKEN_PARAM}=${encodeURIComponent(getAccessToken())}`;
}
