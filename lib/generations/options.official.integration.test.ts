import { expect } from "vitest";
import { CAMERA_MOVE_PHRASES } from "@/lib/luma/camera";
import { defineOptionsRouteSuite } from "@/test/options-route";

// Luma's own API: Ray 3.2 under `model`, the options under `video`, the camera move said in the prompt.
defineOptionsRouteSuite({
  name: "Luma's API (official)",
  provider: "official",
  choice: { model: "ray-3.2", resolution: "1080p", duration: "10s", cameraMove: "push_in" },
  expectWire: (body, prompt) => {
    expect(body).toMatchObject({
      model: "ray-3.2",
      type: "video",
      prompt: `${prompt}. ${CAMERA_MOVE_PHRASES.push_in}`,
      video: { resolution: "1080p", duration: "10s" },
    });
  },
  refusals: [
    {
      what: "10 s with loop",
      body: { duration: "10s", loop: true },
      fieldErrors: { loop: ["Loop is not available for 10 s clips: turn it off, or choose 5 s."] },
    },
    {
      what: "10 s with a start frame",
      body: { duration: "10s", imageUrl: "https://example.com/start.jpg" },
      fieldErrors: { duration: ["10 s clips are made from text only: remove the frames, or choose 5 s."] },
    },
    { what: "HDR at 540p", body: { resolution: "540p", hdr: true }, fieldErrors: { hdr: ["HDR needs 720p, 1080p: choose one of them or turn HDR off."] } },
    { what: "a gateway's model", body: { model: "ray-v2" }, fieldErrors: { model: ['Luma\'s API does not offer the model "ray-v2": choose ray-3.2.'] } },
    { what: "a 9 s clip", body: { duration: "9s" }, fieldErrors: { duration: ["Luma's API does not offer 9 s clips: choose 5 s, 10 s."] } },
  ],
});
