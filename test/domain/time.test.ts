import { describe, expect, it } from "vitest";
import { formatDateTime, parseLocalDateTime, utcToZoned, zonedToUtc } from "../../src/domain/time.ts";

const local = (text: string) => {
  const parsed = parseLocalDateTime(text);
  if (!parsed) throw new Error(`unparsed ${text}`);
  return parsed;
};

describe("time in the équipe's zone", () => {
  it("runs under a zone that is neither UTC nor Rome", () => {
    expect(new Date("2026-01-01T00:00:00Z").getTimezoneOffset()).toBe(-345);
  });

  it("reads ISO and Italian forms, refuses impossible dates", () => {
    expect(local("2026-12-03 15:00")).toEqual({ year: 2026, month: 12, day: 3, hour: 15, minute: 0 });
    expect(local("03/12/2026 15.30")).toEqual({ year: 2026, month: 12, day: 3, hour: 15, minute: 30 });
    for (const bad of [
      "2026-02-30 10:00",
      "2026-13-01 10:00",
      "2026-12-03 24:00",
      "domani alle 3",
      "2026-12-03",
    ]) {
      expect(parseLocalDateTime(bad), bad).toBeUndefined();
    }
  });

  it("converts Rome wall-clock times to UTC across the October DST change", () => {
    expect(zonedToUtc(local("2026-10-23 15:00"), "Europe/Rome")?.toISOString()).toBe(
      "2026-10-23T13:00:00.000Z",
    );
    expect(zonedToUtc(local("2026-10-26 15:00"), "Europe/Rome")?.toISOString()).toBe(
      "2026-10-26T14:00:00.000Z",
    );
    // 02:30 happens twice on 25 October 2026: the first (summer time) is taken.
    expect(zonedToUtc(local("2026-10-25 02:30"), "Europe/Rome")?.toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
  });

  it("refuses a time that the March DST change skips", () => {
    expect(zonedToUtc(local("2026-03-29 02:30"), "Europe/Rome")).toBeUndefined();
    expect(zonedToUtc(local("2026-03-29 03:30"), "Europe/Rome")?.toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
  });

  it("round-trips and formats in the équipe's zone, not the process's", () => {
    const instant = new Date("2026-12-03T14:00:00Z");
    expect(utcToZoned(instant, "Europe/Rome")).toEqual({
      year: 2026,
      month: 12,
      day: 3,
      hour: 15,
      minute: 0,
    });
    expect(formatDateTime(instant, "Europe/Rome", "it")).toContain("15:00");
    expect(formatDateTime(instant, "Europe/Rome", "en")).toContain("15:00");
  });
});
