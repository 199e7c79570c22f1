import type { Answer } from "../domain/meeting.ts";
import { ANSWERS } from "../domain/meeting.ts";
import type { Block, MessageModel } from "../domain/message.ts";
import { formatDateTime, formatRange } from "../domain/time.ts";
import { type Locale, type MessageKey, t } from "../i18n/catalogue.ts";
import type { AvailabilityRecord, EquipeRecord, MeetingRecord, MemberRecord } from "../ports/store.ts";

export const POLL_ACTION_PREFIX = "poll:";

export function purposeName(locale: Locale, meeting: Pick<MeetingRecord, "purpose">): string {
  return t(locale, `purpose.${meeting.purpose}` as MessageKey);
}

export function slotWhen(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  startsAt: Date,
): string {
  return formatRange(startsAt, meeting.durationMinutes, equipe.timezone, locale);
}

/** Keys under which a poll's messages are updated in place. */
export const pollKey = (meeting: MeetingRecord, member: MemberRecord) => `poll:${meeting.id}:${member.id}`;
export const channelKey = (meeting: MeetingRecord, channelId: string) =>
  `poll:${meeting.id}:channel:${channelId}`;

/** Members who have answered every slot. */
export function answeredMembers(meeting: MeetingRecord, answers: readonly AvailabilityRecord[]): Set<string> {
  const perMember = new Map<string, number>();
  for (const answer of answers) perMember.set(answer.memberId, (perMember.get(answer.memberId) ?? 0) + 1);
  return new Set([...perMember].filter(([, count]) => count >= meeting.slots.length).map(([id]) => id));
}

/** One member's private poll: a row per slot with Sì / Se necessario / No, their choice marked. */
export function pollMessage(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  mine: ReadonlyMap<string, Answer>,
  open: boolean,
): MessageModel {
  const header = t(locale, "poll.header", {
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
    minutes: meeting.durationMinutes,
    deadline: formatDateTime(meeting.deadline, equipe.timezone, locale),
  });
  const blocks: Block[] = [{ type: "text", text: header }];
  if (meeting.location)
    blocks.push({ type: "context", text: t(locale, "poll.place", { location: meeting.location }) });
  for (const slot of meeting.slots) {
    const chosen = mine.get(slot.id);
    const line = t(locale, "poll.slot", {
      n: slot.position,
      when: slotWhen(locale, equipe, meeting, slot.startsAt),
    });
    blocks.push({ type: "text", text: chosen ? `${line} — ${t(locale, `answer.${chosen}`)}` : line });
    if (open) {
      blocks.push({
        type: "actions",
        buttons: ANSWERS.map((answer) => ({
          actionId: `${POLL_ACTION_PREFIX}${answer}`,
          value: `${meeting.id}:${slot.id}`,
          label: t(locale, `answer.${answer}`),
          style: chosen === answer ? "primary" : "default",
          selected: chosen === answer,
        })),
      });
    }
  }
  blocks.push({ type: "context", text: t(locale, open ? "poll.changeNote" : "poll.closedNote") });
  return { text: header, blocks, attachments: [] };
}

/** The channel's live count: how many answered, never who said what. */
export function channelCountText(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  answered: number,
  total: number,
): string {
  return t(locale, "poll.channel", {
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
    answered,
    total,
    deadline: formatDateTime(meeting.deadline, equipe.timezone, locale),
  });
}
