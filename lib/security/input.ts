import "server-only";
import { AppError } from "@/lib/errors";
import { securityConfig } from "./config";

const FRAME_FIELDS = ["imageUrl", "imageEndUrl"] as const;

/**
 * Server half of the image URL rule. The shared schema (which also runs in the browser, where this server's
 * settings are unknown) accepts http and https; plain http is refused here unless ALLOW_HTTP_IMAGE_URLS is set,
 * answered like any other field error so the form shows it under the field.
 */
export function assertFrameUrlsAllowed(input: Partial<Record<(typeof FRAME_FIELDS)[number], string | undefined>>): void {
  if (securityConfig.allowHttpImageUrls) return;
  const fieldErrors: Record<string, string[]> = {};
  for (const field of FRAME_FIELDS) {
    const value = input[field];
    if (value && /^http:/i.test(value)) fieldErrors[field] = ["Use an https:// image URL; plain http:// is turned off on this studio (ALLOW_HTTP_IMAGE_URLS)"];
  }
  const first = Object.entries(fieldErrors)[0];
  if (first) throw new AppError("validation_failed", `The request is invalid — ${first[0]}: ${first[1][0]}`, { fieldErrors });
}
