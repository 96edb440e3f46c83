import { defineConformanceSuite, readOfficial } from "@/test/conformance";

defineConformanceSuite({
  name: "official (Luma's API)",
  provider: "official",
  read: readOfficial,
  // Luma's API has one video model, which is also its default.
  choices: { model: "ray-3.2", resolution: "1080p", duration: "10s" },
  moderationCode: "moderation",
  hasFailureCodes: true,
});
