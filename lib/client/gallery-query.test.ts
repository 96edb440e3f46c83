import { describe, expect, it } from "vitest";
import { galleryHref, isFiltered, matchesQuery, parseGalleryQuery } from "./gallery-query";

describe("gallery query: model, resolution and duration", () => {
  it("reads them from the URL, drops values that are not options, and writes them back", () => {
    const query = parseGalleryQuery(new URLSearchParams("model=ray-3.2&resolution=1080p,4k&duration=10s,7s"));
    expect(query).toMatchObject({ model: "ray-3.2", resolutions: ["1080p"], durations: ["10s"] });
    expect(galleryHref(query)).toBe("/gallery?model=ray-3.2&resolution=1080p&duration=10s");
    expect(isFiltered(query)).toBe(true);
    expect(parseGalleryQuery(new URLSearchParams("model=<script>")).model).toBeUndefined();
  });

  it("lets a live update into a view only when it matches them", () => {
    const query = parseGalleryQuery(new URLSearchParams("resolution=1080p&duration=5s"));
    const clip = { state: "completed", aspectRatio: "16:9", liked: false, model: "ray-3.2", resolution: "1080p", duration: "5s" } as const;
    expect(matchesQuery(query, clip)).toBe(true);
    expect(matchesQuery(query, { ...clip, resolution: "720p" })).toBe(false);
    expect(matchesQuery(query, { ...clip, duration: null })).toBe(false);
  });
});
