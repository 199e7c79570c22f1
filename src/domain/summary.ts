import { z } from "zod";
import { DomainError } from "./errors.ts";
import type { Brand, DecisionId, EquipeId, MeetingId, MemberId } from "./ids.ts";
import { PROFESSIONAL_ROLES, type Role, roleSchema } from "./roles.ts";
import { zonedToUtc } from "./time.ts";

export type SummaryVersionId = Brand<string, "SummaryVersionId">;
export type SummaryCommentId = Brand<string, "SummaryCommentId">;

/**
 * The sections of a case summary, in the order of the P.I.P.P.I. assessment: the three sides of
 * Il Mondo del Bambino (the child's needs, the parents' responses to them, family and
 * environment), then the current situation, the micro-planning's goals and actions, and the
 * agreements.
 */
export const SECTION_KEYS = [
  "needs",
  "responses",
  "environment",
  "situation",
  "goals",
  "agreements",
] as const;
/**
 * The sections of a meeting's minutes (verbale dell'incontro): what was said, and the next steps.
 * Who attended and the decisions taken there are kept beside them, not as text.
 */
export const MINUTES_SECTION_KEYS = ["discussion", "next"] as const;
export const ALL_SECTION_KEYS = [...SECTION_KEYS, ...MINUTES_SECTION_KEYS] as const;
export const sectionKeySchema = z.enum(ALL_SECTION_KEYS);
export type SectionKey = z.infer<typeof sectionKeySchema>;

/**
 * A document the équipe circulates, reads and acknowledges: the case summary (one per équipe),
 * or the minutes of one meeting. Stored as `summary` or `minutes:<meeting id>`.
 */
export type DocumentRef = { kind: "summary" } | { kind: "minutes"; meetingId: MeetingId };
export const SUMMARY: DocumentRef = { kind: "summary" };
export const documentKey = (doc: DocumentRef): string =>
  doc.kind === "summary" ? "summary" : `minutes:${doc.meetingId}`;
export function documentOf(key: string): DocumentRef | undefined {
  if (key === "summary") return SUMMARY;
  const match = /^minutes:([A-Za-z0-9-]{1,64})$/.exec(key);
  return match ? { kind: "minutes", meetingId: match[1] as MeetingId } : undefined;
}

/** The sections a kind of document has, in order. */
export const sectionKeysOf = (doc: DocumentRef): readonly SectionKey[] =>
  doc.kind === "summary" ? SECTION_KEYS : MINUTES_SECTION_KEYS;

/** Who may read a section: everyone in the équipe (the family included), or these roles. */
export type Audience = { kind: "everyone" } | { kind: "roles"; roles: Role[] };

export const audienceSchema: z.ZodType<Audience> = z.union([
  z.object({ kind: z.literal("everyone") }),
  z.object({ kind: z.literal("roles"), roles: z.array(roleSchema).max(20) }),
]);

const professionals = (...except: Role[]): Audience => ({
  kind: "roles",
  roles: [...PROFESSIONAL_ROLES].filter((role) => !except.includes(role)),
});

/**
 * Who reads each section unless the coordinator says otherwise. The child's needs: every
 * professional (the school sees the child every day). The parents' responses, and family and
 * environment: the professionals who work with the parents (social worker, educator,
 * psychologist, health worker, coach), not the school. The situation, the goals and actions, and
 * the agreements: everyone, the family first — they are the family's own plan.
 */
export const DEFAULT_AUDIENCE: Record<SectionKey, Audience> = {
  needs: professionals(),
  responses: professionals("teacher"),
  environment: professionals("teacher"),
  situation: { kind: "everyone" },
  goals: { kind: "everyone" },
  agreements: { kind: "everyone" },
  // The minutes are read by everyone, the family first: they were in the room.
  discussion: { kind: "everyone" },
  next: { kind: "everyone" },
};

/** The longest section, note and comment a summary takes. */
export const MAX_SECTION_LENGTH = 20_000;
export const MAX_NOTE_LENGTH = 500;
export const MAX_COMMENT_LENGTH = 2_000;

