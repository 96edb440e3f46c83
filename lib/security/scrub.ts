/**
 * The one scrubber for text that may carry a secret: upstream answers and errors, log lines, the stored raw
 * upstream JSON. Structured log fields are also redacted by key name (lib/log.ts, with pino's path redaction).
 */
export const REDACTED = "[redacted]";
/** Shorter values would match ordinary words; no real key or password is this short. */
export const MIN_SECRET_LENGTH = 6;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Removes the given secret values only (text whose other long tokens must survive, such as presigned URLs). */
export function removeSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * A JWT candidate: `eyJ…` and its whole run of dotted segments, consumed in one go so the search never scans
 * the same run again from a later start (`eyJ-eyJ-eyJ-…` made the old pattern quadratic: 100 s for 280 KB).
 */
const JWT_CANDIDATE = /\beyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)*/g;

/** `header.payload.signature`: the first two segments long enough to be real; anything after stays. */
function redactJwt(candidate: string): string {
  const parts = candidate.split(".");
  if (parts.length < 3 || (parts[0] as string).length < 9 || (parts[1] as string).length < 6) return candidate;
  return parts.length > 3 ? `${REDACTED}.${parts.slice(3).join(".")}` : REDACTED;
}

/**
 * Removes the given secrets and anything that looks like a key or token. Every pattern runs in time linear in
 * the text: each one either fails within a bounded distance of its start or consumes what it scanned.
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  return removeSecrets(text, secrets)
    .replace(/\bBearer\s+[^\s"',;]+/gi, `Bearer ${REDACTED}`)
    .replace(/\b(?:sk|pk|rk|luma)-[A-Za-z0-9_-]{8,}/g, REDACTED)
    .replace(JWT_CANDIDATE, redactJwt)
    .replace(
      /\b((?:api[_-]?)?key|token|secret|password|authorization)(["']?\s*[:=]\s*["']?)(?!\[redacted\]|Bearer \[redacted\])[^\s"'&,;]+/gi,
      `$1$2${REDACTED}`,
    )
    .replace(/[A-Za-z0-9+_=-]{32,}/g, (run) => (UUID.test(run) || !/[0-9]/.test(run) || !/[A-Za-z]/.test(run) ? run : REDACTED));
}
