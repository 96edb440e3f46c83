import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isRetryableFailure } from "@/lib/constants";
import { failureCodeFor } from "@/lib/generations/failure";
import { isLumaError, type LumaError } from "./errors";
import { OFFICIAL_CAPABILITIES } from "./official-capabilities";
import { toOfficialBody } from "./official-body";
import { parseOfficialCreate, parseOfficialGeneration } from "./official-parse";
import { parseErrorBody } from "./parse";
import type { VideoRequest } from "./video-request";

const DIR = path.join(import.meta.dirname, "fixtures", "official");
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(DIR, `${name}.json`), "utf8"));
const ID = "6f1c2b9e-3d4a-4e8b-9a51-0c2d7e4f8a13";

function thrown(fn: () => unknown): LumaError {
  try {
    fn();
  } catch (error) {
    if (isLumaError(error)) return error;
    throw error;
  }
  throw new Error("expected a LumaError");
}

describe("parseOfficialGeneration: every Generation shape", () => {
  it("reads the create answer: queued, no output yet", () => {
    const json = fixture("create-201-queued");
    expect(parseOfficialCreate(json)).toEqual({
      upstreamId: ID,
      snapshot: {
        upstreamId: ID,
        state: "queued",
        rawState: "queued",
        failureReason: null,
        failureCode: null,
        video: null,
        videoCandidates: [],
        watermarkedVideoUrl: null,
        thumbnail: null,
        lastFrame: null,
        estimateWaitSeconds: null,
        createdAt: "2026-11-25T17:00:00.123456Z",
        raw: json,
      },
    });
  });

  it("reads processing as running", () => {
    expect(parseOfficialGeneration(fixture("generation-processing"))).toMatchObject({ state: "running", rawState: "processing", video: null });
  });

  it("reads the presigned video of a completed generation", () => {
    const snapshot = parseOfficialGeneration(fixture("generation-completed"));
    expect(snapshot).toMatchObject({
      state: "completed",
      video: { url: expect.stringContaining("X-Amz-Expires=3600"), width: null, height: null, durationSeconds: null },
      thumbnail: null,
    });
    expect(snapshot.videoCandidates).toEqual([snapshot.video?.url]);
  });

  it("takes the video whatever the order of outputs, and an image output as the thumbnail", () => {
    const snapshot = parseOfficialGeneration(fixture("generation-completed-image-first"));
    expect(snapshot.video?.url).toContain("output_0.mp4");
    expect(snapshot.thumbnail?.url).toContain("thumb_0.jpg");
  });

  it("reads completed without outputs as completed with no video (the lifecycle waits for it)", () => {
    expect(parseOfficialGeneration(fixture("generation-completed-no-output"))).toMatchObject({ state: "completed", video: null, videoCandidates: [] });
  });

  it("ignores fields it does not know and keeps sizes when given", () => {
    expect(parseOfficialGeneration(fixture("generation-completed-extra-keys"))).toMatchObject({ state: "completed", video: { width: 1280, height: 720 } });
  });

  it("reads a minimal object, and keys by the id asked about when the body has none", () => {
    expect(parseOfficialGeneration(fixture("generation-minimal"))).toMatchObject({ upstreamId: ID, state: "queued", createdAt: null });
    expect(parseOfficialGeneration({ state: "processing" }, { fallbackId: "asked" })).toMatchObject({ upstreamId: "asked", state: "running" });
  });

  it.each([[{}], [null], [[]], ["queued"], [{ detail: "Generation not found" }]])("refuses %j as not a generation", (json) => {
    expect(thrown(() => parseOfficialGeneration(json, { fallbackId: "asked" }))).toMatchObject({
      kind: "protocol",
      origin: "luma",
      mayHaveReachedUpstream: true,
    });
  });
});

describe("failure codes", () => {
  const expected: Record<string, [string, boolean]> = {
    "content-moderated": ["moderation", false],
    "generation-failed": ["generation_failed", true],
    "budget-exhausted": ["budget_exhausted", false],
    "output-not-found": ["output_not_found", true],
    "image-too-large": ["input_too_large", false],
    "unsupported-format": ["input_unsupported", false],
    "corrupt-input": ["input_corrupt", false],
    "invalid-request": ["invalid_request", false],
    "rate-limited": ["rate_limited", false],
    // Unknown or missing codes fall back to reading the words, as for gateways.
    "unknown-code": ["upstream_failed", false],
    "no-code": ["frames", false],
  };

  it("has a fixture for every code Luma documents", () => {
    const files = readdirSync(DIR)
      .filter((name) => name.startsWith("generation-failed-"))
      .map((name) => name.slice("generation-failed-".length, -".json".length));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))("failed with %s → %s", (name, [code, isRetryable]) => {
    const snapshot = parseOfficialGeneration(fixture(`generation-failed-${name}`));
    expect(snapshot.state).toBe("failed");
    expect(snapshot.failureReason).toEqual(expect.any(String));
    const ours = failureCodeFor(snapshot.failureCode, snapshot.failureReason);
    expect(ours).toBe(code);
    expect(isRetryableFailure(ours)).toBe(isRetryable);
  });
});

