import type { AspectRatio, DeriveAction, EditStrength, VideoDuration, VideoResolution } from "@/lib/constants";
import { placeCameraMove, type CameraMoveMode } from "./camera";
import type { FrameRef, SourceRef, VideoRequest } from "./video-request";

/**
 * What one upstream (a provider, and for gateways a profile) can do, as plain JSON data: the form, the zod
 * schema per provider and the diagnostics page read it, and the providers refuse what it rules out.
 * Client-safe: no server-only imports, so a form can import `checkCombination` too.
 */

export type ProviderName = "platform" | "official";

/** A model as the form offers it: the wire value and the name people know it by. */
export type ModelChoice = { value: string; label: string };

export type Capabilities = {
  provider: ProviderName;
  /** The gateway profile (`openai-hub`, …) or `official`. */
  profile: string;
  /** What to call the upstream in a sentence ("crazyrouter", "Luma's API"). */
  label: string;
  /** Offered in the form. Empty: the upstream takes no model choice. */
  models: ModelChoice[];
  /** Sent when the person picks none (null: nothing is sent). */
  defaultModel: string | null;
  /** Offered in the form; empty: the option is absent. */
  resolutions: VideoResolution[];
  /** Sent when the person picks none, so what the card shows is what was asked for. */
  defaultResolution: VideoResolution | null;
  durations: VideoDuration[];
  defaultDuration: VideoDuration | null;
  aspectRatios: AspectRatio[];
  prompt: { maxLength: number; isRequired: boolean };
  options: {
    expandPrompt: boolean;
    loop: boolean;
    startFrame: boolean;
    endFrame: boolean;
    hdr: boolean;
    exrExport: boolean;
    /** Every upstream takes a camera move: in its own field, or said in the prompt. */
    cameraMove: CameraMoveMode;
  };
  /** Things done to a finished clip. */
  actions: { extend: boolean; extendBackward: boolean; interpolate: boolean; edit: boolean; reframe: boolean };
  editStrengths: EditStrength[];
  /** The upstream calls us back on status changes (notify_hook); polling stays the source of truth either way. */
  callbacks: boolean;
  /** The upstream answers several jobs in one request (`POST /luma/tasks`). */
  batchQuery: boolean;
  /** Combinations the upstream refuses, beyond "is the option there at all". */
  rules: {
    /** Durations made from a prompt alone: no frames, no loop, no HDR (Ray 3.2: 10 s). */
    textOnlyDurations: VideoDuration[];
    hdrResolutions: VideoResolution[];
    hdrDurations: VideoDuration[];
    loopWithEndFrame: boolean;
    loopWithHdr: boolean;
  };
};

/** The capability each action on a finished clip needs (besides the forward extend, which is `actions.extend`). */
const DERIVE_ACTION_CAPABILITY: Record<DeriveAction, keyof Capabilities["actions"]> = {
  extend_backward: "extendBackward",
  interpolate: "interpolate",
  video_edit: "edit",
  video_reframe: "reframe",
};

/** Whether this upstream can make that from a finished clip: the route refuses, and the detail view leaves out, what it cannot. */
export function isActionOffered(action: DeriveAction, capabilities: Capabilities): boolean {
  return capabilities.actions[DERIVE_ACTION_CAPABILITY[action]];
}

/** The request as a form or a route holds it: frames may still be plain image URLs. */
export type CombinationRequest = Partial<Omit<VideoRequest, "startFrame" | "endFrame" | "source" | "model" | "resolution" | "duration" | "aspectRatio">> & {
  model?: string | null;
  resolution?: string | null;
  duration?: string | null;
  aspectRatio?: string | null;
  startFrame?: FrameRef | string | null;
  endFrame?: FrameRef | string | null;
  source?: SourceRef | null;
};

export type CombinationField =
  | "type"
  | "prompt"
  | "aspectRatio"
  | "model"
  | "resolution"
  | "duration"
  | "expandPrompt"
  | "loop"
  | "hdr"
  | "exrExport"
  | "cameraMove"
  | "startFrame"
  | "endFrame"
  | "source"
  | "editStrength";

