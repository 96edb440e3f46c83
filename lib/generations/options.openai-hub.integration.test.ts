import { expect } from "vitest";
import { CAMERA_MOVE_PHRASES } from "@/lib/luma/camera";
import { defineOptionsRouteSuite } from "@/test/options-route";

// The seed gateway: the model under `model`, no resolution or duration choice, the camera move said in the prompt.
defineOptionsRouteSuite({
  name: "openai-hub gateway",
  provider: "platform",
  profile: "openai-hub",
  choice: { model: "ray-v1", cameraMove: "orbit_left" },
  expectWire: (body, prompt) => {
    expect(body).toMatchObject({ model: "ray-v1", user_prompt: `${prompt}. ${CAMERA_MOVE_PHRASES.orbit_left}` });
    expect(body).not.toHaveProperty("model_name");
    expect(body).not.toHaveProperty("resolution");
    expect(body).not.toHaveProperty("duration");
  },
  refusals: [
    {
      what: "a resolution it takes no choice of",
      body: { resolution: "1080p" },
      fieldErrors: { resolution: ["openai-hub takes no resolution choice: leave it unset."] },
    },
    { what: "Ray 3.2", body: { model: "ray-3.2" }, fieldErrors: { model: ['openai-hub does not offer the model "ray-3.2": choose ray-v2, ray-v1.'] } },
    { what: "HDR", body: { hdr: true }, fieldErrors: { hdr: ["HDR is not available with openai-hub."] } },
  ],
});
