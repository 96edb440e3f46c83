/**
 * The login's `next` parameter. Only a path on this site is accepted: no scheme, no `//host`, no backslash
 * (browsers read `/\evil.com` as `//evil.com`), no control characters. Anything else falls back to "/".
 */
export function safeReturnPath(value: string | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback;
  }
  // An encoded second slash or backslash is decoded by some servers and proxies on the way back in.
  if (decoded.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(decoded)) return fallback;
  const base = "http://return-path.invalid";
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch {
    return fallback;
  }
  if (parsed.origin !== base) return fallback;
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  // Dot segments can collapse into a second leading slash: "/..//evil.example" → "//evil.example".
  if (path.startsWith("//")) return fallback;
  if (path === "/login" || path.startsWith("/login?") || path.startsWith("/api/auth/")) return fallback;
  return path;
}