/** Stable codes, so a UI can word each refusal in the viewer's language; `message` is the English sentence. */
type CombinationCode =
  | "not_offered"
  | "action_not_offered"
  | "prompt_required"
  | "prompt_too_long"
  | "text_only_duration"
  | "loop_new_clips_only"
  | "loop_with_hdr"
  | "loop_with_end_frame"
  | "hdr_resolution"
  | "hdr_duration"
  | "exr_needs_hdr"
  | "reframe_is_sdr"
  | "source_required"
  | "source_not_used";

export type CombinationIssue = { field: CombinationField; code: CombinationCode; message: string };

const OPTION_NAMES: Record<keyof Capabilities["options"], string> = {
  expandPrompt: "Enhance prompt",
  loop: "Loop",
  startFrame: "A start frame",
  endFrame: "An end frame",
  hdr: "HDR",
  exrExport: "EXR export",
  cameraMove: "A camera move",
};

const seconds = (duration: string) => duration.replace(/s$/, " s");
const list = (values: readonly string[]) => values.join(", ");

function isGenerationRef(frame: CombinationRequest["startFrame"]): frame is Extract<FrameRef, { kind: "generation" }> {
  return typeof frame === "object" && frame !== null && frame.kind === "generation";
}

/**
 * Every reason the upstream would refuse this request, before anything is sent: one `{field, code, message}`
 * per problem, each message one sentence that says what to change. Options left unset are judged at the
 * upstream's defaults (a 10 s default would forbid frames just the same).
 */
