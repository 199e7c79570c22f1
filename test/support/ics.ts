import ICAL from "ical.js";
import nodeIcal from "node-ical";
import { expect } from "vitest";

export interface ParsedEvent {
  uid: string;
  sequence: number;
  start: string;
  end: string;
  summary: string;
  status: string | undefined;
}

/**
 * Parses `.ics` text with two independent parsers (Mozilla's ical.js and node-ical), checks
 * that every TZID has its VTIMEZONE and DTSTAMP is UTC, and that both agree on every instant.
 */
export function parseIcs(text: string): { method: string | undefined; events: ParsedEvent[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const zone of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const tzids = new Set([...text.matchAll(/TZID=([^:;]+)/g)].map((m) => m[1]));
  const defined = new Set(
    root.getAllSubcomponents("vtimezone").map((z) => String(z.getFirstPropertyValue("tzid"))),
  );
  for (const tzid of tzids) expect(defined.has(tzid ?? ""), `VTIMEZONE for ${tzid}`).toBe(true);
  for (const stamp of text.matchAll(/^DTSTAMP:(.*)$/gm)) expect(stamp[1]?.trim()).toMatch(/^\d{8}T\d{6}Z$/);

  const byIcalJs = root.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      sequence: event.sequence,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      summary: event.summary,
      status: (component.getFirstPropertyValue("status") as string | null) ?? undefined,
    };
  });
  const byNodeIcal = Object.values(nodeIcal.sync.parseICS(text))
    .filter((item): item is nodeIcal.VEvent => item?.type === "VEVENT")
    .map((event) => ({
      uid: event.uid,
      start: new Date(event.start).toISOString(),
      end: event.end ? new Date(event.end).toISOString() : "",
    }));
  expect(byNodeIcal).toEqual(byIcalJs.map(({ uid, start, end }) => ({ uid, start, end })));
  const method = root.getFirstPropertyValue("method");
  return { method: method ? String(method) : undefined, events: byIcalJs };
}
