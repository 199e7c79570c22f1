import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import type { CalendarEvent, CalendarPort } from "../ports/calendar.ts";

const PRODUCT = { company: "Equipe", product: "Equipe", language: "IT" };

/** Every TZID we write comes with its VTIMEZONE, from the maintained tz data of timezones-ical-library. */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone)[0];
  return block && block.length > 0 ? block : null;
}

/**
 * ical-generator formats a plain Date with the *process* TZ once a zone is set; Luxon values
 * carry their zone, so the wall clock written is the équipe's whatever TZ the server runs in.
 */
const inZone = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone });

export class IcalCalendar implements CalendarPort {
  constructor(private readonly organizer: { name: string; email: string }) {}

  invite(
    method: "REQUEST" | "CANCEL",
    event: CalendarEvent,
    options: { stamp: Date; attendeeEmail?: string | undefined },
  ): string {
    const calendar = ical({
      prodId: PRODUCT,
      method: method === "REQUEST" ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
    });
    // No calendar-wide zone: DTSTAMP then stays in UTC as RFC 5545 requires.
    calendar.timezone({ name: null, generator: vtimezone });
    const created = this.add(calendar, event, options.stamp);
    created.organizer(this.organizer);
    if (options.attendeeEmail) created.createAttendee({ email: options.attendeeEmail, rsvp: true });
    if (method === "CANCEL") created.status(ICalEventStatus.CANCELLED);
    return calendar.toString();
  }

  file(event: CalendarEvent, options: { stamp: Date }): string {
    return this.feed("", [event], options);
  }

  feed(name: string, events: readonly CalendarEvent[], { stamp }: { stamp: Date }): string {
    const calendar = ical({ prodId: PRODUCT, name, method: ICalCalendarMethod.PUBLISH });
    calendar.timezone({ name: null, generator: vtimezone });
    for (const event of events) this.add(calendar, event, stamp);
    return calendar.toString();
  }

  private add(calendar: ReturnType<typeof ical>, event: CalendarEvent, stamp: Date) {
    const end = new Date(event.start.getTime() + event.durationMinutes * 60_000);
    return calendar.createEvent({
      id: event.uid,
      sequence: event.sequence,
      stamp,
      start: inZone(event.start, event.timezone),
      end: inZone(end, event.timezone),
      timezone: event.timezone,
      summary: event.summary,
      location: event.location ?? null,
      status: event.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
}
