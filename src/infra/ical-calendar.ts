import { tzlib_get_ical_block, tzlib_get_timezones } from "timezones-ical-library";
import type { CalendarEvent, CalendarPort } from "../ports/calendar.ts";
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

/** A zone as written: the TZID its VTIMEZONE declares (aliases resolve: Europe/Vatican is Europe/Rome). */
interface WrittenZone {
  tzid: string;
  /** The VTIMEZONE component, folded, each line ending in CRLF. */
  vtimezone: string;
}

let supported: Set<string> | undefined;
const written = new Map<string, WrittenZone | null>();

function intlKnows(zone: string): boolean {
  try {
    zoneClock(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every TZID we write comes with its VTIMEZONE, from the maintained tz data of
 * timezones-ical-library, looked up once per zone. A zone the library does not know has none:
 * its events are written in UTC, which every parser reads alike.
 */
function writtenZone(zone: string): WrittenZone | undefined {
  let found = written.get(zone);
  if (found === undefined) {
    if (supported === undefined) {
      const list = tzlib_get_timezones();
      supported = new Set(Array.isArray(list) ? list : []);
    }
    // Asked only for a listed zone (the library prints to the console for an unknown one) that
    // Intl knows too, to find its wall clock (the library lists a few names Intl refuses: "ET").
    const block = supported.has(zone) && intlKnows(zone) ? tzlib_get_ical_block(zone) : undefined;
    const [component, tzidParameter] = Array.isArray(block) ? block : [];
    found =
      component && tzidParameter?.startsWith("TZID=")
        ? {
            tzid: tzidParameter.slice("TZID=".length),
            vtimezone: component.split(/\r?\n/).filter(Boolean).map(contentLine).join(""),
          }
        : null;
    written.set(zone, found);
  }
  return found ?? undefined;
}

/**
 * A DTSTART / DTEND: the zone's wall clock with its TZID, or UTC when that wall clock is
 * ambiguous. In the repeated hour of an autumn change a TZID time names two instants; RFC 5545
 * §3.3.5 says the first is meant, but parsers disagree (libical takes the second), and a DTEND
 * written that way once made a meeting zero-length. UTC names one instant for every parser.
 */
function dateTime(name: string, ms: number, event: CalendarEvent, zone: WrittenZone | undefined): string {
  const wall = zone ? zoneClock(event.timezone).wallClock(ms) : undefined;
  if (zone === undefined || wall === undefined) return `${name}:${utc(ms)}${CRLF}`;
  return contentLine(`${name};TZID=${zone.tzid}:${basicDateTime(wall)}`);
}

/** What a calendar being written needs: its zones (each once) and its events' text. */
class Writing {
  readonly zones = new Map<string, string>();
  events = "";

  constructor(readonly stamp: string) {}

  toString(header: string): string {
    let vtimezones = "";
    for (const vtimezone of this.zones.values()) vtimezones += vtimezone;
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
    const writing = new Writing(utc(options.stamp));
    for (const event of events) this.add(writing, event, "");
    if (events.length === 0) {
      // RFC 5545 §3.4 asks for at least one component, and strict readers (sabre/vobject, behind
      // Nextcloud's subscriptions; validators) reject a calendar without one. An invented event
      // would show up in people's calendars; a VTIMEZONE is a component that shows nothing.
      // Outlook itself exports a PUBLISH calendar with no VEVENT for an empty range
      // (MS-OXCICAL §2.1.13), and libical's iTIP check accepts it.
      const home = writtenZone(this.homeZone);
      if (home) writing.zones.set(home.tzid, home.vtimezone);
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
    if (zone) writing.zones.set(zone.tzid, zone.vtimezone);
    const start = event.start.getTime();
    const end = start + event.durationMinutes * MINUTE_MS;
    writing.events +=
      `BEGIN:VEVENT${CRLF}` +
      contentLine(`UID:${text(event.uid)}`) +
      `SEQUENCE:${event.sequence}${CRLF}` +
      `DTSTAMP:${writing.stamp}${CRLF}` +
      dateTime("DTSTART", start, event, zone) +
      dateTime("DTEND", end, event, zone) +
      contentLine(`SUMMARY:${text(event.summary)}`) +
      (event.location ? contentLine(`LOCATION:${text(event.location)}`) : "") +
      this.organizer +
      attendee +
      `STATUS:${event.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}${CRLF}` +
      `END:VEVENT${CRLF}`;
  }
}
