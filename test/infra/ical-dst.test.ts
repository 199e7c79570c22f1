import { describe, expect, it } from "vitest";
import { IcalCalendar } from "../../src/infra/ical-calendar.ts";
import type { CalendarEvent } from "../../src/ports/calendar.ts";
import { parseIcs } from "../support/ics.ts";

/**
 * A DST week for both changes, in Rome (last Sundays of March and October, at 01:00 UTC) and in
 * New York (second Sunday of March at 07:00 UTC, first Sunday of November at 06:00 UTC):
 * meetings before, across, at the skipped hour, in the repeated hour (both occurrences) and
 * after. Every parser must read the instants that were meant, and every duration must hold.
 */
const calendar = new IcalCalendar({ name: "Équipe", email: "equipe@example.org" });
const STAMP = new Date("2027-03-01T08:00:00Z");
const MINUTE_MS = 60_000;

interface Case {
  name: string;
  start: string;
  minutes: number;
  /** DTSTART and DTEND as written: the zone's wall clock (with TZID), or UTC (`…Z`) where it is ambiguous. */
  written: [string, string];
}

const scenarios: { zone: string; change: string; cases: Case[] }[] = [
  {
    zone: "Europe/Rome",
    change: "spring forward, 28 March 2027 (02:00 CET → 03:00 CEST)",
    cases: [
      {
        name: "before",
        start: "2027-03-27T08:00:00Z",
        minutes: 60,
        written: ["20270327T090000", "20270327T100000"],
      },
      {
        name: "across",
        start: "2027-03-28T00:30:00Z",
        minutes: 120,
        written: ["20270328T013000", "20270328T043000"],
      },
      {
        name: "ending at the gap",
        start: "2027-03-28T00:30:00Z",
        minutes: 30,
        written: ["20270328T013000", "20270328T030000"],
      },
      {
        name: "at the gap",
        start: "2027-03-28T01:00:00Z",
        minutes: 60,
        written: ["20270328T030000", "20270328T040000"],
      },
      {
        name: "just after the gap",
        start: "2027-03-28T01:30:00Z",
        minutes: 45,
        written: ["20270328T033000", "20270328T041500"],
      },
      {
        name: "after",
        start: "2027-03-29T13:00:00Z",
        minutes: 90,
        written: ["20270329T150000", "20270329T163000"],
      },
    ],
  },
  {
    zone: "Europe/Rome",
    change: "fall back, 31 October 2027 (03:00 CEST → 02:00 CET)",
    cases: [
      {
        name: "before",
        start: "2027-10-30T08:00:00Z",
        minutes: 60,
        written: ["20271030T100000", "20271030T110000"],
      },
      {
        name: "across",
        start: "2027-10-30T23:30:00Z",
        minutes: 180,
        written: ["20271031T013000", "20271031T033000"],
      },
      {
        name: "the repeated hour, first time",
        start: "2027-10-31T00:30:00Z",
        minutes: 60,
        written: ["20271031T003000Z", "20271031T013000Z"],
      },
      {
        name: "the repeated hour, second time",
        start: "2027-10-31T01:30:00Z",
        minutes: 30,
        written: ["20271031T013000Z", "20271031T030000"],
      },
      {
        name: "into the repeated hour",
        start: "2027-10-30T23:45:00Z",
        minutes: 30,
        written: ["20271031T014500", "20271031T001500Z"],
      },
      {
        name: "from the first to the second time",
        start: "2027-10-31T00:00:00Z",
        minutes: 90,
        written: ["20271031T000000Z", "20271031T013000Z"],
      },
      {
        name: "after",
        start: "2027-11-01T09:00:00Z",
        minutes: 60,
        written: ["20271101T100000", "20271101T110000"],
      },
    ],
  },
  {
    zone: "America/New_York",
    change: "spring forward, 14 March 2027 (02:00 EST → 03:00 EDT)",
    cases: [
      {
        name: "before",
        start: "2027-03-13T15:00:00Z",
        minutes: 60,
        written: ["20270313T100000", "20270313T110000"],
      },
      {
        name: "across",
        start: "2027-03-14T06:30:00Z",
        minutes: 120,
        written: ["20270314T013000", "20270314T043000"],
      },
      {
        name: "at the gap",
        start: "2027-03-14T07:00:00Z",
        minutes: 30,
        written: ["20270314T030000", "20270314T033000"],
      },
      {
        name: "after",
        start: "2027-03-15T14:00:00Z",
        minutes: 60,
        written: ["20270315T100000", "20270315T110000"],
      },
    ],
  },
  {
    zone: "America/New_York",
    change: "fall back, 7 November 2027 (02:00 EDT → 01:00 EST)",
    cases: [
      {
        name: "before",
        start: "2027-11-06T14:00:00Z",
        minutes: 60,
        written: ["20271106T100000", "20271106T110000"],
      },
      {
        name: "across",
        start: "2027-11-07T04:30:00Z",
        minutes: 180,
        written: ["20271107T003000", "20271107T023000"],
      },
      {
        name: "the repeated hour, first time",
        start: "2027-11-07T05:15:00Z",
        minutes: 30,
        written: ["20271107T051500Z", "20271107T054500Z"],
      },
      {
        name: "the repeated hour, second time",
        start: "2027-11-07T06:15:00Z",
        minutes: 60,
        written: ["20271107T061500Z", "20271107T021500"],
      },
      {
        name: "after",
        start: "2027-11-08T15:00:00Z",
        minutes: 60,
        written: ["20271108T100000", "20271108T110000"],
      },
    ],
  },
];

const meeting = (zone: string, c: Case, index: number): CalendarEvent => ({
  uid: `${zone}-${index}@equipe`,
  sequence: 0,
  start: new Date(c.start),
  durationMinutes: c.minutes,
  timezone: zone,
  summary: `FAM-2027-001 — ${c.name}`,
  location: undefined,
  status: "confirmed",
});

describe("a DST week", () => {
  for (const { zone, change, cases } of scenarios) {
    describe(`${zone}, ${change}`, () => {
      cases.forEach((c, index) => {
        it(`${c.name}: every parser reads the instants meant, the duration holds`, () => {
          const text = calendar.file(meeting(zone, c, index), { stamp: STAMP });
          const [parsed] = parseIcs(text).events;
          expect(parsed?.start).toBe(new Date(c.start).toISOString());
          expect(Date.parse(parsed?.end ?? "") - Date.parse(parsed?.start ?? "")).toBe(c.minutes * MINUTE_MS);
          const [start, end] = c.written.map((w) => (w.endsWith("Z") ? `:${w}` : `;TZID=${zone}:${w}`));
          const physical = text.slice(text.indexOf("BEGIN:VEVENT")).split("\r\n");
          // A wall clock written with TZID is never one that names two instants (or none).
          expect(physical.filter((l) => l.startsWith("DTSTART"))).toEqual([`DTSTART${start}`]);
          expect(physical.filter((l) => l.startsWith("DTEND"))).toEqual([`DTEND${end}`]);
        });
      });

      it("the whole week in one feed reads the same in every parser", () => {
        const events = cases.map((c, index) => meeting(zone, c, index));
        const parsed = parseIcs(calendar.feed("Settimana", events, { stamp: STAMP })).events;
        expect(parsed.map((e) => [e.start, e.end])).toEqual(
          cases.map((c) => [
            new Date(c.start).toISOString(),
            new Date(Date.parse(c.start) + c.minutes * MINUTE_MS).toISOString(),
          ]),
        );
      });
    });
  }
});
