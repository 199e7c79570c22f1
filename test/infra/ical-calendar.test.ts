import { describe, expect, it } from "vitest";
import { IcalCalendar } from "../../src/infra/ical-calendar.ts";
import type { CalendarEvent } from "../../src/ports/calendar.ts";
import { parseIcs, readWithLibical } from "../support/ics.ts";

const calendar = new IcalCalendar({ name: "Équipe", email: "equipe@example.org" });
const STAMP = new Date("2027-10-20T08:00:00Z");
const MAMMA = "mamma@example.org";
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
/** Unfolds RFC 5545 continuation lines, to look for whole properties. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, "");
const lines = (text: string, name: string) =>
  unfold(text)
    .split("\r\n")
    .filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));

describe("calendar output", () => {
  it("writes the équipe's wall clock with its VTIMEZONE, whatever the process TZ", () => {
    const text = calendar.invite("REQUEST", event(), { stamp: STAMP, attendeeEmail: MAMMA });
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
      calendar.file(event({ start: new Date("2027-11-02T14:00:00Z") }), { stamp: STAMP }),
    );
    expect(after.events[0]?.start).toBe("2027-11-02T14:00:00.000Z");
    const overnight = parseIcs(
      calendar.file(event({ start: new Date("2027-10-30T23:30:00Z"), durationMinutes: 180 }), {
        stamp: STAMP,
      }),
    );
    // 01:30 CEST to 03:30 CET: three real hours across the repeated hour.
    expect(overnight.events[0]).toMatchObject({
      start: "2027-10-30T23:30:00.000Z",
      end: "2027-10-31T02:30:00.000Z",
    });
  });

  it("invites by e-mail with the recipient as the one attendee, asks no reply, and no case details", () => {
    const text = calendar.invite("REQUEST", event(), { stamp: STAMP, attendeeEmail: MAMMA });
    expect(parseIcs(text).method).toBe("REQUEST");
    const attendees = lines(text, "ATTENDEE");
    expect(attendees).toHaveLength(1);
    expect(attendees[0]).toMatch(/:mailto:mamma@example\.org$/);
    expect(attendees[0]).toContain("PARTSTAT=NEEDS-ACTION");
    // Nothing reads replies: asking for one would leave them unanswered.
    expect(unfold(text)).not.toContain("RSVP");
    expect(lines(text, "ORGANIZER")).toEqual(['ORGANIZER;CN="Équipe":mailto:equipe@example.org']);
    expect(text).not.toContain("DESCRIPTION");
  });

  it("cancels with the same UID, a higher sequence, METHOD:CANCEL and STATUS:CANCELLED", () => {
    const text = calendar.invite("CANCEL", event({ sequence: 2 }), { stamp: STAMP, attendeeEmail: MAMMA });
    const parsed = parseIcs(text);
    expect(parsed.method).toBe("CANCEL");
    expect(parsed.events[0]).toMatchObject({ uid: event().uid, sequence: 2, status: "CANCELLED" });
    expect(lines(text, "ATTENDEE")).toHaveLength(1);
  });

  it("writes one meeting as a file to import: PUBLISH, an organizer, no attendee and no calendar name", () => {
    const text = calendar.file(event(), { stamp: STAMP });
    const parsed = parseIcs(text);
    expect(parsed.method).toBe("PUBLISH");
    expect(parsed.events).toHaveLength(1);
    expect(lines(text, "ORGANIZER")).toEqual(['ORGANIZER;CN="Équipe":mailto:equipe@example.org']);
    expect(lines(text, "ATTENDEE")).toEqual([]);
    // With a calendar name, Outlook imports the file into a new calendar folder named after the case.
    expect(lines(text, "X-WR-CALNAME")).toEqual([]);
    expect(lines(text, "NAME")).toEqual([]);
    expect(text).not.toContain("REFRESH-INTERVAL");
  });

  it("marks a cancelled meeting's file as cancelled", () => {
    const parsed = parseIcs(calendar.file(event({ sequence: 3, status: "cancelled" }), { stamp: STAMP }));
    expect(parsed.events[0]).toMatchObject({ sequence: 3, status: "CANCELLED" });
  });

  it("publishes a feed of several events in different zones, each zone's VTIMEZONE once", () => {
    const text = calendar.feed(
      "Équipe — incontri",
      [
        event(),
        event({ uid: "other@equipe", timezone: "America/New_York", start: new Date("2027-11-08T15:00:00Z") }),
        event({ uid: "third@equipe", start: new Date("2027-11-09T15:00:00Z") }),
      ],
      { stamp: STAMP },
    );
    const parsed = parseIcs(text);
    expect(parsed.method).toBe("PUBLISH");
    expect(parsed.events.map((e) => e.start)).toEqual([
      "2027-10-29T13:00:00.000Z",
      "2027-11-08T15:00:00.000Z",
      "2027-11-09T15:00:00.000Z",
    ]);
    expect(lines(text, "TZID")).toEqual(["TZID:Europe/Rome", "TZID:America/New_York"]);
    expect(lines(text, "ORGANIZER")).toHaveLength(3);
    expect(lines(text, "ATTENDEE")).toEqual([]);
  });

  it("names the feed and tells subscribers to poll hourly", () => {
    const text = calendar.feed("Équipe — incontri", [event()], { stamp: STAMP });
    expect(lines(text, "NAME")).toEqual(["NAME:Équipe — incontri"]);
    expect(lines(text, "X-WR-CALNAME")).toEqual(["X-WR-CALNAME:Équipe — incontri"]);
    expect(lines(text, "REFRESH-INTERVAL")).toEqual(["REFRESH-INTERVAL;VALUE=DURATION:PT1H"]);
    expect(lines(text, "X-PUBLISHED-TTL")).toEqual(["X-PUBLISHED-TTL:PT1H"]);
  });

  it("keeps an empty feed a calendar with a component: the home zone's VTIMEZONE", () => {
    const text = calendar.feed("Équipe — incontri", [], { stamp: STAMP });
    expect(parseIcs(text)).toEqual({ method: "PUBLISH", events: [] });
    expect(text).toMatch(/\r\nBEGIN:VTIMEZONE\r\nTZID:Europe\/Rome\r\n/);
    const elsewhere = new IcalCalendar({ name: "Équipe", email: "equipe@example.org" }, "America/New_York");
    expect(elsewhere.feed("x", [], { stamp: STAMP })).toContain("TZID:America/New_York");
  });

  it("escapes text and folds long lines at 75 octets without splitting a character", () => {
    const summary = `FAM-2027-001 — Sala "Ø", piano 2; ingresso \\ cortile\nsecondo rigo ${"è".repeat(30)} 👪 fine`;
    const location = 'Via Roma, 1; scala B\r\nCitofono: "Centro" \u0007';
    const text = calendar.file(event({ summary, location }), { stamp: STAMP });
    // parseIcs checks every physical line is at most 75 octets and CRLF-ended.
    const [parsed] = parseIcs(text).events;
    expect(parsed?.summary).toBe(summary);
    expect(unfold(text)).toContain(
      `SUMMARY:FAM-2027-001 — Sala "Ø"\\, piano 2\\; ingresso \\\\ cortile\\nsecondo rigo`,
    );
    expect(unfold(text)).toContain('LOCATION:Via Roma\\, 1\\; scala B\\nCitofono: "Centro" \r\n');
    expect(text.split("\r\n").some((line) => line.startsWith(" "))).toBe(true);
  });

  it("writes an alias zone under its own name, with a VTIMEZONE of that name", () => {
    const text = calendar.file(event({ timezone: "Europe/Vatican" }), { stamp: STAMP });
    expect(text).toContain("DTSTART;TZID=Europe/Vatican:20271029T150000");
    expect(text).toContain("TZID:Europe/Vatican");
    expect(parseIcs(text).events[0]?.start).toBe("2027-10-29T13:00:00.000Z");
  });

  /**
   * The three parsers agreeing proves little if they all read one wrong VTIMEZONE: each instant
   * read back must be the instant written. Zones whose rules another tz database had otherwise
   * (Casablanca's Ramadan hour, Vancouver), a half-hour change (Lord Howe), and Rome, monthly over
   * two years, both in a feed and in single files.
   */
  it("writes the rules of the years its events fall in only: a meeting typed for 2035 adds a year, not eight", () => {
    const text = calendar.feed(
      "Équipe",
      [event(), event({ uid: "far@equipe", start: new Date("2035-06-10T08:00:00Z") })],
      { stamp: STAMP },
    );
    // 2027 and 2035 (and the years a day either side may touch): a handful of observances.
    expect((text.match(/^BEGIN:(STANDARD|DAYLIGHT)/gm) ?? []).length).toBeLessThanOrEqual(8);
    expect(parseIcs(text).events.map((e) => e.start)).toEqual([
      "2027-10-29T13:00:00.000Z",
      "2035-06-10T08:00:00.000Z",
    ]);
  });

  it("reads back every instant written, month by month, in zones with unusual rules", () => {
    for (const timezone of ["Africa/Casablanca", "America/Vancouver", "Australia/Lord_Howe", "Europe/Rome"]) {
      const events = Array.from({ length: 24 }, (_, month) =>
        event({
          uid: `${timezone}-${month}@equipe`,
          timezone,
          start: new Date(Date.UTC(2026, month, 20, 10, 0)),
          durationMinutes: 60,
        }),
      );
      const parsed = parseIcs(calendar.feed("Équipe", events, { stamp: STAMP })).events;
      expect(parsed.map((e) => e.start)).toEqual(events.map((e) => e.start.toISOString()));
      expect(parsed.map((e) => e.end)).toEqual(
        events.map((e) => new Date(e.start.getTime() + 3_600_000).toISOString()),
      );
      const single = events[5] ?? event();
      expect(parseIcs(calendar.file(single, { stamp: STAMP })).events[0]?.start).toBe(
        single.start.toISOString(),
      );
    }
  });

  it("writes UTC for a zone without a VTIMEZONE rather than a TZID nobody can resolve", () => {
    // Unknown to both; and one the VTIMEZONE library lists but Intl refuses, so no wall clock.
    for (const timezone of ["Mars/Olympus_Mons", "ET"]) {
      const text = calendar.file(event({ timezone }), { stamp: STAMP });
      expect(text).not.toContain("TZID");
      expect(lines(text, "DTSTART")).toEqual(["DTSTART:20271029T130000Z"]);
      expect(parseIcs(text).events[0]?.end).toBe("2027-10-29T14:30:00.000Z");
    }
  });
});

describe("the libical check", () => {
  it("rejects what calendars reject: iTIP REQUEST without an attendee, PUBLISH without an organizer", () => {
    const file = calendar.file(event(), { stamp: STAMP });
    const request = readWithLibical(file.replace("METHOD:PUBLISH", "METHOD:REQUEST"));
    expect(request.restriction).toBe(false);
    expect(request.errors.join("\n")).toContain("ATTENDEE");
    const anonymous = readWithLibical(unfold(file).replace(/^ORGANIZER.*\r\n/m, ""));
    expect(anonymous.restriction).toBe(false);
    expect(anonymous.errors.join("\n")).toContain("ORGANIZER");
  });

  it("reads instants with the text's own VTIMEZONE, and reports a TZID without one", () => {
    const file = calendar.file(event(), { stamp: STAMP });
    expect(readWithLibical(file).events).toEqual([
      { uid: event().uid, start: "2027-10-29T13:00:00.000Z", end: "2027-10-29T14:30:00.000Z" },
    ]);
    const orphan = file.replace(/BEGIN:VTIMEZONE[\s\S]*END:VTIMEZONE\r\n/, "");
    expect(readWithLibical(orphan).errors).toContain("no VTIMEZONE for TZID Europe/Rome");
  });
});