describe("errors from Luma's API", () => {
  const headers = (values: Record<string, string> = {}) => new Headers(values);
  it.each([
    [400, "error-400", "rejected", false],
    [401, "error-401", "auth", false],
    [402, "error-402", "payment", false],
    [403, "error-403", "auth", false],
    [413, "error-413", "rejected", false],
    [422, "error-422", "rejected", false],
    [422, "error-422-validation", "rejected", false],
    [429, "error-429", "rate_limited", false],
    [503, "error-503", "upstream", false],
  ] as const)("HTTP %i (%s) → %s", (status, name, kind, mayHaveReachedUpstream) => {
    const error = parseErrorBody(status, JSON.stringify(fixture(name)), headers(status === 429 ? { "retry-after": "17" } : {}), { origin: "luma" });
    expect(error).toMatchObject({ kind, status, mayHaveReachedUpstream, origin: "luma" });
    expect(error.upstreamMessage).toEqual(expect.any(String));
    expect(error.message).not.toMatch(/gateway/i);
    if (status === 429) expect(error).toMatchObject({ retryAfterSeconds: 17, message: expect.stringContaining("Try again in 17 s.") });
  });

  it("reads a 422 validation list as the field and the reason", () => {
    expect(parseErrorBody(422, JSON.stringify(fixture("error-422-validation")), new Headers(), { origin: "luma" }).upstreamMessage).toBe(
      "video.duration: Input should be '5s' or '10s'",
    );
  });
});

describe("toOfficialBody", () => {
  const caps = OFFICIAL_CAPABILITIES;
  const base: VideoRequest = { type: "video", prompt: "a slow dolly shot through a greenhouse", aspectRatio: "16:9", expandPrompt: true, loop: false };

  it("text to video: model, type, prompt, ratio, and Luma's defaults made explicit; no platform-only fields", () => {
    expect(toOfficialBody(base, caps)).toEqual({
      model: "ray-3.2",
      type: "video",
      prompt: "a slow dolly shot through a greenhouse",
      aspect_ratio: "16:9",
      video: { resolution: "720p", duration: "5s" },
    });
  });

  it("sends chosen options under video, and only the switches that are on", () => {
    expect(toOfficialBody({ ...base, resolution: "1080p", duration: "5s", hdr: true, exrExport: true }, caps).video).toEqual({
      resolution: "1080p",
      duration: "5s",
      hdr: true,
      exr_export: true,
    });
    expect(toOfficialBody({ ...base, loop: true, duration: "10s", resolution: "540p" }, caps).video).toEqual({
      resolution: "540p",
      duration: "10s",
      loop: true,
    });
  });

  it("sends inline frames as base64 with their type, URLs as URLs", () => {
    const body = toOfficialBody(
      { ...base, startFrame: { kind: "image", url: "data:image/png;base64,iVBORw0KGgo=" }, endFrame: { kind: "image", url: "https://example.com/end.jpg" } },
      caps,
    );
    expect(body.video).toMatchObject({ start_frame: { data: "iVBORw0KGgo=", media_type: "image/png" }, end_frame: { url: "https://example.com/end.jpg" } });
  });

  it("extends forward, backward, and bridges two clips by generation id", () => {
    const forward = toOfficialBody({ ...base, startFrame: { kind: "generation", upstreamId: "g-1" } }, caps);
    expect(forward.video).toMatchObject({ start_frame: { generation_id: "g-1" } });
    expect(forward.video).not.toHaveProperty("end_frame");
    const backward = toOfficialBody({ ...base, endFrame: { kind: "generation", upstreamId: "g-2" } }, caps);
    expect(backward.video).toMatchObject({ end_frame: { generation_id: "g-2" } });
    expect(backward.video).not.toHaveProperty("start_frame");
    const bridge = toOfficialBody(
      { ...base, startFrame: { kind: "generation", upstreamId: "g-1" }, endFrame: { kind: "generation", upstreamId: "g-2" } },
      caps,
    );
    expect(bridge.video).toMatchObject({ start_frame: { generation_id: "g-1" }, end_frame: { generation_id: "g-2" } });
  });

  it("edits a clip: source and strength, or auto controls; the length follows the source", () => {
    const strong = toOfficialBody({ ...base, type: "video_edit", source: { kind: "generation", upstreamId: "g-1" }, editStrength: "reimagine_2" }, caps);
    expect(strong).toMatchObject({ type: "video_edit", source: { generation_id: "g-1" }, video: { resolution: "720p", edit: { strength: "reimagine_2" } } });
    expect(strong.video).not.toHaveProperty("duration");
    const auto = toOfficialBody({ ...base, type: "video_edit", source: { kind: "data", base64: "AAAA", mediaType: "video/mp4" } }, caps);
    expect(auto).toMatchObject({ source: { data: "AAAA", media_type: "video/mp4" }, video: { edit: { auto_controls: true } } });
  });

  it("reframes a clip to another ratio, placing the source where asked; a URL source carries its media type", () => {
    const body = toOfficialBody(
      {
        ...base,
        type: "video_reframe",
        aspectRatio: "9:16",
        source: { kind: "url", url: "https://cdn.example/clip.mp4", mediaType: "video/mp4" },
        sourcePosition: { x: 0, y: 0.25, width: 1, height: 0.5 },
      },
      caps,
    );
    expect(body).toMatchObject({
      type: "video_reframe",
      aspect_ratio: "9:16",
      source: { url: "https://cdn.example/clip.mp4", media_type: "video/mp4" },
      video: { source_position: { x_norm: 0, y_norm: 0.25, w_norm: 1, h_norm: 0.5 } },
    });
    expect(body.video).not.toHaveProperty("edit");
  });

  it("says the camera move in the prompt (Luma's API has no camera field)", () => {
    expect(toOfficialBody({ ...base, cameraMove: "crane_up" }, caps).prompt).toBe(
      "a slow dolly shot through a greenhouse. Crane shot: the camera rises upward.",
    );
  });
});