export interface SummarySection {
  key: SectionKey;
  text: string;
  audience: Audience;
}

/** A draft or a version: every section, in order (an empty text is a section not written yet). */
export type SummarySections = Record<SectionKey, SummarySection>;

/** A fresh draft: every section empty, with its default readers. */
export function emptySections(): SummarySections {
  const out = {} as SummarySections;
  for (const key of ALL_SECTION_KEYS) out[key] = { key, text: "", audience: DEFAULT_AUDIENCE[key] };
  return out;
}

/** Whether this reader may read a section. Coordinators write the summary: they read all of it. */
export function mayRead(audience: Audience, reader: { role: Role; isCoordinator: boolean }): boolean {
  if (reader.isCoordinator) return true;
  return audience.kind === "everyone" || audience.roles.includes(reader.role);
}

/** The sections this reader may read that have something in them, in order. */
export function readableSections(
  sections: SummarySections,
  reader: { role: Role; isCoordinator: boolean },
): SummarySection[] {
  return ALL_SECTION_KEYS.map((key) => sections[key]).filter(
    (section) => section.text.trim() !== "" && mayRead(section.audience, reader),
  );
}

const sameAudience = (a: Audience, b: Audience): boolean =>
  a.kind === b.kind &&
  (a.kind === "everyone" ||
    (b.kind === "roles" && [...a.roles].sort().join(",") === [...b.roles].sort().join(",")));

/** The sections whose text or readers differ between two versions (all written ones for a first). */
export function changedSections(before: SummarySections | undefined, after: SummarySections): SectionKey[] {
  return ALL_SECTION_KEYS.filter((key) => {
    const next = after[key];
    const previous = before?.[key];
    if (previous === undefined) return next.text.trim() !== "";
    return (
      normalise(previous.text) !== normalise(next.text) || !sameAudience(previous.audience, next.audience)
    );
  });
}

/** Line ends and trailing spaces do not make a change. */
export const normalise = (text: string): string =>
  text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();

/**
 * The sections a reader has to acknowledge in `current`, given the version they last
 * acknowledged (none: every section they may read). A section is theirs to acknowledge when they
 * may read it now, it has text, and they did not acknowledge that same text: it changed since, or
 * they could not read it then. An empty list: nothing new for them.
 */
export function toAcknowledge(
  current: SummarySections,
  acknowledged: SummarySections | undefined,
  reader: { role: Role; isCoordinator: boolean },
): SectionKey[] {
  return readableSections(current, reader)
    .filter((section) => {
      const then = acknowledged?.[section.key];
      if (then === undefined || !mayRead(then.audience, reader) || then.text.trim() === "") return true;
      return normalise(then.text) !== normalise(section.text);
    })
    .map((section) => section.key);
}

/** One piece of a readable difference: kept, taken out, or put in. */
export interface DiffPart {
  kind: "same" | "removed" | "added";
  text: string;
}

/**
 * Splits a text into the units a reader compares: paragraphs, then sentences (a sentence ends
 * with . ! ? or … followed by a space). Whole sentences read better than words for case prose.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of normalise(text).split(/\n\s*\n|\n/)) {
    const trimmed = paragraph.trim();
    if (trimmed === "") continue;
    const parts = trimmed.split(/(?<=[.!?…])\s+/);
    for (const part of parts) if (part.trim() !== "") out.push(part.trim());
  }
  return out;
}

/** The longest units one side may have for an exact comparison; beyond it, whole-text replacement. */
const DIFF_MAX_UNITS = 2_000;

/**
 * A readable difference between two texts, sentence by sentence (longest common subsequence):
 * what was taken out and what was put in, with the unchanged sentences between.
 */
