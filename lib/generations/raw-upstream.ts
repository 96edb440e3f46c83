import "server-only";
import { env } from "@/lib/env";
import { REDACTED, removeSecrets } from "@/lib/security/scrub";

/**
 * What we keep and show of the gateway's own answer (the detail view's "raw" panel). Gateways echo the request
 * back, and ours carries the notify_hook URL whose last segment is the callback secret (anyone holding it can
 * make the studio re-check a job, or adopt a job id for a lost create); a hostile one could echo the API key.
 * Both are removed before the answer is stored and again before it is served, for rows stored earlier.
 */
const RAW_MAX_LENGTH = 200_000;
/** `/api/callbacks/luma/{id}/{secret}`, plain or percent-encoded; the secret is the last segment. */
const CALLBACK_SECRET = /(api(?:\/|%2f)callbacks(?:\/|%2f)luma(?:\/|%2f)[A-Za-z0-9_-]+(?:\/|%2f))[A-Za-z0-9_-]+/gi;

export function scrubRawUpstream(text: string, secrets: readonly (string | undefined)[] = [env.LUMA_API_KEY]): string {
  // Exact values only: the key-shape patterns would also eat presigned URLs' signatures, which the panel shows.
  return removeSecrets(text.replace(CALLBACK_SECRET, `$1${REDACTED}`), secrets);
}

/** JSON for the rawUpstream column: scrubbed, and cut at a length the detail view can still show. */
export function serializeRawUpstream(value: unknown): string | null {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return null;
  }
  return text === undefined ? null : scrubRawUpstream(text).slice(0, RAW_MAX_LENGTH);
}
