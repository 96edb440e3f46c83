// Plain JavaScript: next.config.mjs loads this with Node before any TypeScript is compiled; the app imports the
// same values (baseline.d.mts types them), so the two cannot drift apart.

/**
 * Headers every static script and stylesheet carries (next.config.mjs; scripts/brotli-static.mjs for the Brotli
 * copies). A stylesheet's Referrer-Policy governs the requests its url()s make; the rest of BASELINE_HEADERS
 * (framing, browser features, the browsing-context group) apply to documents only and would cost each of a
 * page's dozen script files 150 bytes for nothing.
 */
export const STATIC_FILE_HEADERS = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
});

/** Headers every other answer carries: next.config.mjs sets them on what proxy.ts does not see, the front door on the rest. */
export const BASELINE_HEADERS = Object.freeze({
  ...STATIC_FILE_HEADERS,
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
});

/**
 * Bodies of ordinary JSON requests (likes, sign-in), and the most Next buffers of any body before proxy.ts runs,
 * so a stranger's body costs at most this much before it is refused.
 */
export const JSON_BODY_MAX_BYTES = 64 * 1024;
