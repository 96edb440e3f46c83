import { expect } from "vitest";
import { CAMERA_MOVE_PHRASES } from "@/lib/luma/camera";
import { defineOptionsRouteSuite } from "@/test/options-route";

// `model_name`, resolution as written, duration as bare seconds ("5"); no loop in its documentation.
defineOptionsRouteSuite({
  name: "crazyrouter gateway",
  provider: "platform",
  profile: "crazyrouter",
  choice: { model: "ray-v1", resolution: "540p", duration: "5s", cameraMove: "crane_up" },
  expectWire: (body, prompt) => {
    expect(body).toMatchObject({ model_name: "ray-v1", resolution: "540p", duration: "5", user_prompt: `${prompt}. ${CAMERA_MOVE_PHRASES.crane_up}` });
    expect(body).not.toHaveProperty("model");
  },
  refusals: [
    { what: "loop, which it does not offer", body: { loop: true }, fieldErrors: { loop: ["Loop is not available with crazyrouter."] } },
    { what: "a 9 s clip", body: { duration: "9s" }, fieldErrors: { duration: ["crazyrouter does not offer 9 s clips: choose 5 s."] } },
  ],
});
