import { expect } from "vitest";
import { CAMERA_MOVE_PHRASES } from "@/lib/luma/camera";
import { defineOptionsRouteSuite } from "@/test/options-route";

// `model_name` with Ray 3, resolution and duration as written ("9s").
defineOptionsRouteSuite({
  name: "yutoai gateway",
  provider: "platform",
  profile: "yutoai",
  choice: { model: "ray-v3", resolution: "1080p", duration: "9s", cameraMove: "dolly_zoom" },
  expectWire: (body, prompt) => {
    expect(body).toMatchObject({ model_name: "ray-v3", resolution: "1080p", duration: "9s", user_prompt: `${prompt}. ${CAMERA_MOVE_PHRASES.dolly_zoom}` });
  },
  refusals: [
    {
      what: "loop with an end frame",
      body: { loop: true, imageEndUrl: "https://example.com/end.jpg" },
      fieldErrors: { loop: ["yutoai cannot loop a clip that has an end frame: remove the end frame or turn loop off."] },
    },
  ],
});
