/**
 * Instants to a zone's wall clock, fast enough for feeds of thousands of events: one cached
 * `Intl.DateTimeFormat` per zone and the offset cached per UTC day (per hour on the days the
 * offset changes), so a feed asks Intl only about days it has not seen. A day whose two ends
 * have the same offset is taken to have it throughout: no zone changes its offset and back
 * within a day.
 */

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** The end of a `longOffset` date: `GMT` alone for UTC, else a sign, hours, minutes and maybe seconds. */
const OFFSET_NAME = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;
/**
 * Also how far to look for the other offset of a repeated hour: no zone changes its offset twice
 * in a day, and no change is as large as a day, so the offsets a day before and a day after are
 * the only candidates.
 */
const DAY_MS = 86_400_000;
/** Cached days (or hours) per zone before the cache starts again: meetings fall on far fewer. */
const MAX_CACHED = 100_000;

export class ZoneClock {
  private readonly offsetName: Intl.DateTimeFormat;
  /** Offset (ms) per UTC day; NaN for a day in which the offset changes (then looked up by the hour). */
  private readonly days = new Map<number, number>();
  /** Offset (ms) per UTC hour of those days; NaN for the hour of the change (then measured each time). */
  private readonly hours = new Map<number, number>();

  /** Throws a RangeError for a zone Intl does not know. */
  constructor(zone: string) {
    this.offsetName = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
  }

  /**
   * The zone's wall clock at this instant as a shifted timestamp (read it with the UTC getters),
   * or undefined when that wall clock is ambiguous — it names another instant too (the repeated
   * hour when clocks go back). A wall clock reached from an instant always exists, so skipped
   * times (clocks going forward) cannot come out of here.
   */
  wallClock(instantMs: number): number | undefined {
    const ms = Math.floor(instantMs / SECOND_MS) * SECOND_MS;
    const offset = this.offsetAt(ms);
    if (this.repeats(ms, offset, this.offsetAt(ms - DAY_MS))) return undefined;
    if (this.repeats(ms, offset, this.offsetAt(ms + DAY_MS))) return undefined;
    return ms + offset;
  }

  /** The zone's UTC offset (ms) at this instant. */
  offset(instantMs: number): number {
    return this.offsetAt(Math.floor(instantMs / SECOND_MS) * SECOND_MS);
  }

  /**
   * Every change of offset in [fromMs, toMs): its instant (to the second) and the offsets before
   * and after, read from the same Intl data as the wall clocks, day by day, then to the second.
   */
  transitions(fromMs: number, toMs: number): { at: number; before: number; after: number }[] {
    const found: { at: number; before: number; after: number }[] = [];
    let previous = this.offset(fromMs);
    for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS; day < toMs; day += DAY_MS) {
      const end = day + DAY_MS - SECOND_MS;
      // A change within the day, or between the end of the last day and this one.
      const changes = Number.isNaN(this.constantOver(day, DAY_MS)) || this.measure(day) !== previous;
      if (changes) {
        // To the second: the first second whose offset is not `previous`, hour by hour.
        let low = day - SECOND_MS;
        while (low < end) {
          let high = Math.min(low + HOUR_MS, end);
          if (this.measure(high) === previous) {
            low = high;
            continue;
          }
          while (high - low > SECOND_MS) {
            const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
            if (this.measure(middle) === previous) low = middle;
            else high = middle;
          }
          const after = this.measure(high);
          if (high >= fromMs && high < toMs) found.push({ at: high, before: previous, after });
          previous = after;
          low = high;
        }
      }
      previous = this.measure(end);
    }
    return found;
  }

  /** Whether the wall clock at ms (under offset) is also the wall clock, under other, of another instant. */
  private repeats(ms: number, offset: number, other: number): boolean {
    // The same wall clock under the other offset is the instant ms + offset - other.
    return other !== offset && this.offsetAt(ms + offset - other) === other;
  }

  private offsetAt(ms: number): number {
    const day = Math.floor(ms / DAY_MS);
    let daily = this.days.get(day);
    if (daily === undefined) {
      daily = this.constantOver(day * DAY_MS, DAY_MS);
      if (this.days.size >= MAX_CACHED) this.days.clear();
      this.days.set(day, daily);
    }
    if (!Number.isNaN(daily)) return daily;
    // A day with a change: by the hour, and to the second within the hour of the change.
    const hour = Math.floor(ms / HOUR_MS);
    let hourly = this.hours.get(hour);
    if (hourly === undefined) {
      hourly = this.constantOver(hour * HOUR_MS, HOUR_MS);
      if (this.hours.size >= MAX_CACHED) this.hours.clear();
      this.hours.set(hour, hourly);
    }
    return Number.isNaN(hourly) ? this.measure(ms) : hourly;
  }

  /** The offset over [from, from + span) when it is the same at both ends, else NaN. */
  private constantOver(from: number, span: number): number {
    const first = this.measure(from);
    return first === this.measure(from + span - SECOND_MS) ? first : Number.NaN;
  }

  /** Offset at this instant, from Intl's offset name ("GMT+05:45", "GMT-00:44:30", "GMT"). */
  private measure(ms: number): number {
    const name = OFFSET_NAME.exec(this.offsetName.format(ms));
    if (name === null) throw new Error(`no UTC offset in ${this.offsetName.format(ms)}`);
    const [, sign, hours, minutes, seconds] = name;
    const magnitude =
      Number(hours ?? 0) * HOUR_MS + Number(minutes ?? 0) * MINUTE_MS + Number(seconds ?? 0) * SECOND_MS;
    return sign === "-" ? -magnitude : magnitude;
  }
}

const clocks = new Map<string, ZoneClock>();

/** The clock of a zone, made once per zone. */
export function zoneClock(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (clock === undefined) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}
