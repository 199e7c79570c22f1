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
  /**
   * An iTIP message (RFC 5546) for one recipient: REQUEST for a new or moved meeting (same UID,
   * higher SEQUENCE), CANCEL with STATUS:CANCELLED. The attendee is the recipient alone, and only
   * when their address is known: no attendee list.
   */
  invite(
    method: "REQUEST" | "CANCEL",
    event: CalendarEvent,
    options: { stamp: Date; attendeeEmail?: string | undefined },
  ): string;
  /** One meeting as a file to import (METHOD:PUBLISH, no calendar name). */
  file(event: CalendarEvent, options: { stamp: Date }): string;
  /** A subscribable feed (METHOD:PUBLISH) of confirmed meetings. */
  feed(name: string, events: readonly CalendarEvent[], options: { stamp: Date }): string;
}
