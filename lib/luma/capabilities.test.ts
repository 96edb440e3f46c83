import { describe, expect, it } from "vitest";
import { CAMERA_MOVE_PHRASES, placeCameraMove } from "./camera";
import { DERIVE_ACTIONS } from "@/lib/constants";
import { checkCombination, isActionOffered, type CombinationRequest } from "./capabilities";
import { OFFICIAL_CAPABILITIES } from "./official-capabilities";
import { GATEWAY_PROFILES, gatewayCapabilities } from "./profiles";

const official = OFFICIAL_CAPABILITIES;
const hub = gatewayCapabilities(GATEWAY_PROFILES["openai-hub"]);
const hk = gatewayCapabilities(GATEWAY_PROFILES["openai-hk"]);
const crazy = gatewayCapabilities(GATEWAY_PROFILES.crazyrouter);

const image = "https://example.com/frame.jpg";
const base = { type: "video", prompt: "a fox in snow", aspectRatio: "16:9" } as const;

/** Field and code of each issue: what a zod schema puts under which field. */
const problems = (request: CombinationRequest, capabilities = official) => checkCombination(request, capabilities).map(({ field, code }) => `${field}:${code}`);

describe("checkCombination: Ray 3.2's rules on Luma's API", () => {
  it("accepts what Luma documents as valid", () => {
    expect(problems(base)).toEqual([]);
    expect(problems({ ...base, duration: "10s", resolution: "1080p" })).toEqual([]);
    expect(problems({ ...base, hdr: true, exrExport: true, resolution: "1080p", duration: "5s" })).toEqual([]);
    expect(problems({ ...base, loop: true, startFrame: image })).toEqual([]);
    expect(problems({ ...base, startFrame: { kind: "generation", upstreamId: "a" }, endFrame: { kind: "generation", upstreamId: "b" } })).toEqual([]);
    expect(problems({ ...base, type: "video_edit", source: { kind: "generation", upstreamId: "a" }, editStrength: "flex_2" })).toEqual([]);
    expect(problems({ ...base, type: "video_reframe", aspectRatio: "9:16", source: { kind: "generation", upstreamId: "a" } })).toEqual([]);
  });

  it("10 s is text-to-video only: no frames, no loop, no HDR", () => {
    expect(problems({ ...base, duration: "10s", startFrame: image })).toEqual(["duration:text_only_duration"]);
    expect(problems({ ...base, duration: "10s", endFrame: { kind: "generation", upstreamId: "a" } })).toEqual(["duration:text_only_duration"]);
    expect(problems({ ...base, duration: "10s", loop: true })).toEqual(["loop:text_only_duration"]);
    expect(problems({ ...base, duration: "10s", hdr: true })).toEqual(["hdr:text_only_duration"]);
    const [issue] = checkCombination({ ...base, duration: "10s", startFrame: image }, official);
    expect(issue?.message).toBe("10 s clips are made from text only: remove the frames, or choose 5 s.");
  });

  it("loop only for new clips, not with HDR, not with an end frame", () => {
    expect(problems({ ...base, type: "video_edit", source: { kind: "generation", upstreamId: "a" }, loop: true })).toEqual(["loop:loop_new_clips_only"]);
    expect(problems({ ...base, loop: true, hdr: true })).toEqual(["loop:loop_with_hdr"]);
    expect(problems({ ...base, loop: true, endFrame: image })).toEqual(["loop:loop_with_end_frame"]);
  });

  it("HDR only at 720p/1080p and 5 s; EXR needs HDR; reframe is SDR", () => {
    expect(problems({ ...base, hdr: true, resolution: "540p" })).toEqual(["hdr:hdr_resolution"]);
    expect(problems({ ...base, exrExport: true })).toEqual(["exrExport:exr_needs_hdr"]);
    expect(problems({ ...base, type: "video_reframe", source: { kind: "generation", upstreamId: "a" }, hdr: true })).toEqual(["hdr:reframe_is_sdr"]);
  });

  it("judges unset options at the upstream's defaults and needs a prompt", () => {
    // Default resolution 720p: HDR is fine without choosing one.
    expect(problems({ ...base, hdr: true })).toEqual([]);
    expect(problems({ ...base, prompt: "  ", startFrame: image })).toEqual(["prompt:prompt_required"]);
    expect(problems({ ...base, prompt: "x".repeat(6001) })).toEqual(["prompt:prompt_too_long"]);
    expect(problems({ ...base, aspectRatio: "9:21" })).toEqual(["aspectRatio:not_offered"]);
    expect(problems({ ...base, model: "ray-v2" })).toEqual(["model:not_offered"]);
  });

  it("needs a source to edit or reframe, and uses a strength only when editing", () => {
    expect(problems({ ...base, type: "video_edit" })).toEqual(["source:source_required"]);
    expect(problems({ ...base, editStrength: "adhere_1" })).toEqual(["editStrength:source_not_used"]);
    expect(problems({ ...base, source: { kind: "generation", upstreamId: "a" } })).toEqual(["source:source_not_used"]);
  });
});

