import type { CalendarEvent, CalendarPort, WrittenEvent } from "../ports/calendar.ts";
import { basicDateTime, CRLF, contentLine, mailto, quoted, text, utc } from "./ics-text.ts";
import { zoneClock } from "./zone-clock.ts";

const PRODID = "-//Equipe//Equipe//IT";
/** The équipe default zone (DESIGN §4), whose VTIMEZONE keeps an empty feed a valid calendar. */
const DEFAULT_ZONE = "Europe/Rome";
/**
 * How often a subscriber should poll: RFC 7986 REFRESH-INTERVAL, and X-PUBLISHED-TTL, which
 * Outlook reads. An hour keeps a moved meeting from showing at its old time for a day, while
 * the feed's ETag / Last-Modified make most polls a 304.
 */
const REFRESH = "PT1H";
const MINUTE_MS = 60_000;

const DAY_MS = 24 * 60 * 60_000;

function intlKnows(zone: string): boolean {
  try {
    zoneClock(zone);
    return true;
  } catch {
    return false;
  }
}

/** A zone Intl knows is written with its name as TZID; any other in UTC, which every parser reads alike. */
function writtenZone(zone: string): string | undefined {
  return intlKnows(zone) ? zone : undefined;
}

/** A UTC offset as RFC 5545 writes it: `+0100`, `-0330`, `-004430`. */
function utcOffset(ms: number): string {
  const sign = ms < 0 ? "-" : "+";
  const total = Math.abs(Math.round(ms / 1000));
  const hh = String(Math.floor(total / 3600)).padStart(2, "0");
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, "0");
  const ss = total % 60;
  return `${sign}${hh}${mm}${ss === 0 ? "" : String(ss).padStart(2, "0")}`;
}

/** The observances of one year of a zone, by `zone|year`: feeds of one season share them. */
const yearsWritten = new Map<string, string>();
const MAX_YEARS_WRITTEN = 5000;

/**
 * One year of a zone's rules, from the very Intl data the wall clocks are read from: the offset
 * in force on 1 January, then one observance per change in the year (no RRULE to disagree about).
 */
function observancesOf(zone: string, year: number): string {
  const key = `${zone}|${year}`;
  let made = yearsWritten.get(key);
  if (made === undefined) {
    const clock = zoneClock(zone);
    const from = Date.UTC(year, 0, 1);
    const first = clock.offset(from);
    made =
      `BEGIN:STANDARD${CRLF}DTSTART:${basicDateTime(from + first)}${CRLF}` +
      `TZOFFSETFROM:${utcOffset(first)}${CRLF}TZOFFSETTO:${utcOffset(first)}${CRLF}END:STANDARD${CRLF}`;
    for (const change of clock.transitions(from, Date.UTC(year + 1, 0, 1))) {
      const kind = change.after > change.before ? "DAYLIGHT" : "STANDARD";
      // DTSTART is the wall clock the change happens at, under the offset in force before it.
      made +=
        `BEGIN:${kind}${CRLF}DTSTART:${basicDateTime(change.at + change.before)}${CRLF}` +
        `TZOFFSETFROM:${utcOffset(change.before)}${CRLF}TZOFFSETTO:${utcOffset(change.after)}${CRLF}END:${kind}${CRLF}`;
    }
    if (yearsWritten.size >= MAX_YEARS_WRITTEN) yearsWritten.clear();
    yearsWritten.set(key, made);
  }
  return made;
}

/**
 * The zone's VTIMEZONE for the years its events fall in (only those: one meeting typed for 2099
 * costs one more year, not seventy). Made from the Intl data of the wall clocks: a VTIMEZONE from
 * another tz database once said Casablanca has no summer time while our wall clocks said it does,
 * and every parser then read those meetings an hour off. One source cannot disagree with itself.
 */
function vtimezone(zone: string, years: ReadonlySet<number>): string {
  let body = "";
  for (const year of [...years].sort((x, y) => x - y)) body += observancesOf(zone, year);
  return `BEGIN:VTIMEZONE${CRLF}${contentLine(`TZID:${zone}`)}${body}END:VTIMEZONE${CRLF}`;
}

/**
 * A DTSTART / DTEND: the zone's wall clock with its TZID, or UTC when that wall clock is
 * ambiguous. In the repeated hour of an autumn change a TZID time names two instants; RFC 5545
 * §3.3.5 says the first is meant, but parsers disagree (libical takes the second), and a DTEND
 * written that way once made a meeting zero-length. UTC names one instant for every parser.
 */
function dateTime(name: string, ms: number, event: CalendarEvent, zone: string | undefined): string {
  const wall = zone ? zoneClock(event.timezone).wallClock(ms) : undefined;
  if (zone === undefined || wall === undefined) return `${name}:${utc(ms)}${CRLF}`;
  return contentLine(`${name};TZID=${zone}:${basicDateTime(wall)}`);
}

/** The years (UTC) of an instant, a day either side included. */
const yearsAround = (instant: number): number[] => [
  new Date(instant - DAY_MS).getUTCFullYear(),
  new Date(instant + DAY_MS).getUTCFullYear(),
];

/** What a calendar being written needs: its zones (each once) and its events' text. */
class Writing {
  /** Per zone written, the years (UTC) its events' instants fall in, a day either side included. */
  readonly zones = new Map<string, Set<number>>();
  events = "";

  constructor(readonly stamp: string) {}

  /** The zone is used at this instant: its VTIMEZONE must cover it. */
  uses(zone: string, instant: number): void {
    this.usesYears(zone, yearsAround(instant));
  }

