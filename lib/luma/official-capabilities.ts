import { EDIT_STRENGTHS, OFFICIAL_MODEL } from "@/lib/constants";
import type { Capabilities } from "./capabilities";

/** Luma's own API (the Agents API, luma-api.md §5.2): Ray 3.2 and its rules. Client-safe. */
export const OFFICIAL_BASE_URL = "https://agents.lumalabs.ai/v1";

/** Keys Luma issues start with this; such a key selects the official provider without LUMA_PROVIDER. */
export const OFFICIAL_KEY_PREFIX = "luma-api-";

export const OFFICIAL_CAPABILITIES: Capabilities = {
  provider: "official",
  profile: "official",
  label: "Luma's API",
  models: [{ value: OFFICIAL_MODEL, label: "Ray 3.2" }],
  defaultModel: OFFICIAL_MODEL,
  resolutions: ["540p", "720p", "1080p"],
  defaultResolution: "720p",
  durations: ["5s", "10s"],
  defaultDuration: "5s",
  aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"],
  prompt: { maxLength: 6000, isRequired: true },
  options: { expandPrompt: false, loop: true, startFrame: true, endFrame: true, hdr: true, exrExport: true, cameraMove: "prompt" },
  actions: { extend: true, extendBackward: true, interpolate: true, edit: true, reframe: true },
  editStrengths: [...EDIT_STRENGTHS],
  // No callbacks: the Agents API is polled.
  callbacks: false,
  batchQuery: false,
  rules: { textOnlyDurations: ["10s"], hdrResolutions: ["720p", "1080p"], hdrDurations: ["5s"], loopWithEndFrame: false, loopWithHdr: false },
};
