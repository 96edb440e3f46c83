/**
 * Presigned download links that look like Cloudflare R2 / S3 ones and really expire, so the app's
 * "copy the media before the link dies" path is exercised. The secret lives only in this process.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type PresignCheck = "ok" | "expired" | "bad_signature";

export type Presigner = {
  /** Query string (without "?") for a link to `jobId`'s video, valid for the configured TTL from `nowMs`. */
  sign(jobId: string, nowMs: number): string;
  check(jobId: string, query: URLSearchParams, nowMs: number): PresignCheck;
};

/** `20240722T124728Z`, the X-Amz-Date format. */
function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function parseAmzDate(value: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
}

export function createPresigner(ttlSeconds: number): Presigner {
  const secret = randomBytes(32);
  const signature = (jobId: string, date: string, expires: string) => createHmac("sha256", secret).update(`${jobId}\n${date}\n${expires}`).digest("hex");

  return {
    sign(jobId, nowMs) {
      const date = amzDate(nowMs);
      const expires = String(ttlSeconds);
      const query = new URLSearchParams({
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD",
        "X-Amz-Credential": `SIMULATOR/${date.slice(0, 8)}/auto/s3/aws4_request`,
        "X-Amz-Date": date,
        "X-Amz-Expires": expires,
        "X-Amz-Signature": signature(jobId, date, expires),
        "X-Amz-SignedHeaders": "host",
        "x-id": "GetObject",
      });
      return query.toString();
    },

    check(jobId, query, nowMs) {
      const date = query.get("X-Amz-Date") ?? "";
      const expires = query.get("X-Amz-Expires") ?? "";
      const given = Buffer.from(query.get("X-Amz-Signature") ?? "", "utf8");
      const expected = Buffer.from(signature(jobId, date, expires), "utf8");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "bad_signature";
      const signedAt = parseAmzDate(date);
      if (signedAt === null) return "bad_signature";
      return nowMs >= signedAt + Number(expires) * 1000 ? "expired" : "ok";
    },
  };
}
