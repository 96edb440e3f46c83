import { describe, expect, it } from "vitest";
import { createGenerationSchema } from "./generation";

describe("createGenerationSchema", () => {
  it("fills defaults and drops empty optional fields", () => {
    const parsed = createGenerationSchema.parse({ prompt: "  a cat dancing  ", imageUrl: "", model: "" });
    expect(parsed).toEqual({ prompt: "a cat dancing", aspectRatio: "16:9", expandPrompt: true, loop: false });
  });

  it("rejects unknown fields, bad enums and bad URLs with field errors", () => {
    const result = createGenerationSchema.safeParse({ prompt: "x", aspectRatio: "2:1", imageUrl: "ftp://x", extra: 1 });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join(".") || issue.code);
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
