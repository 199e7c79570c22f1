/** One meeting as a calendar event: the case code and purpose only, never case details. */
export interface CalendarEvent {
  uid: string;
  sequence: number;
  start: Date;
  durationMinutes: number;
  /** IANA zone the event is written in (with its VTIMEZONE). */
  timezone: string;
  summary: string;
  location: string | undefined;
  status: "confirmed" | "cancelled";
}

export interface CalendarPort {
  /** iTIP for one recipient by e-mail (RFC 5546): REQUEST or CANCEL, ORGANIZER, exactly one ATTENDEE (them), no RSVP request. */
  invite(
    method: "REQUEST" | "CANCEL",
    event: CalendarEvent,
    options: { stamp: Date; attendeeEmail: string },
  ): string;
  /** One meeting as a file to import ("add to calendar" links, files attached in chat): METHOD:PUBLISH, ORGANIZER,
   *  no calendar name (no X-WR-CALNAME / NAME), so Outlook imports it into the user's calendar, not a new folder. */
  file(event: CalendarEvent, options: { stamp: Date }): string;
  /** A subscribable feed (METHOD:PUBLISH) with a name, refresh hints, ORGANIZER on each event; valid when empty. */
  feed(name: string, events: readonly CalendarEvent[], options: { stamp: Date }): string;
}
