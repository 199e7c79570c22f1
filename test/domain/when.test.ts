import { describe, expect, it } from "vitest";
import { plainText } from "../../src/content/plain.ts";
import { readInstant } from "../../src/domain/meeting.ts";
import { formatLongRange, readWhen, type When } from "../../src/domain/time.ts";
import { refusalText } from "../../src/i18n/catalogue.ts";

const ROME = "Europe/Rome";
/** Tuesday 1 December 2026, 10:00 in Rome. */
const NOW = new Date("2026-12-01T09:00:00Z");

/** The wall clock read in Rome, as `YYYY-MM-DD HH:mm`, or the problem's kind. */
function read(text: string, now = NOW): string {
  const when: When = readWhen(text, ROME, now);
  if (!when.ok) return when.problem.kind;
  const { year, month, day, hour, minute } = when.local;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}`;
}

/** What the coordinator reads for a bad line. */
const said = (text: string, locale: "it" | "en" = "it", now = NOW) => {
  const result = readInstant(text, ROME, now, locale);
  if (result instanceof Date) throw new Error(`read ${text}`);
  return plainText(refusalText(locale, result));
};

describe("dates as people write them", () => {
  it("runs under a zone that is neither UTC nor Rome", () => {
    expect(new Date("2026-01-01T00:00:00Z").getTimezoneOffset()).toBe(-345);
  });

  it.each([
    ["3/12 ore 15", "2026-12-03 15:00"],
    ["03/12 15:00", "2026-12-03 15:00"],
    ["mer 9/12 ore 10", "2026-12-09 10:00"],
    ["mercoledì 9/12 alle 10", "2026-12-09 10:00"],
    ["4 dicembre 15:30", "2026-12-04 15:30"],
    ["4 dic 2026 15.30", "2026-12-04 15:30"],
    ["domani 9", "2026-12-02 09:00"],
    ["domani alle 15.30", "2026-12-02 15:30"],
    ["dopodomani h 15", "2026-12-03 15:00"],
    ["3/12 alle 15", "2026-12-03 15:00"],
    ["3/12 h15", "2026-12-03 15:00"],
    ["3/12 15h30", "2026-12-03 15:30"],
    ["3/12 alle ore 15", "2026-12-03 15:00"],
    ["Giovedì, 3 Dicembre 2026, ore 15", "2026-12-03 15:00"],
    ["2026-12-03 15:00", "2026-12-03 15:00"],
    ["2026-12-03T15:00", "2026-12-03 15:00"],
    ["03/12/2026 15:00", "2026-12-03 15:00"],
    ["3/12/26 15:00", "2026-12-03 15:00"],
    ["03.12.2026 15.00", "2026-12-03 15:00"],
    ["Dec 4 3:30pm", "2026-12-04 15:30"],
    ["December 4th 3:30 p.m.", "2026-12-04 15:30"],
    ["Wed Dec 9 10am", "2026-12-09 10:00"],
    ["4 December at 15:30", "2026-12-04 15:30"],
    ["tomorrow 9", "2026-12-02 09:00"],
    ["tomorrow at 9am", "2026-12-02 09:00"],
    ["tomorrow 12pm", "2026-12-02 12:00"],
    ["tomorrow 12am", "2026-12-02 00:00"],
    // `mar` is Tuesday in Italian and March in English: a date that reads either way is read.
    ["mar 8/12 ore 9", "2026-12-08 09:00"],
    ["Mar 4 15:00", "2027-03-04 15:00"],
    // A list pasted as written.
    ["- 3/12 ore 15", "2026-12-03 15:00"],
    ["2) 4 dicembre 15:30", "2026-12-04 15:30"],
    // A picker's instant: 09:00 UTC is 10:00 in Rome.
    ["2026-12-09T09:00:00.000Z", "2026-12-09 10:00"],
  ])("reads %j as %s in Rome", (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it("infers the year: the next such date", () => {
    const twentiethOfDecember = new Date("2026-12-20T09:00:00Z");
    expect(read("3/12 ore 15", twentiethOfDecember)).toBe("2027-12-03 15:00");
    expect(read("4 gennaio 9:00", twentiethOfDecember)).toBe("2027-01-04 09:00");
    expect(read("21/12 9:00", twentiethOfDecember)).toBe("2026-12-21 09:00");
    // Today keeps this year: a time already gone today is past, not next year's.
    expect(read("20/12 9:00", twentiethOfDecember)).toBe("past");
    expect(read("20/12 18:00", twentiethOfDecember)).toBe("2026-12-20 18:00");
    // 29 February waits for the next leap year.
    expect(read("29/2 10:00")).toBe("2028-02-29 10:00");
  });

  it("never invents a time: a date alone is an error", () => {
    for (const text of ["3/12", "4 dicembre", "domani", "mer 9/12", "Dec 4", "2026-12-03", "3/12 ore"])
      expect(read(text), text).toBe("noTime");
    expect(said("3/12")).toContain("manca l'ora");
    expect(said("3/12")).toContain("«3/12»");
  });

  it("refuses impossible dates and times, a time with no day, and what it cannot read", () => {
    expect(read("31/11 ore 10")).toBe("noSuchDate");
    expect(read("30/2 ore 10")).toBe("noSuchDate");
    expect(read("2026-13-01 10:00")).toBe("noSuchDate");
    expect(read("3/12 25:00")).toBe("noSuchTime");
    expect(read("3/12 15:75")).toBe("noSuchTime");
    expect(read("3/12 13pm")).toBe("noSuchTime");
    expect(read("15:00")).toBe("noDate");
    expect(read("alle 15")).toBe("noDate");
    expect(read("venerdì")).toBe("unreadable");
    expect(read("giovedì pomeriggio")).toBe("unreadable");
    expect(read("3/12 ore 15 in sala")).toBe("unreadable");
    expect(said("31/11 ore 10")).toContain("non esiste");
    expect(said("3/12 25:00")).toContain("da 0:00 a 23:59");
    expect(said("boh", "en")).toContain("Dec 4 3:30pm");
  });

  it("says which weekday the date is when the weekday typed is not the date's", () => {
    expect(read("mer 10/12 ore 10")).toBe("weekday");
    expect(said("mer 10/12 ore 10")).toBe(
      "«mer 10/12 ore 10»: il 10 dicembre 2026 è giovedì, non mercoledì. Correggi il giorno della settimana o la data (ad esempio «giovedì 10/12»), oppure togli il giorno della settimana.",
    );
    expect(said("Wed 10/12 10am", "en")).toContain("10 December 2026 is a Thursday, not a Wednesday");
  });

  it("refuses a time the March DST change skips, and accepts the hour after", () => {
    const march = new Date("2027-03-01T09:00:00Z");
    expect(read("28/3 02:30", march)).toBe("nonexistent");
    expect(read("28/3 03:30", march)).toBe("2027-03-28 03:30");
    expect(said("28/3 02:30", "it", march)).toContain("ora legale");
  });

  it("refuses a time in the past, saying when that was", () => {
    expect(read("1/12 9:00")).toBe("past");
    expect(read("3/12/2025 15:00")).toBe("past");
    expect(said("1/12 9:00")).toContain("martedì 1 dicembre 2026, 09:00 è già passato");
  });

  it("writes a time out in full, in the équipe's zone and the reader's language", () => {
    const start = new Date("2026-12-09T09:00:00Z");
    expect(formatLongRange(start, 60, ROME, "it")).toBe("mercoledì 9 dicembre 2026, 10:00–11:00");
    expect(formatLongRange(start, 60, ROME, "en")).toBe("Wednesday, 9 December 2026, 10:00–11:00");
  });
});
