import type { CameraMove } from "@/lib/constants";

/**
 * Camera moves on the wire. No upstream we know documents a camera field today, so by default the move is
 * said in the prompt, in the plain English Luma's own prompt guides use; a gateway that does have a field
 * (the `custom` profile's LUMA_CAMERA_FIELD) gets the move's name there instead. Client-safe.
 */
export const CAMERA_MOVE_PHRASES: Record<CameraMove, string> = {
  static: "Static camera, locked off, no camera movement.",
  push_in: "The camera slowly pushes in toward the subject.",
  pull_out: "The camera slowly pulls out, revealing the scene.",
  pan_left: "The camera pans left.",
  pan_right: "The camera pans right.",
  tilt_up: "The camera tilts up.",
  tilt_down: "The camera tilts down.",
  orbit_left: "The camera orbits left around the subject.",
  orbit_right: "The camera orbits right around the subject.",
  crane_up: "Crane shot: the camera rises upward.",
  crane_down: "Crane shot: the camera descends.",
  truck_left: "The camera trucks left, moving sideways.",
  truck_right: "The camera trucks right, moving sideways.",
  dolly_zoom: "Dolly zoom: the camera moves while zooming the opposite way, so the background warps.",
  tracking: "Tracking shot: the camera follows the subject.",
  aerial: "Aerial drone shot from high above.",
  handheld: "Handheld camera with natural shake.",
};

export type CameraMoveMode = "field" | "prompt";

type PlacedCameraMove = {
  /** The prompt to send: with the move's sentence appended when the move travels in the prompt. */
  prompt: string;
  /** The move to send in the upstream's own camera field, or null when there is none or no move was asked for. */
  field: CameraMove | null;
};

/** The one place that decides where a camera move goes: the upstream's field, or the end of the prompt. */
export function placeCameraMove(prompt: string, move: CameraMove | undefined, mode: CameraMoveMode): PlacedCameraMove {
  if (!move) return { prompt, field: null };
  if (mode === "field") return { prompt, field: move };
  const phrase = CAMERA_MOVE_PHRASES[move];
  const trimmed = prompt.trim();
  // Idempotent: a remix of a prompt that already carries the sentence must not say it twice.
  if (trimmed.endsWith(phrase)) return { prompt: trimmed, field: null };
  if (trimmed === "") return { prompt: phrase, field: null };
  const separator = /[.!?。！？]$/.test(trimmed) ? " " : ". ";
  return { prompt: `${trimmed}${separator}${phrase}`, field: null };
}