export function diffText(before: string, after: string): DiffPart[] {
  const a = sentences(before);
  const b = sentences(after);
  if (a.length * b.length > (DIFF_MAX_UNITS * DIFF_MAX_UNITS) / 4)
    return [
      ...a.map((text): DiffPart => ({ kind: "removed", text })),
      ...b.map((text): DiffPart => ({ kind: "added", text })),
    ];
  // lcs[i][j]: the longest common run of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      parts.push({ kind: "same", text: a[i]! });
      i += 1;
      j += 1;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      parts.push({ kind: "removed", text: a[i]! });
      i += 1;
    } else {
      parts.push({ kind: "added", text: b[j]! });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) parts.push({ kind: "removed", text: a[i]! });
  for (; j < b.length; j += 1) parts.push({ kind: "added", text: b[j]! });
  return parts;
}

/** What a reader asks about one section: to add something, or that something is not right. */
export const COMMENT_KINDS = ["add", "correct"] as const;
export const commentKindSchema = z.enum(COMMENT_KINDS);
export type CommentKind = z.infer<typeof commentKindSchema>;

/** A circulated version as the service reads it. */
export interface SummaryVersionRecord {
  id: SummaryVersionId;
  equipeId: EquipeId;
  /** The summary, or a meeting's minutes. */
  document: DocumentRef;
  /** Minutes: who attended the meeting, and the decisions taken there (ids). */
  attendees: MemberId[];
  decisionIds: DecisionId[];
  number: number;
  note: string;
  /** The sections that changed from the version before (every written one for the first). */
  changed: SectionKey[];
  sections: SummarySections;
  circulatedAt: Date;
  circulatedBy: MemberId;
  /** The day by which readers are asked to acknowledge it, where the coordinator set one. */
  acknowledgeBy: Date | undefined;
}

export interface SummaryCommentRecord {
  id: SummaryCommentId;
  equipeId: EquipeId;
  versionId: SummaryVersionId;
  section: SectionKey;
  memberId: MemberId;
  kind: CommentKind;
  text: string;
  at: Date;
  /** The coordinator's answer, once given; `included`: it goes into the next version. */
  answer: { text: string; included: boolean; by: MemberId; at: Date } | undefined;
}

/** What a coordinator does with the editor's content: keep it as a draft, or circulate it. */
export const EDIT_INTENTS = ["save", "circulate"] as const;
export type EditIntent = (typeof EDIT_INTENTS)[number];

/** The editor's fields, as submitted: every value a string. */
export type SummaryFormValues = Record<`text_${SectionKey}` | `audience_${SectionKey}`, string> & {
  note: string;
  acknowledgeBy: string;
  intent: string;
  /** Minutes: who attended and the decisions taken, as ids separated by commas. */
  attendees: string;
  decisions: string;
};

export type SummaryFormErrors = Partial<Record<keyof SummaryFormValues, DomainError>>;

/** The hour of the acknowledge-by day at which the reminder goes, in the équipe's zone. */
const REMIND_AT_HOUR = 9;

/**
 * Reads the acknowledge-by day (`2026-12-20` from a date picker, or `20/12/2026` typed): 09:00 of
 * that day in the équipe's zone, after `now`; "" is none.
 */
export function readAcknowledgeBy(
  textIn: string,
  timeZone: string,
  now: Date,
): { ok: true; at: Date | undefined } | { ok: false; error: DomainError } {
  const value = textIn.trim();
  if (value === "") return { ok: true, at: undefined };
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const typed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const parts = iso
    ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
    : typed
      ? { year: Number(typed[3]), month: Number(typed[2]), day: Number(typed[1]) }
      : undefined;
  if (parts === undefined) return { ok: false, error: new DomainError("summary.dateUnreadable") };
  const noon = new Date(Date.UTC(parts.year, parts.month - 1, parts.day, 12));
  if (
    noon.getUTCFullYear() !== parts.year ||
    noon.getUTCMonth() !== parts.month - 1 ||
    noon.getUTCDate() !== parts.day
  )
    return { ok: false, error: new DomainError("summary.dateUnreadable") };
  const at = zonedToUtc({ ...parts, hour: REMIND_AT_HOUR, minute: 0 }, timeZone);
  if (at === undefined) return { ok: false, error: new DomainError("summary.dateUnreadable") };
  if (at.getTime() <= now.getTime()) return { ok: false, error: new DomainError("summary.datePast") };
  return { ok: true, at };
}

