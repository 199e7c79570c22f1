import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ZoneClock } from "../../src/infra/zone-clock.ts";

const MINUTE_MS = 60_000;
const QUARTER_MS = 15 * MINUTE_MS;
const HOUR_MS = 60 * MINUTE_MS;
/** Every offset change in use today is a multiple of 15 minutes and at most a few hours. */
const SEARCH_QUARTERS = 16;

/** The oracle: Luxon's offset, and a brute-force search for another instant with the same wall clock. */
const offsetMs = (zone: string, ms: number) => DateTime.fromMillis(ms, { zone }).offset * MINUTE_MS;
function expected(zone: string, ms: number): number | undefined {
  const wall = ms + offsetMs(zone, ms);
  for (let k = -SEARCH_QUARTERS; k <= SEARCH_QUARTERS; k++) {
    const other = ms + k * QUARTER_MS;
    if (k !== 0 && other + offsetMs(zone, other) === wall) return undefined;
  }
  return wall;
}

/** The instants of 2027 at which the zone's offset changes, to the minute. */
function transitions(zone: string): number[] {
  const found: number[] = [];
  const from = Date.UTC(2027, 0, 1);
  const to = Date.UTC(2028, 0, 1);
  for (let ms = from; ms < to; ms += HOUR_MS) {
    if (offsetMs(zone, ms) === offsetMs(zone, ms + HOUR_MS)) continue;
    let low = ms;
    let high = ms + HOUR_MS;
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
      if (offsetMs(zone, middle) === offsetMs(zone, ms)) low = middle;
      else high = middle;
    }
    found.push(high);
  }
  return found;
}

// Whole-hour changes (Rome, New York), changes in the middle of a UTC hour (St John's at 05:30
// UTC, Lord Howe's 30-minute summer time), odd offsets (Kathmandu, Chatham), negative summer
// time (Dublin) and a zone that changes four times a year (Casablanca, around Ramadan).
const ZONES = [
  "Europe/Rome",
  "America/New_York",
  "America/St_Johns",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "Pacific/Chatham",
  "Europe/Dublin",
  "Africa/Casablanca",
];

describe("wall clocks from instants", () => {
  for (const zone of ZONES) {
    it(`${zone}: the wall clock at every instant around each change, and none where it is ambiguous`, () => {
      const clock = new ZoneClock(zone);
      const instants: number[] = [];
      for (const change of transitions(zone))
        for (let ms = change - 3 * HOUR_MS; ms <= change + 3 * HOUR_MS; ms += QUARTER_MS) instants.push(ms);
      // And the rest of the year, at steps that fall on every minute of the hour in turn.
      for (let ms = Date.UTC(2027, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 7 * HOUR_MS + 13 * MINUTE_MS)
        instants.push(ms);
      const wrong = instants
        .map((ms) => ({ at: new Date(ms).toISOString(), got: clock.wallClock(ms), want: expected(zone, ms) }))
        .filter(({ got, want }) => got !== want);
      expect(wrong).toEqual([]);
    });
  }

  it("finds the repeated hour in Rome and New York, and nothing skipped is ever produced", () => {
    expect(transitions("Europe/Rome")).toHaveLength(2);
    const rome = new ZoneClock("Europe/Rome");
    expect(rome.wallClock(Date.parse("2027-10-31T00:30:00Z"))).toBeUndefined();
    expect(rome.wallClock(Date.parse("2027-10-31T01:30:00Z"))).toBeUndefined();
    expect(rome.wallClock(Date.parse("2027-10-31T02:00:00Z"))).toBe(Date.parse("2027-10-31T03:00:00Z"));
    expect(rome.wallClock(Date.parse("2027-03-28T01:00:00Z"))).toBe(Date.parse("2027-03-28T03:00:00Z"));
    const newYork = new ZoneClock("America/New_York");
    expect(newYork.wallClock(Date.parse("2027-11-07T05:59:59Z"))).toBeUndefined();
    expect(newYork.wallClock(Date.parse("2027-11-07T07:00:00Z"))).toBe(Date.parse("2027-11-07T02:00:00Z"));
  });
});
