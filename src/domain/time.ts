import type { Locale } from "../i18n/catalogue.ts";

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