export function checkCombination(request: CombinationRequest, capabilities: Capabilities): CombinationIssue[] {
  const issues: CombinationIssue[] = [];
  const add = (field: CombinationField, code: CombinationCode, message: string) => issues.push({ field, code, message });
  const { options, rules, actions, label } = capabilities;
  const type = request.type ?? "video";
  const resolution = request.resolution ?? capabilities.defaultResolution;
  const duration = request.duration ?? capabilities.defaultDuration;
  const hasStartFrame = Boolean(request.startFrame);
  const hasEndFrame = Boolean(request.endFrame);
  const isLoop = request.loop === true;
  const isHdr = request.hdr === true;

  // What the upstream does not offer at all.
  if (type === "video_edit" && !actions.edit) add("type", "action_not_offered", `${label} cannot edit a video.`);
  if (type === "video_reframe" && !actions.reframe) add("type", "action_not_offered", `${label} cannot reframe a video.`);
  if (request.model && capabilities.models.length > 0 && !capabilities.models.some((model) => model.value === request.model)) {
    add("model", "not_offered", `${label} does not offer the model "${request.model}": choose ${list(capabilities.models.map((model) => model.value))}.`);
  } else if (request.model && capabilities.models.length === 0) {
    add("model", "not_offered", `${label} takes no model choice: leave the model unset.`);
  }
  if (request.resolution && !(capabilities.resolutions as readonly string[]).includes(request.resolution)) {
    add(
      "resolution",
      "not_offered",
      capabilities.resolutions.length
        ? `${label} does not offer ${request.resolution}: choose ${list(capabilities.resolutions)}.`
        : `${label} takes no resolution choice: leave it unset.`,
    );
  }
  if (request.duration && !(capabilities.durations as readonly string[]).includes(request.duration)) {
    add(
      "duration",
      "not_offered",
      capabilities.durations.length
        ? `${label} does not offer ${seconds(request.duration)} clips: choose ${list(capabilities.durations.map(seconds))}.`
        : `${label} takes no duration choice: leave it unset.`,
    );
  }
  if (request.aspectRatio && !(capabilities.aspectRatios as readonly string[]).includes(request.aspectRatio)) {
    add("aspectRatio", "not_offered", `${label} does not make ${request.aspectRatio} clips: choose ${list(capabilities.aspectRatios)}.`);
  }
  const asked: Array<[keyof Capabilities["options"], boolean]> = [
    ["loop", isLoop],
    ["startFrame", hasStartFrame && !isGenerationRef(request.startFrame)],
    ["endFrame", hasEndFrame && !isGenerationRef(request.endFrame)],
    ["hdr", isHdr],
    ["exrExport", request.exrExport === true],
  ];
  for (const [option, isAsked] of asked) {
    if (isAsked && options[option] === false) add(option, "not_offered", `${OPTION_NAMES[option]} is not available with ${label}.`);
  }
  if (request.editStrength && type !== "video_edit") add("editStrength", "source_not_used", "Edit strength applies only when editing a video.");
  if (request.editStrength && type === "video_edit" && !capabilities.editStrengths.includes(request.editStrength)) {
    add("editStrength", "not_offered", `${label} does not offer the edit strength "${request.editStrength}".`);
  }

  // Clips made from earlier clips.
  const extendsForward = isGenerationRef(request.startFrame);
  const extendsBackward = isGenerationRef(request.endFrame);
  if (extendsForward && extendsBackward) {
    if (!actions.interpolate) add("endFrame", "action_not_offered", `${label} cannot bridge two clips: keep only one of them.`);
  } else if (extendsForward && !actions.extend) {
    add("startFrame", "action_not_offered", `${label} cannot extend a clip.`);
  } else if (extendsBackward && !actions.extendBackward) {
    add("endFrame", "action_not_offered", `${label} cannot add a lead-in before a clip.`);
  }
  if ((type === "video_edit" || type === "video_reframe") && !request.source) {
    add("source", "source_required", type === "video_edit" ? "Choose the clip to edit." : "Choose the clip to reframe.");
  }
  if (type === "video" && request.source) add("source", "source_not_used", "A source clip is used only when editing or reframing.");

  // The prompt.
  const placed = placeCameraMove(request.prompt ?? "", request.cameraMove, options.cameraMove);
  if (capabilities.prompt.isRequired && (request.prompt ?? "").trim() === "") {
    add("prompt", "prompt_required", `Describe the video: ${label} needs a prompt, also with frames.`);
  } else if (placed.prompt.length > capabilities.prompt.maxLength) {
    const including = placed.prompt === (request.prompt ?? "") ? "" : " (the camera move is added to it)";
    add("prompt", "prompt_too_long", `Keep the prompt under ${capabilities.prompt.maxLength} characters${including}.`);
  }

  // Combinations the upstream refuses.
  if (duration && rules.textOnlyDurations.includes(duration as VideoDuration)) {
    const shorter = capabilities.durations.filter((other) => !rules.textOnlyDurations.includes(other)).map(seconds);
    const instead = shorter.length ? `, or choose ${list(shorter)}` : "";
    if (hasStartFrame || hasEndFrame || request.source) {
      add("duration", "text_only_duration", `${seconds(duration)} clips are made from text only: remove the frames${instead}.`);
    }
    if (isLoop && options.loop) add("loop", "text_only_duration", `Loop is not available for ${seconds(duration)} clips: turn it off${instead}.`);
    if (isHdr && options.hdr) add("hdr", "text_only_duration", `HDR is not available for ${seconds(duration)} clips: turn it off${instead}.`);
  }
  if (isLoop && options.loop) {
    if (type !== "video") add("loop", "loop_new_clips_only", "Loop is available only when making a new clip: turn it off.");
    else if (isHdr && !rules.loopWithHdr) add("loop", "loop_with_hdr", "Loop and HDR cannot be combined: turn one of them off.");
    if (hasEndFrame && !rules.loopWithEndFrame) {
      add("loop", "loop_with_end_frame", `${label} cannot loop a clip that has an end frame: remove the end frame or turn loop off.`);
    }
  }
  if (isHdr && options.hdr) {
    if (type === "video_reframe") add("hdr", "reframe_is_sdr", "Reframed clips are standard dynamic range only: turn HDR off.");
    if (resolution && rules.hdrResolutions.length && !rules.hdrResolutions.includes(resolution as VideoResolution)) {
      add("hdr", "hdr_resolution", `HDR needs ${list(rules.hdrResolutions)}: choose one of them or turn HDR off.`);
    }
    const isTextOnly = duration !== null && rules.textOnlyDurations.includes(duration as VideoDuration);
    if (duration && !isTextOnly && rules.hdrDurations.length && !rules.hdrDurations.includes(duration as VideoDuration)) {
      add("hdr", "hdr_duration", `HDR needs ${list(rules.hdrDurations.map(seconds))} clips: choose that or turn HDR off.`);
    }
  }
  if (request.exrExport === true && options.exrExport && !isHdr) add("exrExport", "exr_needs_hdr", "EXR export needs HDR: turn HDR on, or EXR export off.");

  return issues;
}
