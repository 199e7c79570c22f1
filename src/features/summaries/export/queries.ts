import { type DocBlock, markdownDocument } from "../../../content/markdown.ts";
import { joined, type Rich, text } from "../../../content/model.ts";
import { plainName } from "../../../core/people.ts";
import type { EquipeRecord, MemberRecord } from "../../../domain/equipe.ts";
import {
  type Audience,
  type SectionKey,
  type SummaryVersionRecord,
  sectionKeysOf,
} from "../../../domain/summary.ts";
import { formatDay, formatLongDateTime, utcToZoned } from "../../../domain/time.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { MinutesFacts } from "../messages.ts";

/**
 * A circulated version of the case summary as a document for the case file: every section (all
 * of them, whoever reads each: the file is the coordinators'), who reads it, the note, the date,
 * the case code. Pure: built from the version alone, so that the Markdown file, the printable page
 * and a whole case's export later all say the same thing.
 */
export interface ExportContext {
  equipe: EquipeRecord;
  locale: Locale;
  /** Who circulated the version, where they are still known. */
  circulatedBy: MemberRecord | undefined;
  /** When the export is made (the document says so at its end). */
  now: Date;
  /**
   * Minutes: when the meeting began, who attended and the decisions taken there (as the
   * coordinator who exports them sees them: every one).
   */
  minutes?: { meetingAt: Date | undefined; facts: MinutesFacts };
}

/** A section's title in the reader's language. */
export const sectionTitle = (locale: Locale, key: SectionKey): Rich => t(locale, `section.${key}`);

/** Who reads a section, in words: everyone (the family included), or the roles by name. */
export function audienceText(locale: Locale, audience: Audience): Rich {
  if (audience.kind === "everyone") return t(locale, "audience.everyone");
  if (audience.roles.length === 0) return t(locale, "audience.coordinators");
  return t(locale, "audience.roles", {
    roles: joined(audience.roles.map((role) => t(locale, `role.${role}`))),
  });
}

/** A day the coordinator chose (acknowledge by), in the équipe's zone: "20 dicembre 2026". */
export function dayText(instant: Date, timeZone: string, locale: Locale): string {
  const day = utcToZoned(instant, timeZone);
  return formatDay(new Date(Date.UTC(day.year, day.month - 1, day.day, 12)), locale);
}

/** A person's text as paragraphs: a blank line parts them; single line breaks stay in their paragraph. */
export function paragraphsOf(value: string): string[] {
  return value
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((part) => part.replace(/^\n+|\s+$/g, ""))
    .filter((part) => part.trim() !== "");
}

/** A meeting's day in the équipe's zone, in words: "30 novembre 2026" ("" when not known). */
export function meetingDay(at: Date | undefined, timeZone: string, locale: Locale): string {
  return at === undefined ? "" : dayText(at, timeZone, locale);
}

/** Minutes beside their text: who attended (name and role), then each decision taken with its outcome. */
function minutesBlocks(locale: Locale, facts: MinutesFacts): DocBlock[] {
  const blocks: DocBlock[] = [{ type: "heading", level: 2, content: t(locale, "minutesExport.attendees") }];
  if (facts.attendees.length === 0)
    blocks.push({ type: "paragraph", content: t(locale, "minutesExport.noAttendees") });
  else
    blocks.push({
      type: "list",
      items: facts.attendees.map((member) => [text(plainName(locale, member))]),
    });
  blocks.push({ type: "heading", level: 2, content: t(locale, "minutesExport.decisions") });
  if (facts.decisions.length === 0)
    blocks.push({ type: "paragraph", content: t(locale, "minutesExport.noDecisions") });
  else
    blocks.push({
      type: "list",
      items: facts.decisions.map((decision) =>
        decision.outcome === undefined
          ? t(locale, "minutes.decisionOpen", { question: decision.question })
          : t(locale, "minutes.decisionLine", { question: decision.question, outcome: decision.outcome }),
      ),
    });
  return blocks;
}

/**
 * The version as a document: title, circulation, note, then (minutes) who attended and the
 * decisions taken, then each section with who reads it.
 */
export function summaryDocument(version: SummaryVersionRecord, ctx: ExportContext): DocBlock[] {
  const { equipe, locale } = ctx;
  const when = (instant: Date) => formatLongDateTime(instant, equipe.timezone, locale);
  const isMinutes = version.document.kind === "minutes";
  const doc: DocBlock[] = [
    {
      type: "heading",
      level: 1,
      content: isMinutes
        ? t(locale, "minutesExport.title", {
            date: meetingDay(ctx.minutes?.meetingAt, equipe.timezone, locale),
            caseCode: equipe.caseCode,
            number: version.number,
          })
        : t(locale, "summaryExport.title", { caseCode: equipe.caseCode, number: version.number }),
    },
    {
      type: "paragraph",
      content: t(locale, "summaryExport.circulated", {
        date: when(version.circulatedAt),
        who: plainName(locale, ctx.circulatedBy),
      }),
    },
  ];
  if (version.acknowledgeBy !== undefined)
    doc.push({
      type: "paragraph",
      content: t(locale, "summaryExport.acknowledgeBy", {
        date: dayText(version.acknowledgeBy, equipe.timezone, locale),
      }),
    });
  if (version.note.trim() !== "")
    doc.push({ type: "paragraph", content: t(locale, "summaryExport.note", { note: version.note.trim() }) });
  if (version.changed.length > 0)
    doc.push({
      type: "paragraph",
      content: t(locale, "summaryExport.changed", {
        sections: joined(version.changed.map((key) => sectionTitle(locale, key))),
      }),
    });
  if (isMinutes) doc.push(...minutesBlocks(locale, ctx.minutes?.facts ?? { attendees: [], decisions: [] }));
  for (const key of sectionKeysOf(version.document)) {
    const section = version.sections[key];
    doc.push({ type: "heading", level: 2, content: sectionTitle(locale, key) });
    doc.push({
      type: "paragraph",
      content: t(locale, "summaryExport.readers", { audience: audienceText(locale, section.audience) }),
    });
    const paragraphs = paragraphsOf(section.text);
    if (paragraphs.length === 0)
      doc.push({ type: "paragraph", content: t(locale, "summaryExport.notWritten") });
    for (const paragraph of paragraphs) doc.push({ type: "paragraph", content: [text(paragraph)] });
  }
  doc.push({ type: "paragraph", content: t(locale, "summaryExport.produced", { date: when(ctx.now) }) });
  return doc;
}

/** The version as CommonMark: people's text reads as typed (nothing in it becomes markup). */
export function summaryMarkdown(version: SummaryVersionRecord, ctx: ExportContext): string {
  return `${markdownDocument(summaryDocument(version, ctx))}\n`;
}

/**
 * The file's name: the case code and the version (both made of safe characters); minutes also
 * carry the meeting's day (`verbale-FAM-2026-014-2026-11-30-v1.md`).
 */
export function summaryFileName(
  version: SummaryVersionRecord,
  equipe: EquipeRecord,
  extension: string,
  meetingAt?: Date,
): string {
  const code = equipe.caseCode.replace(/[^A-Za-z0-9-]/g, "-");
  if (version.document.kind === "minutes") {
    const day = meetingAt ? utcToZoned(meetingAt, equipe.timezone) : undefined;
    const date = day
      ? `-${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`
      : "";
    return `verbale-${code}${date}-v${version.number}.${extension}`;
  }
  return `sintesi-${code}-v${version.number}.${extension}`;
}