describe("checkCombination: gateways", () => {
  it("refuses what a gateway does not offer, naming what it does", () => {
    expect(problems({ ...base, hdr: true }, hub)).toEqual(["hdr:not_offered"]);
    expect(problems({ ...base, resolution: "720p" }, hub)).toEqual(["resolution:not_offered"]);
    expect(checkCombination({ ...base, duration: "9s" }, hk)[0]?.message).toBe("openai-hk does not offer 9 s clips: choose 5 s.");
    expect(checkCombination({ ...base, model: "ray-v3" }, hk)[0]?.message).toBe('openai-hk does not offer the model "ray-v3": choose ray-v2, ray-v1.');
    expect(problems({ ...base, loop: true }, crazy)).toEqual(["loop:not_offered"]);
    expect(problems({ ...base, type: "video_edit", source: { kind: "generation", upstreamId: "a" } }, hub)).toEqual(["type:action_not_offered"]);
    expect(problems({ ...base, endFrame: { kind: "generation", upstreamId: "a" } }, hub)).toEqual(["endFrame:action_not_offered"]);
  });

  it("refuses a loop with an end frame where the gateway refuses it, allows it where it does not", () => {
    expect(problems({ ...base, loop: true, endFrame: image }, hk)).toEqual(["loop:loop_with_end_frame"]);
    expect(problems({ ...base, loop: true, endFrame: image }, hub)).toEqual([]);
  });

  it("extends forward where the gateway can", () => {
    expect(problems({ ...base, startFrame: { kind: "generation", upstreamId: "a" } }, hub)).toEqual([]);
    expect(
      problems({ ...base, startFrame: { kind: "generation", upstreamId: "a" } }, gatewayCapabilities(GATEWAY_PROFILES["openai-hk"], { route: "v2" })),
    ).toEqual(["startFrame:action_not_offered"]);
  });

  it("counts the camera move's sentence against the prompt limit when it travels in the prompt", () => {
    const prompt = "x".repeat(5000 - 10);
    expect(problems({ ...base, prompt }, hub)).toEqual([]);
    expect(problems({ ...base, prompt, cameraMove: "push_in" }, hub)).toEqual(["prompt:prompt_too_long"]);
  });
});

describe("placeCameraMove", () => {
  it("says the move in the prompt where the upstream has no camera field", () => {
    expect(placeCameraMove("A fox runs", "push_in", "prompt")).toEqual({ prompt: `A fox runs. ${CAMERA_MOVE_PHRASES.push_in}`, field: null });
    expect(placeCameraMove("A fox runs.", "orbit_left", "prompt").prompt).toBe(`A fox runs. ${CAMERA_MOVE_PHRASES.orbit_left}`);
    expect(placeCameraMove("一只狐狸在雪中奔跑。", "aerial", "prompt").prompt).toBe(`一只狐狸在雪中奔跑。 ${CAMERA_MOVE_PHRASES.aerial}`);
    expect(placeCameraMove("", "static", "prompt").prompt).toBe(CAMERA_MOVE_PHRASES.static);
  });

  it("never says it twice (a remix of a prompt that already carries it)", () => {
    const once = placeCameraMove("A fox runs", "dolly_zoom", "prompt").prompt;
    expect(placeCameraMove(once, "dolly_zoom", "prompt").prompt).toBe(once);
  });

  it("sends it as a field, leaving the prompt alone, where the upstream has one", () => {
    expect(placeCameraMove("A fox runs", "crane_up", "field")).toEqual({ prompt: "A fox runs", field: "crane_up" });
  });

  it("leaves the prompt alone when no move is asked for", () => {
    expect(placeCameraMove(" as typed ", undefined, "prompt")).toEqual({ prompt: " as typed ", field: null });
  });
});

describe("isActionOffered", () => {
  it("Luma's API makes every clip from a clip; a gateway none but the forward extend", () => {
    expect(DERIVE_ACTIONS.filter((action) => isActionOffered(action, OFFICIAL_CAPABILITIES))).toEqual([...DERIVE_ACTIONS]);
    for (const profile of Object.values(GATEWAY_PROFILES)) {
      expect(DERIVE_ACTIONS.filter((action) => isActionOffered(action, gatewayCapabilities(profile)))).toEqual([]);
    }
  });
});
