import "server-only";
import type { NextRequest, NextResponse } from "next/server";
import { securityConfig } from "@/lib/security/config";
import { revocationStore } from "@/lib/shared-state/stores";
import { authCookieOptions } from "./cookie";
import { getSessionSecret } from "./secret";

export const SESSION_COOKIE = "luma_session";
const VERSION = "v1";

export type Session = { id: string; issuedAt: number; expiresAt: number };

const encoder = new TextEncoder();
const holder = globalThis as typeof globalThis & { __lumaSessionKey?: Promise<CryptoKey> };

/**
 * The signing key is derived from the secret and the password, so changing APP_PASSWORD signs everyone out.
 * Web Crypto, because proxy.ts and the route handlers share this code.
 */
function signingKey(): Promise<CryptoKey> {
  holder.__lumaSessionKey ??= (async () => {
    const base = await crypto.subtle.importKey("raw", encoder.encode(getSessionSecret()), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const derived = await crypto.subtle.sign("HMAC", base, encoder.encode(`luma-studio session key\u0000${securityConfig.password ?? ""}`));
    return crypto.subtle.importKey("raw", derived, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  })();
  return holder.__lumaSessionKey;
}

function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString("base64url");
}

export async function createSessionToken(now = Date.now()): Promise<{ token: string; session: Session }> {
  const session: Session = {
    id: toBase64Url(crypto.getRandomValues(new Uint8Array(18))),
    issuedAt: Math.floor(now / 1000),
    expiresAt: Math.floor(now / 1000) + securityConfig.sessionMaxAgeSeconds,
  };
  const payload = `${VERSION}.${session.id}.${session.issuedAt}.${session.expiresAt}`;
  const signature = await crypto.subtle.sign("HMAC", await signingKey(), encoder.encode(payload));
  return { token: `${payload}.${toBase64Url(signature)}`, session };
}

/** Null unless the token is ours, untampered, unexpired and not signed out. `verify` compares in constant time. */
export async function verifySessionToken(token: string | undefined | null, now = Date.now()): Promise<Session | null> {
  if (!token || token.length > 256) return null;
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) return null;
  const [, id, issued, expires, signature] = parts as [string, string, string, string, string];
  if (!/^[A-Za-z0-9_-]{24}$/.test(id) || !/^\d{1,12}$/.test(issued) || !/^\d{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return null;
  const isValid = await crypto.subtle.verify(
    "HMAC",
    await signingKey(),
    Buffer.from(signature, "base64url"),
    encoder.encode(`${VERSION}.${id}.${issued}.${expires}`),
  );
  if (!isValid) return null;
  const session: Session = { id, issuedAt: Number(issued), expiresAt: Number(expires) };
  const nowSeconds = Math.floor(now / 1000);
  if (session.expiresAt <= nowSeconds || session.issuedAt > nowSeconds + 60) return null;
  if (await revocationStore().isRevoked(id)) return null;
  return session;
}

/**
 * Sign-out: the cookie is cleared, and the token stops working even if a copy survives: in this process, or on
 * every instance when they share PostgreSQL.
 */
export async function revokeSession(session: Session): Promise<void> {
  await revocationStore().revoke(session.id, session.expiresAt);
}

export function setSessionCookie(response: NextResponse, token: string, isSecure: boolean): void {
  response.cookies.set(SESSION_COOKIE, token, authCookieOptions(isSecure, securityConfig.sessionMaxAgeSeconds));
}

export function clearSessionCookie(response: NextResponse, isSecure: boolean): void {
  response.cookies.delete({ name: SESSION_COOKIE, ...authCookieOptions(isSecure, 0) });
}

/** Secure cookies when the browser reached us over https: directly, through a trusted proxy, or per PUBLIC_BASE_URL. */
export function isSecureRequest(request: Request): boolean {
  if (securityConfig.isPublicHttps) return true;
  if (new URL(request.url).protocol === "https:") return true;
  return securityConfig.trustProxy && request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/**
 * Checked once per request: the front door and the route handler behind it (the spending limits count per session)
 * both ask, and with PostgreSQL each check reads the sign-outs table.
 */
const checkedSessions = new WeakMap<Request, Promise<Session | null>>();

export function sessionFromRequest(request: NextRequest): Promise<Session | null> {
  let session = checkedSessions.get(request);
  if (!session) {
    session = verifySessionToken(request.cookies.get(SESSION_COOKIE)?.value);
    checkedSessions.set(request, session);
  }
  return session;
}
