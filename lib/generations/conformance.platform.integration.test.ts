import { defineConformanceSuite, readGateway } from "@/test/conformance";

// A gateway profile that takes model, resolution and duration (yutoai), so every journey has something to check.
defineConformanceSuite({
  name: "platform (yutoai)",
  provider: "platform",
  profile: "yutoai",
  read: readGateway,
  choices: { model: "ray-v3", resolution: "1080p", duration: "9s" },
  moderationCode: "moderation",
  hasFailureCodes: false,
});
