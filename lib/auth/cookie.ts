/**
 * What both auth cookies carry, for Next's cookie API (`response.cookies`): this host only, sent on same-site
 * navigations (so the printed link and bookmarks arrive signed in), hidden from page scripts, Secure over https.
 */
export function authCookieOptions(isSecure: boolean, maxAge: number) {
  return { path: "/", httpOnly: true, sameSite: "lax", secure: isSecure, maxAge } as const;
}
