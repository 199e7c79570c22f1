import type { Rich } from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import type { Purpose } from "../../domain/meeting.ts";
import { formatRange } from "../../domain/time.ts";
import { t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { CalendarEvent } from "../../ports/calendar.ts";
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

/** The words every notice about a confirmed meeting uses. */
export function meetingWords(locale: Locale, equipe: EquipeRecord, meeting: MeetingRecord) {
  return {
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
    when: slotWhen(locale, equipe, meeting, meeting.startsAt ?? new Date(0)),
    place: meeting.location ? t(locale, "place", { location: meeting.location }) : "",
  };
}

/** One meeting as a calendar event: the case code and purpose only, never case details. */
export function calendarEvent(locale: Locale, equipe: EquipeRecord, meeting: MeetingRecord): CalendarEvent {
  return {
    uid: meeting.icalUid,
    sequence: meeting.sequence,
    start: meeting.startsAt ?? new Date(0),
    durationMinutes: meeting.durationMinutes,
    timezone: equipe.timezone,
    summary: `${equipe.caseCode} — ${plainText(purposeName(locale, meeting))}`,
    location: meeting.location,
    status: meeting.status === "cancelled" ? "cancelled" : "confirmed",
  };
}
