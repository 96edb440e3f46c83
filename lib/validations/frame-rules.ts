import { GENERATION_ID_PATTERN } from "@/lib/constants";
import type { CombinationField } from "@/lib/luma/capabilities";

// The parts of the create request's rules that need no zod, so browser code that only checks a frame URL or names
// a field does not pull zod into the page's first load (docs/performance.md). The schemas build on these.

/** Largest image the studio takes, decoded: an inline (`data:`) frame or an upload. */
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const IMAGE_DATA_MAX_LENGTH = "data:image/jpeg;base64,".length + Math.ceil(IMAGE_MAX_BYTES / 3) * 4;
export const IMAGE_URL_MAX_LENGTH = 4096;

/**
 * Frames the studio itself holds: an uploaded image, or a finished generation's last frame or
 * thumbnail ("continue from last frame"). The server turns them into data: URIs for the upstream.
 */
export const OWN_FRAME_PATH = new RegExp(`^/api/(uploads/[a-f0-9]{64}\\.(png|jpg|webp)|generations/${GENERATION_ID_PATTERN}/media/(last-frame|thumbnail))$`);

export function isAcceptableImageUrl(value: string): boolean {
  if (OWN_FRAME_PATH.test(value)) return true;
  if (/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(value)) return isWellFormedBase64(value.slice(value.indexOf(",") + 1));
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Whole 4-character groups, padding only at the end: what the upstream and `Buffer.from(…, "base64")` agree on. */
function isWellFormedBase64(data: string): boolean {
  if (data.length === 0 || data.length % 4 !== 0) return false;
  const padding = data.indexOf("=");
  return padding === -1 || (padding >= data.length - 2 && /^=+$/.test(data.slice(padding)));
}

/** The form's names for the request's frames; the rest of the combination fields share their names. */
const FORM_FIELD: Partial<Record<CombinationField, string>> = { startFrame: "imageUrl", endFrame: "imageEndUrl", type: "_form", source: "_form" };

/** Where a combination issue belongs in the form and in a 400's `fieldErrors` (`_form`: the request as a whole). */
export function formFieldOf(field: CombinationField): string {
  return FORM_FIELD[field] ?? field;
}
