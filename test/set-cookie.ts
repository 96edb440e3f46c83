import { expect } from "vitest";

export type SetCookie = { name: string; value: string; attributes: Record<string, string | true> };

/**
 * A Set-Cookie line as a browser reads it: attribute names lower-cased, order ignored. Tests compare the whole
 * attribute set, so an attribute gained or lost fails them while a serializer's own order does not.
 */
export function readSetCookie(header: string | null | undefined): SetCookie {
  const [pair = "", ...parts] = (header ?? "").split(/;\s*/);
  const attributes: SetCookie["attributes"] = {};
  for (const part of parts) {
    const at = part.indexOf("=");
    if (at < 0) attributes[part.toLowerCase()] = true;
    else attributes[part.slice(0, at).toLowerCase()] = part.slice(at + 1);
  }
  const at = pair.indexOf("=");
  return { name: pair.slice(0, at), value: pair.slice(at + 1), attributes };
}

/** What every auth cookie carries (lib/auth/cookie.ts); Next writes Expires beside Max-Age. */
export function authCookieAttributes(maxAge: RegExp, extra: Record<string, string | true> = {}): Record<string, unknown> {
  return {
    path: "/",
    httponly: true,
    samesite: expect.stringMatching(/^lax$/i),
    "max-age": expect.stringMatching(maxAge),
    expires: expect.any(String),
    ...extra,
  };
}
