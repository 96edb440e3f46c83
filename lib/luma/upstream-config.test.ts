import { describe, expect, it } from "vitest";
import { buildCustomProfile } from "./profiles";
import { resolveUpstreamConfig, type UpstreamSettings } from "./upstream-config";

const resolve = (settings: Partial<UpstreamSettings>) => resolveUpstreamConfig({ custom: {}, ...settings });

function config(settings: Partial<UpstreamSettings>) {
  const result = resolve(settings);
  if (!result.ok) throw new Error(result.messages.join("; "));
  return result.config;
}

describe("resolveUpstreamConfig", () => {
  it("defaults to openai-hub through the platform format, sending ray-v2", () => {
    const chosen = config({ apiKey: "sk-abc" });
    expect(chosen).toMatchObject({ provider: "platform", route: "standard", baseUrl: "https://api.openai-hub.com", model: null });
    expect(chosen.profile.id).toBe("openai-hub");
    expect(chosen.capabilities).toMatchObject({ profile: "openai-hub", defaultModel: "ray-v2", callbacks: true });
  });

  it("picks Luma's own API for a luma-api- key, or when told to", () => {
    const byKey = config({ apiKey: "luma-api-0123456789" });
    expect(byKey).toMatchObject({ provider: "official", baseUrl: "https://agents.lumalabs.ai/v1" });
    expect(byKey.capabilities).toMatchObject({ provider: "official", defaultModel: "ray-3.2", callbacks: false });
    expect(config({ apiKey: "luma-api-x", provider: "platform" }).provider).toBe("platform");
    expect(config({ apiKey: "anything", provider: "official", baseUrl: "http://127.0.0.1:4010/v1" })).toMatchObject({
      provider: "official",
      baseUrl: "http://127.0.0.1:4010/v1",
    });
  });

  it("makes LUMA_MODEL the default model and offers it in the form", () => {
    const chosen = config({ apiKey: "sk-abc", gateway: "crazyrouter", model: "ray-v1" });
    expect(chosen.capabilities.defaultModel).toBe("ray-v1");
    const unlisted = config({ apiKey: "sk-abc", model: "luma-video" });
    expect(unlisted.capabilities.models[0]).toEqual({ value: "luma-video", label: "luma-video" });
    expect(unlisted.capabilities.defaultModel).toBe("luma-video");
  });

  it("says, at boot, what to change", () => {
    const failed = (settings: Partial<UpstreamSettings>) => {
      const result = resolve(settings);
      return result.ok ? [] : result.messages;
    };
    expect(failed({ apiKey: "sk-abc", gateway: "yutoai" })).toEqual(["yutoai has no known address: set LUMA_BASE_URL to the gateway's base URL"]);
    expect(failed({ apiKey: "sk-abc", gateway: "crazyrouter", route: "pro" })).toEqual(["LUMA_GATEWAY_ROUTE=pro is not offered by crazyrouter; use standard"]);
    expect(failed({ apiKey: "luma-api-x", model: "ray-v2" })[0]).toMatch(/^LUMA_MODEL=ray-v2 does not apply to Luma's API/);
    expect(failed({ apiKey: "sk-abc", custom: { modelField: "model_name" } })[0]).toMatch(/apply only with LUMA_GATEWAY=custom/);
    expect(failed({ apiKey: "sk-abc", gateway: "custom", baseUrl: "https://gw.example", custom: { durations: "5s" } })).toEqual([
      "LUMA_DURATIONS needs LUMA_DURATION_FIELD (the field the gateway reads)",
    ]);
    // Demo mode needs no address: the simulator is the upstream.
    expect(failed({ gateway: "yutoai" })).toEqual([]);
  });

  it("offers openai-hk's /pro and v2 routes only when asked, and no extend on v2", () => {
    expect(config({ apiKey: "sk", gateway: "openai-hk", route: "pro" }).capabilities.actions.extend).toBe(true);
    expect(config({ apiKey: "sk", gateway: "openai-hk", route: "v2" }).capabilities.actions.extend).toBe(false);
  });
});

describe("buildCustomProfile", () => {
  it("reads field names and wire spellings from env, our spelling from the wire's", () => {
    const built = buildCustomProfile({
      modelField: "model_name",
      models: "ray-v2, ray-v1",
      resolutionField: "quality",
      resolutions: "720P,1080p",
      durationField: "seconds",
      durations: "5,10",
      cameraField: "camera_motion",
    });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.profile).toMatchObject({
      modelField: "model_name",
      models: [
        { value: "ray-v2", label: "ray-v2" },
        { value: "ray-v1", label: "ray-v1" },
      ],
      resolutionField: "quality",
      resolutions: { "720p": "720P", "1080p": "1080p" },
      defaultResolution: "720p",
      durationField: "seconds",
      durations: { "5s": "5", "10s": "10" },
      defaultDuration: "5s",
      cameraField: "camera_motion",
      defaultModel: null,
    });
  });

  it("refuses values it cannot place and field names that are not field names", () => {
    expect(buildCustomProfile({ resolutionField: "r", resolutions: "4k" })).toEqual({
      ok: false,
      message: 'LUMA_RESOLUTIONS: "4k" is not one of 540p, 720p, 1080p',
    });
    expect(buildCustomProfile({ durationField: "d", durations: "7s" }).ok).toBe(false);
    expect(buildCustomProfile({ modelField: "model name" }).ok).toBe(false);
  });
});
