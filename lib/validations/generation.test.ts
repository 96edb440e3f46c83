import { describe, expect, it } from "vitest";
import { OFFICIAL_CAPABILITIES } from "@/lib/luma/official-capabilities";
import { GATEWAY_PROFILES, gatewayCapabilities } from "@/lib/luma/profiles";
import { createGenerationSchemaFor } from "./generation";

const createGenerationSchema = createGenerationSchemaFor(gatewayCapabilities(GATEWAY_PROFILES["openai-hub"]));
const officialSchema = createGenerationSchemaFor(OFFICIAL_CAPABILITIES);
const yutoaiSchema = createGenerationSchemaFor(gatewayCapabilities(GATEWAY_PROFILES.yutoai));
const fieldErrors = (result: { error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join(".") || "_form", issue.message]));

describe("createGenerationSchemaFor (openai-hub)", () => {
  it("fills defaults and drops empty optional fields", () => {
    const parsed = createGenerationSchema.parse({ prompt: "  a cat dancing  ", imageUrl: "", model: "" });
    expect(parsed).toEqual({ prompt: "a cat dancing", aspectRatio: "16:9", expandPrompt: true, loop: false });
  });

  it("rejects unknown fields, bad enums and bad URLs with field errors", () => {
    const result = createGenerationSchema.safeParse({ prompt: "x", aspectRatio: "2:1", imageUrl: "ftp://x", extra: 1 });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue: { path: PropertyKey[]; code: string }) => issue.path.join(".") || issue.code);
    expect(paths).toEqual(expect.arrayContaining(["aspectRatio", "imageUrl"]));
  });

  it("needs a prompt unless a frame is given", () => {
    expect(createGenerationSchema.safeParse({ prompt: "" }).success).toBe(false);
    expect(createGenerationSchema.safeParse({ prompt: "", imageUrl: "https://example.com/a.jpg" }).success).toBe(true);
  });

  it("caps the prompt length and refuses credentials in URLs", () => {
    expect(createGenerationSchema.safeParse({ prompt: "x".repeat(5001) }).success).toBe(false);
    expect(createGenerationSchema.safeParse({ prompt: "x", imageUrl: "https://user:pw@example.com/a.jpg" }).success).toBe(false);
    expect(createGenerationSchema.safeParse({ prompt: "x", imageUrl: "data:image/png;base64,iVBORw0KGgo=" }).success).toBe(true);
  });

  it("reports a URL over 4,096 characters as too long, not as malformed, with the server's own sentence", () => {
    const long = `https://example.com/${"a".repeat(4096)}.jpg`;
    const result = createGenerationSchema.safeParse({ prompt: "x", imageUrl: long });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["imageUrl"], code: "too_big", message: "Keep image URLs under 4096 characters" })]);
    const huge = `data:image/png;base64,${"A".repeat(14 * 1024 * 1024)}`;
    expect(createGenerationSchema.safeParse({ prompt: "x", imageEndUrl: huge }).error?.issues).toEqual([
      expect.objectContaining({ path: ["imageEndUrl"], code: "too_big", message: "Images must be under 10 MB" }),
    ]);
  });
});

describe("createGenerationSchemaFor: the options each upstream takes", () => {
  it("takes the model, resolution, duration, camera move and HDR Luma's API offers", () => {
    const parsed = officialSchema.parse({ prompt: "a fox", model: "ray-3.2", resolution: "1080p", duration: "5s", cameraMove: "orbit_left", hdr: true });
    expect(parsed).toMatchObject({ model: "ray-3.2", resolution: "1080p", duration: "5s", cameraMove: "orbit_left", hdr: true });
  });

  it("refuses what the upstream does not offer under the field, with the sentence that says what to choose", () => {
    expect(fieldErrors(createGenerationSchema.safeParse({ prompt: "x", resolution: "1080p", model: "ray-3.2" }))).toEqual({
      model: 'openai-hub does not offer the model "ray-3.2": choose ray-v2, ray-v1.',
      resolution: "openai-hub takes no resolution choice: leave it unset.",
    });
    expect(fieldErrors(yutoaiSchema.safeParse({ prompt: "x", duration: "10s" }))).toEqual({ duration: "yutoai does not offer 10 s clips: choose 5 s, 9 s." });
    expect(fieldErrors(officialSchema.safeParse({ prompt: "x", aspectRatio: "9:21" }))).toEqual({
      aspectRatio: "Luma's API does not make 9:21 clips: choose 16:9, 9:16, 1:1, 4:3, 3:4, 21:9.",
    });
  });

  it("refuses Ray 3.2's combinations before anything is sent: 10 s with frames or loop, HDR rules", () => {
    expect(fieldErrors(officialSchema.safeParse({ prompt: "x", duration: "10s", imageUrl: "https://example.com/a.jpg" }))).toEqual({
      duration: "10 s clips are made from text only: remove the frames, or choose 5 s.",
    });
    expect(fieldErrors(officialSchema.safeParse({ prompt: "x", duration: "10s", loop: true }))).toEqual({
      loop: "Loop is not available for 10 s clips: turn it off, or choose 5 s.",
    });
    expect(fieldErrors(officialSchema.safeParse({ prompt: "x", resolution: "540p", hdr: true }))).toEqual({
      hdr: "HDR needs 720p, 1080p: choose one of them or turn HDR off.",
    });
    expect(fieldErrors(officialSchema.safeParse({ prompt: "x", loop: true, hdr: true }))).toEqual({
      loop: "Loop and HDR cannot be combined: turn one of them off.",
    });
    expect(fieldErrors(officialSchema.safeParse({ prompt: "x", loop: true, imageEndUrl: "https://example.com/b.jpg" }))).toEqual({
      loop: "Luma's API cannot loop a clip that has an end frame: remove the end frame or turn loop off.",
    });
    expect(fieldErrors(officialSchema.safeParse({ prompt: "", imageUrl: "https://example.com/a.jpg" }))).toEqual({
      prompt: "Describe the video: Luma's API needs a prompt, also with frames.",
    });
  });

  it("counts the camera move's sentence against the prompt limit where it travels in the prompt", () => {
    const prompt = "x".repeat(4990);
    expect(createGenerationSchema.safeParse({ prompt }).success).toBe(true);
    expect(fieldErrors(createGenerationSchema.safeParse({ prompt, cameraMove: "dolly_zoom" }))).toEqual({
      prompt: "Keep the prompt under 5000 characters (the camera move is added to it).",
    });
  });
});
