import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
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

/** Debian's Python, the one with python3-gi and gir1.2-ical-3.0 (`.ci/run` installs them). */
const SYSTEM_PYTHON = "/usr/bin/python3";
const LIBICAL_SCRIPT = fileURLToPath(new URL("./libical.py", import.meta.url));
/** Lines SHOULD NOT be longer than 75 octets (RFC 5545 §3.1). */
const LINE_OCTETS = 75;

interface LibicalReading {
  restriction: boolean;
  errors: string[];
  events: { uid: string; start: string | null; end: string | null }[];
}

/**
 * The text as libical (C) reads it, through `test/support/libical.py`: its iTIP restriction
 * check, every X-LIC-ERROR, and each event's instants from the text's own VTIMEZONEs. Throws
 * when libical cannot be run: a missing checker must fail the test, not skip it.
 */
export function readWithLibical(text: string): LibicalReading {
  const run = spawnSync(SYSTEM_PYTHON, [LIBICAL_SCRIPT], { input: text, encoding: "utf8" });
  if (run.error || run.status !== 0)
    throw new Error(`libical check could not run: ${run.error?.message ?? run.stderr}`);
  return JSON.parse(run.stdout) as LibicalReading;
}

/**
 * Parses `.ics` text with three independent implementations (Mozilla's ical.js, node-ical and
 * libical), checks that every TZID has its VTIMEZONE, DTSTAMP is UTC, lines are CRLF-ended and
 * folded at 75 octets, libical finds no error and its iTIP restriction check passes, and that
 * all three agree on every instant.
 */
export function parseIcs(text: string): { method: string | undefined; events: ParsedEvent[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const zone of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const tzids = new Set([...text.matchAll(/TZID=([^:;]+)/g)].map((m) => m[1]));
  const defined = new Set(
    root.getAllSubcomponents("vtimezone").map((z) => String(z.getFirstPropertyValue("tzid"))),
  );
  for (const tzid of tzids) expect(defined.has(tzid ?? ""), `VTIMEZONE for ${tzid}`).toBe(true);
  expect(text.endsWith("\r\n"), "CRLF at the end").toBe(true);
  for (const line of text.slice(0, -2).split("\r\n")) {
    expect(line, "a bare CR or LF").not.toMatch(/[\r\n]/);
    expect(Buffer.byteLength(line, "utf8"), `octets in ${line}`).toBeLessThanOrEqual(LINE_OCTETS);
  }
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
  const instants = byIcalJs.map(({ uid, start, end }) => ({ uid, start, end }));
  expect(byNodeIcal).toEqual(instants);
  const byLibical = readWithLibical(text);
  expect(byLibical.errors).toEqual([]);
  expect(byLibical.restriction).toBe(true);
  expect(byLibical.events).toEqual(instants);
  const method = root.getFirstPropertyValue("method");
  return { method: method ? String(method) : undefined, events: byIcalJs };
}
