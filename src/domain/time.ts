import type { Locale } from "../i18n/catalogue.ts";
import { ownEntry } from "./own.ts";

/** A wall-clock time as a person types it, with no zone yet. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** `2026-12-03 15:00`, `2026-12-03T15:00`, `03/12/2026 15:00`, `3/12/2026 15.00` (Italian order). */
const ISO_FORM = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2})[:.](\d{2})$/;
const ITALIAN_FORM = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2})[:.](\d{2})$/;

export function parseLocalDateTime(text: string): LocalDateTime | undefined {
  const trimmed = text.trim().replace(/\s+/g, " ");
  let parts: number[] | undefined;
  const iso = ISO_FORM.exec(trimmed);
  if (iso) parts = iso.slice(1).map(Number);
  const italian = ITALIAN_FORM.exec(trimmed);
  if (italian) {
    const [day, month, year, hour, minute] = italian.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    parts = [year, month, day, hour, minute];
  }
  if (parts === undefined) return undefined;
  const [year, month, day, hour, minute] = parts as [number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return { year, month, day, hour, minute };
}

/**
 * Building an Intl.DateTimeFormat costs far more than using one (it showed in the benchmark's
 * profile), and there are only a handful of zone × language × style combinations: keep them.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

/** The zone's offset from UTC at an instant, in ms (Rome in winter: +3 600 000). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const fields = formatter("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(fields.find((field) => field.type === type)?.value);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `local`. Never consults the process
 * TZ. A time skipped by a DST change (02:30 on the last Sunday of March in Rome) does not exist
 * and yields undefined; a repeated one (02:30 on the last Sunday of October) takes the first.
 */
export function zonedToUtc(local: LocalDateTime, timeZone: string): Date | undefined {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  for (const probe of [
    naive - zoneOffsetMs(new Date(naive), timeZone),
    naive - zoneOffsetMs(new Date(naive - 864e5), timeZone),
  ].sort((a, b) => a - b)) {
    if (probe + zoneOffsetMs(new Date(probe), timeZone) === naive) return new Date(probe);
  }
  return undefined;
}

/** The wall clock in `timeZone` at an instant. */
export function utcToZoned(instant: Date, timeZone: string): LocalDateTime {
  const shifted = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const LANGUAGE_TAG: Record<Locale, string> = { it: "it-IT", en: "en-GB" };

/** "gio 3 dic 2026, 15:00" in the reader's language and the équipe's zone. */
export function formatDateTime(instant: Date, timeZone: string, locale: Locale): string {
  return formatter(LANGUAGE_TAG[locale], {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
}

export function formatTime(instant: Date, timeZone: string, locale: Locale): string {
  return formatter(LANGUAGE_TAG[locale], {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
}

/** "gio 3 dic 2026, 15:00–16:00" */
export function formatRange(start: Date, minutes: number, timeZone: string, locale: Locale): string {
  const end = new Date(start.getTime() + minutes * 60_000);
  return `${formatDateTime(start, timeZone, locale)}–${formatTime(end, timeZone, locale)}`;
}

/** Form input for a time: what `parseLocalDateTime` reads back. */
export function formatLocalInput(instant: Date, timeZone: string): string {
  const l = utcToZoned(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}`;
}

/**
 * Why a typed time could not be read: the line is not a date and time we know, it has a date
 * and no time (a time is never invented), a time and no date, a day or an hour that does not
 * exist, a weekday that is not the date's, an hour the DST change skips, or it is past.
 */
export type WhenProblem =
  | { kind: "unreadable" }
  | { kind: "noTime" }
  | { kind: "noDate" }
  | { kind: "noSuchDate" }
  | { kind: "noSuchTime" }
  /** `weekday`/`typed`: 0 = Sunday … 6 = Saturday; `date`: the day as read, at noon UTC. */
  | { kind: "weekday"; date: Date; weekday: number; typed: number }
  | { kind: "nonexistent" }
  | { kind: "past"; instant: Date };

export type When = { ok: true; instant: Date; local: LocalDateTime } | { ok: false; problem: WhenProblem };

/** Weekday words, Italian and English, with and without accents and in their usual short forms. */
const WEEKDAYS: Record<string, number> = {
  domenica: 0,
  dom: 0,
  sunday: 0,
  sun: 0,
  lunedi: 1,
  lun: 1,
  monday: 1,
  mon: 1,
  martedi: 2,
  mar: 2,
  tuesday: 2,
  tue: 2,
  tues: 2,
  mercoledi: 3,
  mer: 3,
  wednesday: 3,
  wed: 3,
  giovedi: 4,
  gio: 4,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  venerdi: 5,
  ven: 5,
  friday: 5,
  fri: 5,
  sabato: 6,
  sab: 6,
  saturday: 6,
  sat: 6,
};

/** Month words, Italian and English, full and short (`set`/`sett`, `sep`/`sept`). */
const MONTHS: Record<string, number> = {
  gennaio: 1,
  gen: 1,
  january: 1,
  jan: 1,
  febbraio: 2,
  feb: 2,
  february: 2,
  marzo: 3,
  march: 3,
  mar: 3,
  aprile: 4,
  apr: 4,
  april: 4,
  maggio: 5,
  mag: 5,
  may: 5,
  giugno: 6,
  giu: 6,
  june: 6,
  jun: 6,
  luglio: 7,
  lug: 7,
  july: 7,
  jul: 7,
  agosto: 8,
  ago: 8,
  august: 8,
  aug: 8,
  settembre: 9,
  set: 9,
  sett: 9,
  september: 9,
  sep: 9,
  sept: 9,
  ottobre: 10,
  ott: 10,
  october: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  november: 11,
  dicembre: 12,
  dic: 12,
  december: 12,
  dec: 12,
};

/** Days from today: `oggi`/`today`, `domani`/`tomorrow`, `dopodomani`. */
const RELATIVE: Record<string, number> = { oggi: 0, today: 0, domani: 1, tomorrow: 1, dopodomani: 2 };

/** A date as typed: absolute (year known or to infer) or relative to today. */
type TypedDate = { day: number; month: number; year: number | undefined } | { inDays: number };

const ORDINAL = "(?:st|nd|rd|th)?";
const DATE_FORMS: [RegExp, (m: RegExpExecArray) => TypedDate | undefined][] = [
  // 2026-12-03, 2026-12-03T15:00
  [/^(\d{4})-(\d{1,2})-(\d{1,2})(?=t|\s|$)/, (m) => ({ year: +m[1]!, month: +m[2]!, day: +m[3]! })],
  // 3/12, 03/12/2026, 3/12/26
  [
    /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?=\s|$)/,
    (m) => ({ day: +m[1]!, month: +m[2]!, year: fullYear(m[3]) }),
  ],
  // 03.12.2026, 03-12-2026 (the year is needed: 15.30 is a time)
  [/^(\d{1,2})[.-](\d{1,2})[.-](\d{4})(?=\s|$)/, (m) => ({ day: +m[1]!, month: +m[2]!, year: +m[3]! })],
  // 4 dicembre, 4 dic 2026, 4th December
  [
    new RegExp(`^(\\d{1,2})${ORDINAL}\\s+([a-z]+)\\.?(?:\\s+(\\d{4}))?(?=\\s|$)`),
    (m) => month(m[2]!, +m[1]!, m[3]),
  ],
  // Dec 4, December 4th 2026
  [
    new RegExp(`^([a-z]+)\\.?\\s+(\\d{1,2})${ORDINAL}(?:\\s+(\\d{4}))?(?=\\s|$)`),
    (m) => month(m[1]!, +m[2]!, m[3]),
  ],
  // domani, tomorrow
  [
    /^([a-z]+)(?=\s|$)/,
    (m) => {
      const inDays = ownEntry(RELATIVE, m[1]!);
      return inDays === undefined ? undefined : { inDays };
    },
  ],
];

function fullYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function month(word: string, day: number, year: string | undefined): TypedDate | undefined {
  const m = ownEntry(MONTHS, word);
  return m === undefined ? undefined : { day, month: m, year: fullYear(year) };
}

/** What may stand between the date and the time: `ore`, `alle`, `alle ore`, `h`, `at`, `@`, `T`. */
const TIME_MARK = /^(?:(?:alle|all'|at|@)\s*)?(?:(?:ore|h)\s*)?/;
/** 15, 15:30, 15.30, 15h, 15h30, 3pm, 3:30 pm, 15:00:00. */
const TIME_FORM = /^(\d{1,2})(?:(?:[:.]|h)(\d{2})?(?::(\d{2}))?)?\s*(am|pm|a\.m\.|p\.m\.)?$/;
/** A line that holds only a time: the date is missing. */
const TIME_ONLY = /^(?:(?:alle|all'|at|@)\s*)?(?:(?:ore|h)\s*)?\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm)?$/;
/** An instant with its offset, as a platform's picker or a copied timestamp gives it. */
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:z|[+-]\d{2}:?\d{2})$/;

function normalise(text: string): string {
  return (
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[,;]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      // A list pasted as it was written: `- 3/12 ore 15`, `• …`, `1) …`, `2. …`.
      .replace(/^(?:[-•*]|\d{1,2}[.)])\s+/, "")
  );
}

/** The hour and minute of the time part; undefined when unreadable, "bad" when it cannot exist. */
function readTime(rest: string): { hour: number; minute: number } | "none" | "bad" | undefined {
  const text = rest
    .trim()
    .replace(/^t(?=\d)/, "")
    .replace(TIME_MARK, "")
    .trim();
  if (text === "") return "none";
  const m = TIME_FORM.exec(text);
  if (m === null) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (m[3] !== undefined && Number(m[3]) > 59) return "bad";
  const half = m[4]?.replace(/\./g, "");
  if (half !== undefined) {
    if (hour < 1 || hour > 12) return "bad";
    hour = (hour % 12) + (half === "pm" ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return "bad";
  return { hour, minute };
}

const validDay = (year: number, month: number, day: number) =>
  month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The date part: the next such date when the year is left out (a 3/12 typed on 20 December is next year's). */
function resolveDate(
  typed: TypedDate,
  today: LocalDateTime,
): { year: number; month: number; day: number } | undefined {
  if ("inDays" in typed) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + typed.inDays));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  const { day, month: m } = typed;
  if (typed.year !== undefined)
    return validDay(typed.year, m, day) ? { year: typed.year, month: m, day } : undefined;
  const passed = m < today.month || (m === today.month && day < today.day);
  // 29/2 waits for the next leap year; 31/11 exists in none.
  for (let year = today.year + (passed ? 1 : 0), tries = 0; tries < 8; year += 1, tries += 1)
    if (validDay(year, m, day)) return { year, month: m, day };
  return undefined;
}

/**
 * Reads a date and time as people write it, in the équipe's zone: `3/12 ore 15`, `03/12 15:00`,
 * `mer 9/12 ore 10`, `4 dicembre 15:30`, `domani 9`, `alle 15.30`, `h 15`, `Dec 4 3:30pm`,
 * `tomorrow 9`, `2026-12-03 15:00`, `03/12/2026 15:00`, and an instant with its offset
 * (`2026-12-03T14:00:00Z`, what a picker hands over). Numeric dates are day first. The year, when
 * left out, is that of the next such date. Never consults the process TZ.
 */
export function readWhen(text: string, timeZone: string, now: Date): When {
  const s = normalise(text);
  if (s === "") return { ok: false, problem: { kind: "unreadable" } };
  if (ABSOLUTE.test(s)) {
    const instant = new Date(s.toUpperCase());
    if (Number.isNaN(instant.getTime())) return { ok: false, problem: { kind: "noSuchDate" } };
    return finish(instant, utcToZoned(instant, timeZone), now);
  }
  // A leading weekday is checked against the date; `mar 4 15:00` may also be March the 4th.
  const first = /^([a-z]+)\.?\s+(.*)$/.exec(s);
  const weekday = first ? WEEKDAYS[first[1]!] : undefined;
  if (first && weekday !== undefined) {
    const withDay = readDateTime(first[2]!, timeZone, now, weekday);
    if (withDay.ok || withDay.problem.kind !== "unreadable") return withDay;
  }
  return readDateTime(s, timeZone, now, undefined);
}

function readDateTime(s: string, timeZone: string, now: Date, weekday: number | undefined): When {
  const today = utcToZoned(now, timeZone);
  for (const [form, read] of DATE_FORMS) {
    const m = form.exec(s);
    const typed = m ? read(m) : undefined;
    if (m === null || typed === undefined) continue;
    const time = readTime(s.slice(m[0].length));
    if (time === undefined) return { ok: false, problem: { kind: "unreadable" } };
    const date = resolveDate(typed, today);
    if (date === undefined) return { ok: false, problem: { kind: "noSuchDate" } };
    if (weekday !== undefined) {
      const noon = new Date(Date.UTC(date.year, date.month - 1, date.day, 12));
      if (noon.getUTCDay() !== weekday)
        return {
          ok: false,
          problem: { kind: "weekday", date: noon, weekday: noon.getUTCDay(), typed: weekday },
        };
    }
    if (time === "none") return { ok: false, problem: { kind: "noTime" } };
    if (time === "bad") return { ok: false, problem: { kind: "noSuchTime" } };
    const local = { ...date, ...time };
    const instant = zonedToUtc(local, timeZone);
    if (instant === undefined) return { ok: false, problem: { kind: "nonexistent" } };
    return finish(instant, local, now);
  }
  return { ok: false, problem: { kind: TIME_ONLY.test(s) ? "noDate" : "unreadable" } };
}

function finish(instant: Date, local: LocalDateTime, now: Date): When {
  if (instant.getTime() <= now.getTime()) return { ok: false, problem: { kind: "past", instant } };
  return { ok: true, instant, local };
}

/** "9 dicembre 2026" for a day read by `readWhen` (its noon in UTC). */
export function formatDay(noonUtc: Date, locale: Locale): string {
  return formatter(LANGUAGE_TAG[locale], {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(noonUtc);
}

/** "mercoledì" for 3 (0 = Sunday). */
export function weekdayName(weekday: number, locale: Locale): string {
  // 2026-11-29 was a Sunday.
  return formatter(LANGUAGE_TAG[locale], { timeZone: "UTC", weekday: "long" }).format(
    new Date(Date.UTC(2026, 10, 29 + weekday, 12)),
  );
}

/** "mercoledì 9 dicembre 2026": a day written out in full. */
function longDay(instant: Date, timeZone: string, locale: Locale): string {
  return formatter(LANGUAGE_TAG[locale], {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(instant);
}

/** "mercoledì 9 dicembre 2026, 10:00–11:00": a time written out in full, to check it was understood. */
export function formatLongRange(start: Date, minutes: number, timeZone: string, locale: Locale): string {
  const end = new Date(start.getTime() + minutes * 60_000);
  return `${longDay(start, timeZone, locale)}, ${formatTime(start, timeZone, locale)}–${formatTime(end, timeZone, locale)}`;
}

/** "mercoledì 9 dicembre 2026, 10:00": an instant written out in full. */
export function formatLongDateTime(instant: Date, timeZone: string, locale: Locale): string {
  return `${longDay(instant, timeZone, locale)}, ${formatTime(instant, timeZone, locale)}`;
}
