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
  /**
   * One event as a feed carries it, with its own DTSTAMP: written once and put in any number of
   * feeds by `feedOf`, so that a feed of thousands in which one meeting moved writes one event.
   */
  written(event: CalendarEvent, options: { stamp: Date }): WrittenEvent;
  /** A feed of events already `written`, as `feed` writes it. */
  feedOf(name: string, events: readonly WrittenEvent[], options: { stamp: Date }): string;
}

/** An event's text in a feed, and the instants of its zone that the feed's VTIMEZONE must cover. */
export interface WrittenEvent {
  readonly text: string;
  readonly zone: string | undefined;
  /** The years (UTC) of its zone's rules the feed must carry for it. */
  readonly years: readonly number[];
}
