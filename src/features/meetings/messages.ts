import { type Inline, type Rich, text } from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import { mentionOf } from "../../core/people.ts";
import type { Purpose } from "../../domain/meeting.ts";
import { PROFESSIONAL_ROLES } from "../../domain/roles.ts";
import { formatRange } from "../../domain/time.ts";
import { t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { CalendarEvent } from "../../ports/calendar.ts";
import type { Repositories } from "../../ports/store.ts";
import type { EquipeRecord, MemberRecord } from "../equipe/repository.ts";
import type { MeetingRecord } from "./repository.ts";

/** Keys under which a poll's live messages are updated in place. */
export const messageKeys = {
  poll: (meeting: MeetingRecord, member: MemberRecord) => `poll:${meeting.id}:${member.id}`,
  channel: (meeting: MeetingRecord, conversationId: string) => `poll:${meeting.id}:channel:${conversationId}`,
  /** A coordinator's ranked list with its confirm buttons, sent at the deadline. */
  ranked: (meeting: MeetingRecord, coordinator: MemberRecord) =>
    `poll:${meeting.id}:ranked:${coordinator.id}`,
};

export function purposeName(locale: Locale, meeting: { purpose: Purpose }): Rich {
  return t(locale, `purpose.${meeting.purpose}`);
}

/** A time of the meeting, as a range in the équipe's zone. */
export function slotWhen(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  startsAt: Date,
): string {
  return formatRange(startsAt, meeting.durationMinutes, equipe.timezone, locale);
}

/** Whether this reader is told of meetings in the équipe's own words (case code, purpose). */
export const readsCaseCode = (member: Pick<MemberRecord, "role"> | undefined): boolean =>
  member === undefined || PROFESSIONAL_ROLES.has(member.role);

/** The words every notice about a confirmed meeting uses. */
export function meetingWords(locale: Locale, equipe: EquipeRecord, meeting: MeetingRecord) {
  return {
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
    when: slotWhen(locale, equipe, meeting, meeting.startsAt ?? new Date(0)),
    place: meeting.location ? t(locale, "place", { location: meeting.location }) : "",
  };
}

/**
 * Who people can turn to about a meeting: the coordinator who confirmed it (the trail says who),
 * else the one who convened it.
 */
export async function meetingContact(
  repos: Repositories,
  equipe: EquipeRecord,
  meeting: Pick<MeetingRecord, "id" | "createdByMemberId">,
  members?: readonly MemberRecord[],
): Promise<MemberRecord | undefined> {
  const trail = await repos.audit.forSubject(equipe.id, meeting.id);
  const confirmedBy = trail.filter((e) => e.action === "meeting.confirmed" && e.actorId).at(-1)?.actorId;
  return contactAmong(members ?? (await repos.members.listAll(equipe.id)), meeting, confirmedBy);
}

/** The contact among the équipe's members: who confirmed the meeting, else who convened it. */
export function contactAmong(
  members: readonly MemberRecord[],
  meeting: Pick<MeetingRecord, "createdByMemberId">,
  confirmedBy: string | undefined,
): MemberRecord | undefined {
  return members.find((m) => m.id === confirmedBy) ?? members.find((m) => m.id === meeting.createdByMemberId);
}

/** The contact person as content: their name, and their e-mail where it is known. */
export function contactOf(locale: Locale, contact: MemberRecord | undefined): Rich {
  if (contact === undefined) return t(locale, "contact.coordinator");
  const name: Inline = mentionOf(locale, contact);
  return contact.email ? [name, text(` (${contact.email})`)] : [name];
}

/** "The équipe of <coordinator>", as a parent reads who is meeting them. */
export function equipeOf(locale: Locale, contact: MemberRecord | undefined): Rich {
  if (contact?.name === undefined) return t(locale, "contact.equipe");
  return t(locale, "contact.equipeOf", { name: contact.name });
}

/**
 * One meeting as a calendar event: the case code and purpose only, never case details; for a
 * reader outside the professions, the équipe named after its coordinator instead of a code.
 */
/** What an event is made of. */
type EventMeeting = Pick<
  MeetingRecord,
  "icalUid" | "sequence" | "startsAt" | "durationMinutes" | "location" | "status" | "purpose"
>;

export function calendarEvent(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: EventMeeting,
  plain?: { contact: MemberRecord | undefined },
  /** The summary already worded for this équipe and purpose (a feed words each once). */
  worded?: string,
): CalendarEvent {
  return {
    uid: meeting.icalUid,
    sequence: meeting.sequence,
    start: meeting.startsAt ?? new Date(0),
    durationMinutes: meeting.durationMinutes,
    timezone: equipe.timezone,
    summary:
      worded ??
      (plain
        ? plainText(t(locale, "event.plainSummary", { equipe: equipeOf(locale, plain.contact) }))
        : `${equipe.caseCode} — ${plainText(purposeName(locale, meeting))}`),
    location: meeting.location,
    status: meeting.status === "cancelled" ? "cancelled" : "confirmed",
  };
}

/**
 * A meeting as a partner organisation's calendar shows it: the case's pseudonymous code and the
 * time, nothing else (not the purpose, not the place, which may be the family's home).
 */
export function organisationEvent(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: EventMeeting,
  /** The summary already worded for this équipe (a feed words each once). */
  worded?: string,
): CalendarEvent {
  const summary = worded ?? plainText(t(locale, "event.organisationSummary", { caseCode: equipe.caseCode }));
  return { ...calendarEvent(locale, equipe, meeting, undefined, summary), location: undefined };
}