/** Reads who may read a section: "everyone", or roles separated by commas. */
export function readAudience(value: string): Audience | DomainError {
  const words = value
    .split(",")
    .map((word) => word.trim())
    .filter((word) => word !== "");
  if (words.length === 0) return new DomainError("summary.audienceEmpty");
  if (words.includes("everyone")) return { kind: "everyone" };
  const roles: Role[] = [];
  for (const word of words) {
    const role = roleSchema.safeParse(word);
    if (!role.success) return new DomainError("summary.audienceUnknown");
    if (!roles.includes(role.data)) roles.push(role.data);
  }
  return { kind: "roles", roles };
}

/** The editor's content, read and checked: every error at its field. */
export function parseSummaryForm(
  values: SummaryFormValues,
  timeZone: string,
  now: Date,
  doc: DocumentRef = SUMMARY,
  known: { members: ReadonlySet<string>; decisions: ReadonlySet<string> } = {
    members: new Set(),
    decisions: new Set(),
  },
):
  | {
      ok: true;
      sections: SummarySections;
      note: string;
      acknowledgeBy: Date | undefined;
      intent: EditIntent;
      attendees: MemberId[];
      decisionIds: DecisionId[];
    }
  | { ok: false; errors: SummaryFormErrors } {
  const errors: SummaryFormErrors = {};
  const sections = emptySections();
  const keys = sectionKeysOf(doc);
  const ids = (value: string) =>
    value
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
  const attendees = doc.kind === "minutes" ? ids(values.attendees) : [];
  const decisionIds = doc.kind === "minutes" ? ids(values.decisions) : [];
  if (attendees.some((id) => !known.members.has(id)))
    errors.attendees = new DomainError("minutes.unknownMember");
  if (decisionIds.some((id) => !known.decisions.has(id)))
    errors.decisions = new DomainError("minutes.unknownDecision");
  for (const key of keys) {
    const body = normalise(values[`text_${key}`]);
    if (body.length > MAX_SECTION_LENGTH)
      errors[`text_${key}`] = new DomainError("summary.sectionTooLong", { max: MAX_SECTION_LENGTH });
    const audience = readAudience(values[`audience_${key}`]);
    if (audience instanceof DomainError) errors[`audience_${key}`] = audience;
    sections[key] = {
      key,
      text: body,
      audience: audience instanceof DomainError ? DEFAULT_AUDIENCE[key] : audience,
    };
  }
  const note = values.note.trim();
  if (note.length > MAX_NOTE_LENGTH)
    errors.note = new DomainError("summary.noteTooLong", { max: MAX_NOTE_LENGTH });
  const intent: EditIntent = values.intent === "circulate" ? "circulate" : "save";
  const by = readAcknowledgeBy(values.acknowledgeBy, timeZone, now);
  if (!by.ok) errors.acknowledgeBy = by.error;
  if (intent === "circulate") {
    if (note === "" && errors.note === undefined) errors.note = new DomainError("summary.noteNeeded");
    const first = keys[0] ?? "needs";
    if (keys.every((key) => sections[key].text === "") && errors[`text_${first}`] === undefined)
      errors[`text_${first}`] = new DomainError(doc.kind === "summary" ? "summary.empty" : "minutes.empty");
    if (doc.kind === "minutes" && attendees.length === 0 && errors.attendees === undefined)
      errors.attendees = new DomainError("minutes.noAttendees");
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    sections,
    note,
    acknowledgeBy: by.ok ? by.at : undefined,
    intent,
    attendees: [...new Set(attendees)] as MemberId[],
    decisionIds: [...new Set(decisionIds)] as DecisionId[],
  };
}
