import { describe, expect, it } from "vitest";
import { IcalCalendar } from "../../src/infra/ical-calendar.ts";
import type { CalendarEvent } from "../../src/ports/calendar.ts";
import { parseIcs } from "../support/ics.ts";

const calendar = new IcalCalendar({ name: "Équipe", email: "equipe@example.org" });
const STAMP = new Date("2027-10-20T08:00:00Z");
const event = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: "0b7c0c5e-1111-4222-8333-944455556666@equipe",
  sequence: 0,
  start: new Date("2027-10-29T13:00:00Z"),
  durationMinutes: 90,
  timezone: "Europe/Rome",
  summary: "FAM-2027-001 — verifica intermedia (T1)",
  location: "Sala 2",
  status: "confirmed",
  ...overrides,
});

describe("calendar output", () => {
  it("writes the équipe's wall clock with its VTIMEZONE, whatever the process TZ", () => {
    const text = calendar.invite("REQUEST", event(), { stamp: STAMP });
    expect(text).toContain("DTSTART;TZID=Europe/Rome:20271029T150000");
    expect(text).toContain("DTSTAMP:20271020T080000Z");
    const parsed = parseIcs(text);
    expect(parsed.method).toBe("REQUEST");
    expect(parsed.events[0]).toMatchObject({
      start: "2027-10-29T13:00:00.000Z",
      end: "2027-10-29T14:30:00.000Z",
    });
  });

  it("keeps instants right across the end of summer time (last Sunday of October)", () => {
    const after = parseIcs(
      calendar.invite("REQUEST", event({ start: new Date("2027-11-02T14:00:00Z") }), { stamp: STAMP }),
    );
    expect(after.events[0]?.start).toBe("2027-11-02T14:00:00.000Z");
    const overnight = parseIcs(
      calendar.invite("REQUEST", event({ start: new Date("2027-10-30T23:30:00Z"), durationMinutes: 180 }), {
        stamp: STAMP,
      }),
    );
    // 01:30 CEST to 03:30 CET: three real hours across the repeated hour.
    expect(overnight.events[0]).toMatchObject({
      start: "2027-10-30T23:30:00.000Z",
      end: "2027-10-31T02:30:00.000Z",
    });
  });

  it("names no attendees but the recipient, and no case details", () => {
    const forChat = calendar.invite("REQUEST", event(), { stamp: STAMP });
    expect(forChat).not.toContain("ATTENDEE");
    // Unfold RFC 5545 continuation lines before looking for text.
    const forMail = calendar
      .invite("REQUEST", event(), { stamp: STAMP, attendeeEmail: "mamma@example.org" })
      .replace(/\r\n[ \t]/g, "");
    expect(forMail.match(/^ATTENDEE/gm)).toHaveLength(1);
    expect(forMail.toLowerCase()).toContain("mailto:mamma@example.org");
    expect(forMail).toContain("ORGANIZER");
    expect(forMail).not.toContain("DESCRIPTION");
  });

  it("cancels with the same UID, a higher sequence, METHOD:CANCEL and STATUS:CANCELLED", () => {
    const parsed = parseIcs(
      calendar.invite("CANCEL", event({ sequence: 2, status: "cancelled" }), { stamp: STAMP }),
    );
    expect(parsed.method).toBe("CANCEL");
    expect(parsed.events[0]).toMatchObject({ uid: event().uid, sequence: 2, status: "CANCELLED" });
  });

  it("publishes a feed of several events in different zones, each with its VTIMEZONE", () => {
    const text = calendar.feed(
      "Équipe — incontri",
      [
        event(),
        event({ uid: "other@equipe", timezone: "America/New_York", start: new Date("2027-11-08T15:00:00Z") }),
      ],
      STAMP,
    );
    const parsed = parseIcs(text);
    expect(parsed.method).toBe("PUBLISH");
    expect(parsed.events.map((e) => e.start)).toEqual([
      "2027-10-29T13:00:00.000Z",
      "2027-11-08T15:00:00.000Z",
    ]);
  });
});
