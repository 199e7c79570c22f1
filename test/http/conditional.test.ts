import { describe, expect, it } from "vitest";
import { noneMatch } from "../../src/http/calendar-feed.ts";

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison; `*` matches any current representation. */
describe("If-None-Match on feeds", () => {
  const etag = '"abc123"';

  it("matches the strong tag, and the same tag weakened by a compressing proxy", () => {
    expect(noneMatch('"abc123"', etag)).toBe(true);
    expect(noneMatch('W/"abc123"', etag)).toBe(true);
    expect(noneMatch(' "zzz" , W/"abc123" ', etag)).toBe(true);
  });

  it("matches * (any current feed)", () => {
    expect(noneMatch("*", etag)).toBe(true);
  });

  it("does not match another tag, weak or strong, nor a tag that only contains ours", () => {
    expect(noneMatch('"abc12"', etag)).toBe(false);
    expect(noneMatch('W/"zzz"', etag)).toBe(false);
    expect(noneMatch('"xabc123"', etag)).toBe(false);
    expect(noneMatch("", etag)).toBe(false);
  });
});

describe("Accept-Encoding on feeds", () => {
  it("gzips for clients that take it, not for those that refuse it or say nothing", async () => {
    const { acceptsGzip } = await import("../../src/http/calendar-feed.ts");
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