  /** The zone is used in these years: its VTIMEZONE must cover them. */
  usesYears(zone: string, years: readonly number[]): void {
    let kept = this.zones.get(zone);
    if (kept === undefined) {
      kept = new Set();
      this.zones.set(zone, kept);
    }
    for (const year of years) kept.add(year);
  }

  toString(header: string): string {
    let vtimezones = "";
    for (const [zone, years] of this.zones) vtimezones += vtimezone(zone, years);
    return `BEGIN:VCALENDAR${CRLF}VERSION:2.0${CRLF}PRODID:${PRODID}${CRLF}${header}${vtimezones}${this.events}END:VCALENDAR${CRLF}`;
  }
}

/**
 * RFC 5545 / 5546 output written by hand: ical-generator took ~0.25 ms per event, too slow for
 * a partner organisation's feed of thousands of meetings polled by many calendars.
 */
export class IcalCalendar implements CalendarPort {
  private readonly organizer: string;

  /**
   * @param organizer the service's identity (its name and MAIL_FROM address), ORGANIZER of every event
   * @param homeZone the équipes' default zone, whose VTIMEZONE an empty feed carries
   */
  constructor(
    organizer: { name: string; email: string },
    private readonly homeZone: string = DEFAULT_ZONE,
  ) {
    this.organizer = contentLine(`ORGANIZER;CN=${quoted(organizer.name)}:${mailto(organizer.email)}`);
  }

  invite(
    method: "REQUEST" | "CANCEL",
    event: CalendarEvent,
    options: { stamp: Date; attendeeEmail: string },
  ): string {
    const writing = new Writing(utc(options.stamp));
    // No RSVP=TRUE: nothing reads replies, so none is asked for.
    const attendee = contentLine(
      `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:${mailto(options.attendeeEmail)}`,
    );
    this.add(writing, method === "CANCEL" ? { ...event, status: "cancelled" } : event, attendee);
    return writing.toString(`METHOD:${method}${CRLF}`);
  }

  file(event: CalendarEvent, options: { stamp: Date }): string {
    const writing = new Writing(utc(options.stamp));
    this.add(writing, event, "");
    // No NAME / X-WR-CALNAME: with one, Outlook imports the file into a new calendar folder so named.
    return writing.toString(`METHOD:PUBLISH${CRLF}`);
  }

  feed(name: string, events: readonly CalendarEvent[], options: { stamp: Date }): string {
    return this.feedOf(
      name,
      events.map((event) => this.written(event, options)),
      options,
    );
  }

  written(event: CalendarEvent, options: { stamp: Date }): WrittenEvent {
    const zone = writtenZone(event.timezone);
    const start = event.start.getTime();
    const end = start + event.durationMinutes * MINUTE_MS;
    const years = zone ? [...new Set([...yearsAround(start), ...yearsAround(end)])] : [];
    return { text: this.vevent(event, zone, utc(options.stamp), ""), zone, years };
  }

  feedOf(name: string, events: readonly WrittenEvent[], options: { stamp: Date }): string {
    const writing = new Writing(utc(options.stamp));
    const texts: string[] = [];
    for (const event of events) {
      if (event.zone) writing.usesYears(event.zone, event.years);
      texts.push(event.text);
    }
    writing.events = texts.join("");
    if (events.length === 0 && writtenZone(this.homeZone)) {
      // RFC 5545 §3.4 asks for at least one component, and strict readers (sabre/vobject, behind
      // Nextcloud's subscriptions; validators) reject a calendar without one. An invented event
      // would show up in people's calendars; a VTIMEZONE is a component that shows nothing.
      // Outlook itself exports a PUBLISH calendar with no VEVENT for an empty range
      // (MS-OXCICAL §2.1.13), and libical's iTIP check accepts it.
      writing.uses(this.homeZone, options.stamp.getTime());
    }
    const title = text(name);
    return writing.toString(
      `METHOD:PUBLISH${CRLF}` +
        contentLine(`NAME:${title}`) +
        contentLine(`X-WR-CALNAME:${title}`) +
        `REFRESH-INTERVAL;VALUE=DURATION:${REFRESH}${CRLF}` +
        `X-PUBLISHED-TTL:${REFRESH}${CRLF}`,
    );
  }

  private add(writing: Writing, event: CalendarEvent, attendee: string): void {
    const zone = writtenZone(event.timezone);
    const start = event.start.getTime();
    const end = start + event.durationMinutes * MINUTE_MS;
    if (zone) {
      writing.uses(zone, start);
      writing.uses(zone, end);
    }
    writing.events += this.vevent(event, zone, writing.stamp, attendee);
  }

  private vevent(event: CalendarEvent, zone: string | undefined, stamp: string, attendee: string): string {
    const start = event.start.getTime();
    const end = start + event.durationMinutes * MINUTE_MS;
    return (
      `BEGIN:VEVENT${CRLF}` +
      contentLine(`UID:${text(event.uid)}`) +
      `SEQUENCE:${event.sequence}${CRLF}` +
      `DTSTAMP:${stamp}${CRLF}` +
      dateTime("DTSTART", start, event, zone) +
      dateTime("DTEND", end, event, zone) +
      contentLine(`SUMMARY:${text(event.summary)}`) +
      (event.location ? contentLine(`LOCATION:${text(event.location)}`) : "") +
      this.organizer +
      attendee +
      `STATUS:${event.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}${CRLF}` +
      `END:VEVENT${CRLF}`
    );
  }
}
